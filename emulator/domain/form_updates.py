"""Updating a form submission ("Updating a Form Submission"): tags, note, value, lead status."""
from __future__ import annotations

import json

from marshmallow import Schema, fields, validate

from emulator.clock import iso_z
from emulator.db import update
from emulator.domain import money, people
from emulator.domain import tags as tag_rules
from emulator.domain.form_submissions import RECORD_TYPE, get
from emulator.engine.body import load
from emulator.errors import bad_request

# -- updating ("If a field is not included, its value will not be changed. If it is included
#    but is null or a blank string, the field will be cleared.")

class UpdateSchema(Schema):
    tags = fields.List(fields.Str(validate=validate.Length(min=1)), allow_none=True)
    note = fields.Str(allow_none=True)
    value = fields.Raw(allow_none=True, validate=money.validate)
    lead_status = fields.Str(allow_none=True, validate=validate.OneOf(["good_lead", "not_a_lead", ""]))
    append_tags = fields.Bool()


def change(scope, submission_id, body: dict) -> dict:
    scope.require("admin", "manager")
    row = get(scope, submission_id)
    data = load(UpdateSchema, body, partial=True)
    changes = {}
    if "note" in data:
        changes["note"] = data["note"] if data["note"] and data["note"].strip() else None
    if "value" in data:
        changes["value"] = money.parse(data["value"])
    if "lead_status" in data:
        status = data["lead_status"] or None
        inherited = people.previously_good_lead(scope.conn, row["person_id"], row["submitted_at"])
        if status == "good_lead" and not row["lead_status"] and inherited:
            raise bad_request("lead_status", "lead_status cannot be set to good_lead: this lead was "
                                             "previously marked as a good lead")
        changes["lead_status"] = status
        milestones = json.loads(row["milestones"])
        if status == "good_lead" and not milestones["qualified"]["event_date"]:
            milestones["qualified"] = {**milestones["last_touch"], "event_date": iso_z(scope.now)}
            changes["milestones"] = json.dumps(milestones)
    update(scope.conn, "form_submissions", {"id": row["id"]}, changes)
    if "tags" in data:
        apply_tags(scope, RECORD_TYPE, row["id"], row["company_id"], data["tags"] or [],
                   bool(data.get("append_tags")))
    return get(scope, row["id"])


def apply_tags(scope, record_type: str, record_id: str, company_id: str, names: list[str], append: bool) -> None:
    """Tags by name; a name the company doesn't have yet becomes a new company tag."""
    conn = scope.conn
    if not append:
        conn.execute("DELETE FROM taggings WHERE record_type=? AND record_id=?", (record_type, record_id))
    for name in dict.fromkeys(names):
        tag = conn.execute(
            "SELECT id FROM tags WHERE account_id=? AND name=? AND (company_id=? OR company_id IS NULL) "
            "ORDER BY company_id IS NULL LIMIT 1", (scope.account["id"], name, company_id)).fetchone()
        tag_id = tag["id"] if tag else tag_rules.insert_tag(conn, scope.account["id"], company_id, name,
                                                             tag_rules.DEFAULT_COLOR, iso_z(scope.now))
        conn.execute("INSERT OR IGNORE INTO taggings(tag_id, record_type, record_id) VALUES (?,?,?)",
                     (tag_id, record_type, record_id))
