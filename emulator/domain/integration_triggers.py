"""Integration triggers ("Integration Triggers"): filter criteria scoping what an integration
receives. One trigger per integration, plus an optional company default (`integration_id`
null) for integrations without their own. `effective_trigger` and `allows` are what the
webhook dispatcher applies."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate

from emulator import ids
from emulator.clock import iso_z
from emulator.db import dumps, insert, loads, schema, update
from emulator.domain import integrations
from emulator.engine.collection import fetch
from emulator.engine.body import load
from emulator.engine.resource import Resource
from emulator.errors import bad_request

schema("""
CREATE TABLE IF NOT EXISTS integration_triggers (
    id INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    integration_id INTEGER REFERENCES integrations(id) ON DELETE CASCADE,  -- NULL: company default
    tracker_ids TEXT NOT NULL DEFAULT '[]',   -- JSON list of TRK ids
    call_type TEXT,                           -- first_call | vm | missed_and_vm
    min_duration INTEGER,
    max_duration INTEGER,
    lead_status TEXT,                         -- good_lead | not_a_lead
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS integration_triggers_integration
    ON integration_triggers(integration_id) WHERE integration_id IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS integration_triggers_company_default
    ON integration_triggers(company_id) WHERE integration_id IS NULL;
""")

CALL_TYPES = ("first_call", "vm", "missed_and_vm")
LEAD_STATUSES = ("good_lead", "not_a_lead")
MAX_SECONDS = 2**31 - 1   # SQLite stores 64-bit integers; no call lasts 68 years
DEFAULT_INTEGRATION = {"id": None, "type": "All (Default Integration Trigger)"}


class TriggerSchema(Schema):
    id = fields.Int()
    company_id = fields.Str()
    integration_id = fields.Int(allow_none=True)
    tracker_ids = fields.List(fields.Str())
    call_type = fields.Str(allow_none=True)
    min_duration = fields.Int(allow_none=True)
    max_duration = fields.Int(allow_none=True)
    lead_status = fields.Str(allow_none=True)
    integration = fields.Dict()


def _prepare(scope, rows, selected):
    objects = [dict(r) for r in rows]
    described = integrations.describe(scope.conn, [o["integration_id"] for o in objects])
    for obj in objects:
        obj["tracker_ids"] = loads(obj["tracker_ids"], [])
        obj["integration"] = (DEFAULT_INTEGRATION if obj["integration_id"] is None
                              else described.get(obj["integration_id"]))
    return objects


def _require_company(args) -> None:
    if args.get("company_id") in (None, ""):
        raise bad_request("company_id", "company_id is required")


RESOURCE = Resource(
    name="integration_trigger", table="integration_triggers", schema=TriggerSchema,
    collection_key="integration_criteria",
    default_sort="integration_triggers.id ASC",
    company_column="company_id",
    prepare=_prepare,
    check_args=_require_company,
)


class Duration(fields.Integer):
    """Seconds, as an integer or a numeric string (update types them as strings)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool):
            raise ValidationError("must be a whole number of seconds")
        if isinstance(value, str) and value.strip().isdecimal():
            value = int(value.strip())
        return super()._deserialize(value, attr, data, **kwargs)


class SettingsSchema(Schema):
    tracker_ids = fields.List(fields.Str(), allow_none=True)
    call_type = fields.Str(allow_none=True, validate=validate.OneOf(CALL_TYPES))
    min_duration = Duration(allow_none=True, strict=True, validate=validate.Range(min=0, max=MAX_SECONDS))
    max_duration = Duration(allow_none=True, strict=True, validate=validate.Range(min=0, max=MAX_SECONDS))
    lead_status = fields.Str(allow_none=True, validate=validate.OneOf(LEAD_STATUSES))


class CreateSchema(SettingsSchema):
    company_id = fields.Raw(required=True)
    integration_id = fields.Raw(allow_none=True)


def get(scope, trigger_id) -> dict:
    return fetch(scope, RESOURCE, trigger_id, "Integration trigger", integer=True)


def _tracker_ids(scope, company_id: str, values) -> str:
    values = values or []
    for tracker_id in values:
        owned = scope.conn.execute("SELECT 1 FROM trackers WHERE id=? AND company_id=?",
                                   (tracker_id, company_id)).fetchone()
        if not owned:
            raise bad_request("tracker_ids", f"tracker_ids: {tracker_id} is not a tracker of this company")
    return dumps(list(dict.fromkeys(values)))


def _settings(scope, company_id: str, data: dict, current: dict) -> dict:
    changes = {k: data[k] for k in ("call_type", "min_duration", "max_duration", "lead_status") if k in data}
    if "tracker_ids" in data:
        changes["tracker_ids"] = _tracker_ids(scope, company_id, data["tracker_ids"])
    low = changes.get("min_duration", current.get("min_duration"))
    high = changes.get("max_duration", current.get("max_duration"))
    if low is not None and high is not None and low > high:
        parameter = "max_duration" if "max_duration" in changes else "min_duration"
        raise bad_request(parameter, "min_duration must not be greater than max_duration")
    return changes


def _integration(scope, company_id: str, ref) -> int | None:
    if ref is None:
        return None
    row = scope.conn.execute("SELECT * FROM integrations WHERE id=? AND company_id=?",
                             (ids.as_int(ref), company_id)).fetchone()
    if row is None:
        raise bad_request("integration_id", f"integration_id does not name an integration of this company: {ref!r}")
    # "they must be associated with an existing active integration"
    if row["state"] != "active":
        raise bad_request("integration_id", "Integration triggers can only be created for an active integration")
    return row["id"]


def create(scope, body: dict) -> dict:
    scope.require("admin", "manager")
    data = load(CreateSchema, body)
    company = scope.company_param(data["company_id"], "company_id")
    integration_id = _integration(scope, company["id"], data.get("integration_id"))
    exists = scope.conn.execute(
        "SELECT 1 FROM integration_triggers WHERE company_id=? AND integration_id IS ?",
        (company["id"], integration_id)).fetchone()
    if exists:
        what = "this integration" if integration_id else "this company (default trigger)"
        raise bad_request("integration_id", f"An integration trigger already exists for {what}")
    row = {"account_id": scope.account["id"], "company_id": company["id"], "integration_id": integration_id,
           "tracker_ids": "[]", "created_at": iso_z(scope.now),
           **_settings(scope, company["id"], data, {})}
    insert(scope.conn, "integration_triggers", row)
    return get(scope, scope.conn.execute("SELECT last_insert_rowid()").fetchone()[0])


def insert_default(conn, account_id: str, company_id: str, created_at: str) -> None:
    """The company default trigger, with no criteria (seeds)."""
    insert(conn, "integration_triggers", {"account_id": account_id, "company_id": company_id,
                                          "integration_id": None, "tracker_ids": "[]",
                                          "created_at": created_at})


def change(scope, trigger_id, body: dict) -> dict:
    scope.require("admin", "manager")
    trigger = get(scope, trigger_id)
    for fixed in ("company_id", "integration_id"):
        if fixed in body:
            raise bad_request(fixed, f"{fixed} cannot be changed; delete the trigger and create a new one")
    data = load(SettingsSchema, body, partial=True)
    update(scope.conn, "integration_triggers", {"id": trigger["id"]},
           _settings(scope, trigger["company_id"], data, trigger))
    return get(scope, trigger["id"])


def delete(scope, trigger_id) -> None:
    scope.require("admin", "manager")
    trigger = get(scope, trigger_id)
    scope.conn.execute("DELETE FROM integration_triggers WHERE id=?", (trigger["id"],))


# -- for the webhook dispatcher ----------------------------------------------------------------

def effective_trigger(conn, integration_id: int, company_id: str) -> dict | None:
    """The integration's own trigger, else the company default, else None (no filtering)."""
    row = conn.execute(
        "SELECT * FROM integration_triggers WHERE company_id=? AND (integration_id=? OR integration_id IS NULL) "
        "ORDER BY integration_id IS NULL LIMIT 1", (company_id, integration_id)).fetchone()
    if row is None:
        return None
    return {**dict(row), "tracker_ids": loads(row["tracker_ids"], [])}


UNKNOWN = object()


def allows(trigger: dict | None, *, tracker_id: str | None = None, first_call: bool | None = None,
           answered: bool | None = None, voicemail: bool | None = None, duration: int | None = None,
           lead_status=UNKNOWN) -> bool:
    """Whether a call passes every criterion of the trigger (criteria are additive; a null
    criterion does not filter). A call's facts left out (None) are not checked, except
    `lead_status`, where None means "not scored"."""
    if trigger is None:
        return True
    if trigger["tracker_ids"] and tracker_id is not None and tracker_id not in trigger["tracker_ids"]:
        return False
    call_type = trigger["call_type"]
    if call_type == "first_call" and first_call is False:
        return False
    if call_type == "vm" and voicemail is False:
        return False
    if call_type == "missed_and_vm" and answered is True and not voicemail:
        return False
    if duration is not None:
        if trigger["min_duration"] is not None and duration < trigger["min_duration"]:
            return False
        if trigger["max_duration"] is not None and duration > trigger["max_duration"]:
            return False
    if trigger["lead_status"] and lead_status is not UNKNOWN:
        scored = "good_lead" if lead_status == "previously_marked_good_lead" else lead_status
        if scored != trigger["lead_status"]:
            return False
    return True
