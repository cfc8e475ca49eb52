"""Capturing form submissions ("Creating a form submission") and the fields a company asks
CallRail to ignore ("Ignoring Form Fields"), which are dropped before storing and removed from
earlier submissions."""
from __future__ import annotations

import json

from marshmallow import Schema, fields, validate

from emulator import events, ids
from emulator.clock import iso_z
from emulator.db import insert
from emulator.domain import people
from emulator.domain.form_data import EMPTY_TOUCH, attribution, customer_from, touch
from emulator.domain.form_submissions import RECORD_TYPE, get
from emulator.engine.body import load
from emulator.errors import bad_request

IGNORED_MESSAGE = "Ingored form fields created"  # sic, "Ignoring Form Fields"


# -- creating

def _text(required: bool = True):
    return fields.Str(required=required, allow_none=False)


class CreateSchema(Schema):
    company_id = fields.Raw(required=True, allow_none=False)
    referrer = _text()
    referring_url = _text()
    landing_page_url = _text()
    form_url = fields.Str(required=True, validate=validate.Length(min=1))
    form_data = fields.Dict(required=True, validate=validate.Length(min=1))


def ignored_fields(conn, company_id: str) -> set[str]:
    return {r[0] for r in conn.execute("SELECT field_name FROM form_ignored_fields WHERE company_id=?",
                                       (company_id,))}


def create(scope, body: dict) -> dict:
    scope.require("admin", "manager")
    # The doc's example nests the fields in "form_submission"; its table lists them flat.
    if "form_submission" in body:
        if not isinstance(body["form_submission"], dict):
            raise bad_request("form_submission", "form_submission must be an object")
        body = body["form_submission"]
    data = load(CreateSchema, body)
    company = scope.company_param(data["company_id"], "company_id")
    submission = capture(scope.db, scope.conn, scope.now, company, data)
    events.publish(scope, "form_captured", RECORD_TYPE, submission["id"], company["id"])
    return get(scope, submission["id"])


def capture(db, conn, now, company: dict, data: dict, submitted_at: str | None = None,
            device: str = "desktop", browser: str = "Chrome", extra: dict | None = None) -> dict:
    """Store one submission: ignored fields dropped, the person found or created, attribution
    and milestones derived. Shared by the API and the seeds."""
    ignored = ignored_fields(conn, company["id"])
    form_data = {k: v for k, v in data["form_data"].items() if k not in ignored}
    submitted_at = submitted_at or iso_z(now)
    customer = customer_from(form_data)
    person_id = None
    if customer["phone"] or customer["email"]:
        person_id = people.find_or_create(db, conn, now, company["account_id"], company["id"],
                                          phone_number=customer["phone"], name=customer["name"],
                                          email=customer["email"])["id"]
    earlier = conn.execute(
        "SELECT milestones FROM form_submissions WHERE person_id=? AND company_id=? AND submitted_at<=? "
        "ORDER BY submitted_at LIMIT 1", (person_id, company["id"], submitted_at)).fetchone() if person_id else None
    attr = attribution(data["referrer"], data["referring_url"], data["landing_page_url"])
    this_touch = touch(submitted_at, attr, data["landing_page_url"], data["referring_url"], device, browser)
    if earlier:
        first = json.loads(earlier["milestones"])
        milestones = {"first_touch": first["first_touch"], "lead_created": first["lead_created"],
                      "qualified": first["qualified"], "last_touch": this_touch}
    else:
        milestones = {"first_touch": this_touch, "lead_created": this_touch, "qualified": dict(EMPTY_TOUCH),
                      "last_touch": this_touch}
    custom_form = conn.execute("SELECT id, name FROM custom_forms WHERE company_id=? AND form_url=? LIMIT 1",
                               (company["id"], data["form_url"])).fetchone()
    row = {"id": ids.prefixed(db, "FOR"), "account_id": company["account_id"], "company_id": company["id"],
           "person_id": person_id, "custom_form_id": custom_form["id"] if custom_form else None,
           "form_name": custom_form["name"] if custom_form else None, "form_data": json.dumps(form_data),
           "form_url": data["form_url"], "landing_page_url": data["landing_page_url"],
           "referrer": data["referrer"], "referring_url": data["referring_url"], "submitted_at": submitted_at,
           "first_form": int(person_id is not None and earlier is None),
           "source": attr["source"], "keywords": attr["keywords"], "campaign": attr["campaign"],
           "medium": attr["medium"], "utm_source": attr["utm_source"], "utm_medium": attr["utm_medium"],
           "utm_campaign": attr["utm_campaign"],
           "lead_status": None,
           "value": None, "note": None, "milestones": json.dumps(milestones), "created_at": iso_z(now)}
    row.update(extra or {})
    insert(conn, "form_submissions", row)
    return row


# -- ignoring form fields

class IgnoreSchema(Schema):
    company_ids = fields.List(fields.Raw(), required=True, validate=validate.Length(min=1))
    field_names = fields.List(fields.Str(validate=validate.Length(min=1)), required=True,
                              validate=validate.Length(min=1))


def ignore_fields(scope, body: dict) -> dict:
    scope.require("admin", "manager")
    data = load(IgnoreSchema, body)
    if data["company_ids"] == ["all"]:
        targets = [r["id"] for r in scope.conn.execute(
            "SELECT id FROM companies WHERE account_id=? ORDER BY rowid", (scope.account["id"],))
            if scope.can_see_company(r["id"])]
    else:
        targets = list(dict.fromkeys(scope.company_param(ref, "company_ids")["id"] for ref in data["company_ids"]))
    names = list(dict.fromkeys(data["field_names"]))
    for company_id in targets:
        for name in names:
            scope.conn.execute("INSERT OR IGNORE INTO form_ignored_fields(company_id, field_name, created_at) "
                               "VALUES (?,?,?)", (company_id, name, iso_z(scope.now)))
        strip_fields(scope.conn, company_id, names)
    return {"message": IGNORED_MESSAGE}


def strip_fields(conn, company_id: str, names: list[str]) -> None:
    """Retroactively remove the fields from the company's stored submissions."""
    marks = ",".join("?" * len(names))
    affected = conn.execute(
        f"SELECT DISTINCT fs.id, fs.form_data FROM form_submissions fs, json_each(fs.form_data) j "
        f"WHERE fs.company_id = ? AND j.key IN ({marks})", [company_id, *names]).fetchall()
    for row in affected:
        form_data = {k: v for k, v in json.loads(row["form_data"]).items() if k not in names}
        conn.execute("UPDATE form_submissions SET form_data=? WHERE id=?", (json.dumps(form_data), row["id"]))
