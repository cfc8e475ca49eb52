"""Summarizing Form Data (`forms/summary.json`): counts over the form submissions that the
engine's scope, filters and date window select, grouped and counted in SQL."""
from __future__ import annotations

from datetime import timedelta

from emulator.domain.form_submissions import (
    LEAD_STATUS,
    RECORD_TYPE,
    FormSubmissionSchema,
)
from emulator.domain import tags as tag_rules
from emulator.engine import dates, params
from emulator.engine.collection import scoped_query
from emulator.engine.resource import Filter, Resource
from emulator.errors import bad_request

GROUPS = {
    "source": "form_submissions.source",
    "keywords": "form_submissions.keywords",
    "campaign": "form_submissions.campaign",
    "referrer": "form_submissions.referrer",
    "landing_page": "form_submissions.landing_page_url",
    "form_name": "form_submissions.form_name",
    "company": "(SELECT name FROM companies WHERE companies.id = form_submissions.company_id)",
}
COUNTS = {
    "total_forms": "COUNT(*)",
    "first_forms": "COALESCE(SUM(form_submissions.first_form), 0)",
    # "marked as 'leads'": scored good leads (docs/BEHAVIOUR.md).
    "leads": "COALESCE(SUM(form_submissions.lead_status = 'good_lead'), 0)",
}


def _custom_forms(scope, values):
    marks = ",".join("?" * len(values))
    return f"form_submissions.custom_form_id IN ({marks})", list(values)


SUMMARY = Resource(
    name="form_summary", table="form_submissions", schema=FormSubmissionSchema,
    filters={
        "tags": Filter(many=True, split_commas=True, sql=tag_rules.filter_sql(RECORD_TYPE, "form_submissions.id")),
        "custom_form_ids": Filter(many=True, split_commas=True, sql=_custom_forms),
        "form_URL": Filter(sql=lambda scope, values: ("form_submissions.form_url = ?", values[:1])),
        "lead_status": LEAD_STATUS,
    },
    date_column="submitted_at",
    company_column="company_id",
)


def summary(scope, args) -> dict:
    group_by = params.choice(args, "group_by", GROUPS)
    if group_by == "company" and params.text(args, "company_id"):
        # "company is only available for the Agency-level endpoint": not for one company.
        raise bad_request("group_by", "group_by=company is only available without company_id")
    wanted = params.many(args, "fields", split_commas=True) or ["total_forms"]
    unknown = [f for f in wanted if f not in COUNTS]
    if unknown:
        raise bad_request("fields", f"fields must be a comma-separated list of: {', '.join(COUNTS)}")
    # As the call summary: total_forms always, the counts in the doc's order (docs/BEHAVIOUR.md).
    wanted = [f for f in COUNTS if f == "total_forms" or f in wanted]
    query = scoped_query(scope, SUMMARY, args)
    counts = ", ".join(f"{COUNTS[f]} AS {f}" for f in wanted)
    total = scope.conn.execute(f"SELECT {counts} FROM form_submissions WHERE {query.sql()}",
                               query.params).fetchone()
    zone = scope.zone(args)
    start, end = dates.window(args, zone, scope.now)
    result = {"start_date": start.astimezone(zone).strftime("%Y-%m-%dT%H:%M:%S%z"),
              "end_date": (end - timedelta(seconds=1)).astimezone(zone).strftime("%Y-%m-%dT%H:%M:%S%z"),
              "time_zone": zone.key,
              "total_results": {f: total[f] for f in wanted},
              "grouped_by": group_by}
    if group_by:
        key = GROUPS[group_by]
        rows = scope.conn.execute(
            f"SELECT {key} AS key, {counts} FROM form_submissions WHERE {query.sql()} "
            f"GROUP BY 1 ORDER BY COUNT(*) DESC, 1 ASC", query.params).fetchall()
        result["grouped_results"] = [{"key": r["key"], **{f: r[f] for f in wanted}} for r in rows]
    else:
        result["grouped_results"] = []
    return result
