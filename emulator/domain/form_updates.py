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
        tag_rules.retag(scope, RECORD_TYPE, row, data["tags"] or [], bool(data.get("append_tags")))
    return get(scope, row["id"])
