"""Form submissions ("Form Submissions"): leads captured from web forms, their custom forms and
lead scoring. Storage, the listing and rendering live here; creating and ignoring fields in
form_capture, updating in form_updates, what the form data says in form_data."""
from __future__ import annotations

import json

from marshmallow import Schema, fields

from emulator.db import schema
from emulator.domain import people, phones
from emulator.domain import tags as tag_rules
from emulator.domain.form_data import customer_from, display_name
from emulator.engine.collection import fetch
from emulator.engine.resource import Filter, Flag, Resource, Sort, optional

schema("""
CREATE TABLE IF NOT EXISTS custom_forms (
    id TEXT PRIMARY KEY,                      -- FOR + 32 hex ("custom_form_ids")
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    form_url TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS custom_forms_company_url ON custom_forms(company_id, form_url);
CREATE TABLE IF NOT EXISTS form_submissions (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    person_id TEXT,                           -- NULL: no phone or email identified ("anonymous")
    custom_form_id TEXT,
    form_name TEXT,
    form_data TEXT NOT NULL,                  -- JSON object, ignored fields already removed
    form_url TEXT NOT NULL,
    landing_page_url TEXT,
    referrer TEXT,
    referring_url TEXT,
    submitted_at TEXT NOT NULL,
    first_form INTEGER NOT NULL DEFAULT 0,
    source TEXT, keywords TEXT, campaign TEXT, medium TEXT,
    utm_source TEXT, utm_medium TEXT, utm_campaign TEXT,
    lead_status TEXT,                         -- its own score: good_lead | not_a_lead | NULL
    value REAL,
    note TEXT,
    milestones TEXT NOT NULL,                 -- JSON, event dates in UTC
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS form_submissions_account_submitted ON form_submissions(account_id, submitted_at);
CREATE INDEX IF NOT EXISTS form_submissions_company_submitted ON form_submissions(company_id, submitted_at);
CREATE INDEX IF NOT EXISTS form_submissions_account_created ON form_submissions(account_id, created_at);
CREATE INDEX IF NOT EXISTS form_submissions_account_url ON form_submissions(account_id, form_url);
CREATE INDEX IF NOT EXISTS form_submissions_person ON form_submissions(person_id, submitted_at);
CREATE TABLE IF NOT EXISTS form_ignored_fields (
    company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    field_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (company_id, field_name)
);
""")

RECORD_TYPE = "form_submission"
# A person's good-lead form counts for "previously_marked_good_lead" on any later interaction.
people.register_lead_source("form_submissions", "submitted_at", RECORD_TYPE)
CREATE_FIELDS = ["id", "company_id", "person_id", "form_data", "form_url", "landing_page_url", "referrer",
                 "referring_url", "submitted_at", "first_form"]


class FormSubmissionSchema(Schema):
    id = fields.Str()
    company_id = fields.Str()
    person_id = fields.Str()
    form_data = fields.Dict()
    form_url = fields.Str()
    landing_page_url = fields.Str(allow_none=True)
    referrer = fields.Str(allow_none=True)
    referring_url = fields.Str(allow_none=True)
    submitted_at = fields.Str()
    first_form = Flag()
    customer_phone_number = fields.Str(allow_none=True)
    customer_name = fields.Str(allow_none=True)
    customer_email = fields.Str(allow_none=True)
    formatted_customer_phone_number = fields.Str(allow_none=True)
    formatted_customer_name = fields.Str(allow_none=True)
    source = fields.Str(allow_none=True)
    keywords = fields.Str(allow_none=True)
    campaign = fields.Str(allow_none=True)
    medium = fields.Str(allow_none=True)
    company_name = fields.Str(metadata=optional())
    lead_status = fields.Str(allow_none=True, metadata=optional())
    value = fields.Raw(allow_none=True, metadata=optional())
    note = fields.Str(allow_none=True, metadata=optional())
    tags = fields.List(fields.Str(), metadata=optional())
    utm_source = fields.Str(allow_none=True, metadata=optional())
    utm_medium = fields.Str(allow_none=True, metadata=optional())
    utm_campaign = fields.Str(allow_none=True, metadata=optional())
    form_name = fields.Str(allow_none=True, metadata=optional())
    timeline_url = fields.Str(allow_none=True, metadata=optional())
    milestones = fields.Dict(metadata=optional())



# -- listing

def _prepare(scope, rows, selected):
    objects = []
    record_ids = [r["id"] for r in rows]
    tag_names = tag_rules.names_for(scope.conn, RECORD_TYPE, record_ids) if "tags" in selected else {}
    company_names = {}
    if "company_name" in selected and rows:
        wanted = sorted({r["company_id"] for r in rows})
        company_names = {r[0]: r[1] for r in scope.conn.execute(
            f"SELECT id, name FROM companies WHERE id IN ({','.join('?' * len(wanted))})", wanted)}
    firsts = people.first_good_leads(scope.conn, [r["person_id"] for r in rows])
    for row in rows:
        obj = dict(row)
        obj["lead_status"] = people.lead_status(row["lead_status"], row["person_id"], row["submitted_at"],
                                                firsts)[0]
        obj["form_data"] = json.loads(row["form_data"])
        customer = customer_from(obj["form_data"])
        obj.update(customer_phone_number=customer["phone"], customer_name=customer["name"],
                   customer_email=customer["email"], formatted_customer_phone_number=phones.formatted(customer["phone"]),
                   formatted_customer_name=display_name(customer["name"]))
        obj["person_id"] = row["person_id"] or "anonymous"
        obj["value"] = _number(row["value"])
        obj["company_name"] = company_names.get(row["company_id"])
        obj["tags"] = tag_names.get(row["id"], [])
        obj["timeline_url"] = timeline_url(scope, row["person_id"])
        if "milestones" in selected:
            milestones = json.loads(row["milestones"])
            for touch_ in milestones.values():
                touch_["event_date"] = scope.local_time(touch_["event_date"])
            obj["milestones"] = milestones
        objects.append(obj)
    return objects


def _number(value):
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def timeline_url(scope, person_id: str | None) -> str | None:
    if not person_id:
        return None
    return f"https://app.callrail.com/analytics/a/{scope.account['numeric_id']}/timeline/{person_id}"


LEAD_STATUS = Filter(values={
    "good_lead": "form_submissions.lead_status = 'good_lead'",
    "not_a_lead": "form_submissions.lead_status = 'not_a_lead'",
    # A previously-good lead's new submission has not been scored itself (docs/BEHAVIOUR.md).
    "not_scored": "form_submissions.lead_status IS NULL"})

RESOURCE = Resource(
    name="form_submission", table="form_submissions", schema=FormSubmissionSchema,
    collection_key="form_submissions",
    sorts={"submitted_at": Sort("form_submissions.submitted_at", "desc"),
           "created_at": Sort("form_submissions.created_at", "desc"),  # deprecated, still sortable
           "form_url": Sort("form_submissions.form_url")},
    default_sort="form_submissions.submitted_at DESC, form_submissions.rowid DESC",
    filters={
        "person_lead": Filter(values={"true": "form_submissions.person_id IS NOT NULL",
                                      "false": "1"}),
        "lead_status": LEAD_STATUS,
        "tags": Filter(many=True, sql=tag_rules.filter_sql(RECORD_TYPE, "form_submissions.id")),
    },
    date_column="submitted_at",
    company_column="company_id",
    prepare=_prepare,
)


def render(scope, row, only: list[str]) -> dict:
    return FormSubmissionSchema(only=only).dump(_prepare(scope, [row], [])[0])


def get(scope, submission_id) -> dict:
    return fetch(scope, RESOURCE, submission_id, "Form submission")


WEBHOOK_FIELDS = ["id", "company_id", "form_data", "form_url", "landing_page_url", "referrer", "referring_url",
                  "submitted_at", "first_form", "source", "keywords", "campaign", "medium", "utm_source",
                  "utm_medium", "utm_campaign"]


def webhook_payload(scope, submission_id: str) -> dict:
    """The keys of the Form Submission webhook (6388-6447), in its example's order."""
    row = get(scope, submission_id)
    obj = render(scope, row, WEBHOOK_FIELDS)
    obj["submitted_at"] = scope.local_time(row["submitted_at"])
    return {k: obj[k] for k in WEBHOOK_FIELDS}
