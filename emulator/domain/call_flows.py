"""Call flows ("Configuring Call Flows", doc 5606-5713).

Basic flows live on the tracker (`trackers.call_flow`). Advanced flows can only be built in
CallRail's app, so the emulator keeps a few per company (seeded) in `advanced_call_flows`, in the
documented advanced format; a tracker references one by `uuid` and shows the full object.
"""
from __future__ import annotations

import json

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from emulator.db import insert, schema
from emulator.domain import phones
from emulator.engine.body import load
from emulator.errors import bad_request

schema("""
CREATE TABLE IF NOT EXISTS advanced_call_flows (
    uuid TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    flow TEXT NOT NULL,                       -- JSON: recording_enabled, initial_step_id, steps
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS advanced_call_flows_company ON advanced_call_flows(company_id);
""")


def add_advanced(conn, account_id: str, company_id: str, uuid: str, name: str, flow: dict,
                 created_at: str) -> None:
    insert(conn, "advanced_call_flows", {"uuid": uuid, "account_id": account_id, "company_id": company_id,
                                         "name": name, "flow": json.dumps(flow), "created_at": created_at})


def advanced(conn, uuid: str) -> dict | None:
    row = conn.execute("SELECT * FROM advanced_call_flows WHERE uuid=?", (uuid,)).fetchone()
    return dict(row) if row else None


def render(conn, stored: dict | None) -> dict | None:
    """The API form: a basic flow as stored; an advanced one expanded from its uuid."""
    if not stored or stored.get("type") != "advanced":
        return stored
    row = advanced(conn, stored["uuid"])
    flow = json.loads(row["flow"]) if row else {}
    return {"type": "advanced", "uuid": stored["uuid"], **flow}


def destination(conn, stored: dict | None) -> str | None:
    """Where calls ring: the basic flow's number, or an advanced flow's first dial step."""
    if not stored:
        return None
    if stored.get("type") == "basic":
        return stored.get("destination_number")
    for step in render(conn, stored).get("steps", []):
        if step.get("type") == "dial" and step.get("destination_number"):
            return step["destination_number"]
    return None


def _refuse(message: str):
    raise ValidationError(message)


def _http_url(value: str) -> None:
    if not value.lower().startswith(("http://", "https://")):
        raise ValidationError("must be an http(s) URL")


class BasicSchema(Schema):
    type = fields.Str(required=True, validate=validate.Equal("basic"))
    recording_enabled = fields.Raw(load_default=False, validate=lambda v: isinstance(v, bool)
                                   or _refuse("recording_enabled must be true or false"))
    destination_number = fields.Raw(required=True)
    greeting_text = fields.Str(allow_none=True, load_default=None)
    greeting_recording_url = fields.Str(allow_none=True, load_default=None, validate=_http_url)

    @validates_schema
    def _recording_format(self, data, **kwargs):
        url = data.get("greeting_recording_url")
        if url and not url.lower().split("?")[0].endswith((".mp3", ".wav")):
            raise ValidationError("must be a .wav or .mp3 file", "greeting_recording_url")


class AdvancedSchema(Schema):
    type = fields.Str(required=True, validate=validate.Equal("advanced"))
    uuid = fields.Str(required=True)


def parse(scope, value, company_id: str, parameter: str = "call_flow") -> dict:
    """A validated call flow to store: a basic object, or a reference to one of the company's
    advanced flows (doc 5617-5619: new advanced flows cannot be created through the API)."""
    if not isinstance(value, dict):
        raise bad_request(parameter, f"{parameter} must be an object")
    kind = value.get("type")
    if kind == "advanced":
        data = load(AdvancedSchema, value, prefix=parameter)
        row = advanced(scope.conn, data["uuid"])
        if row is None or row["company_id"] != company_id:
            raise bad_request(f"{parameter}.uuid",
                              f"{parameter}.uuid does not name an advanced call flow of this company")
        return {"type": "advanced", "uuid": data["uuid"]}
    if kind != "basic":
        raise bad_request(f"{parameter}.type", f"{parameter}.type must be \"basic\" or \"advanced\"")
    data = load(BasicSchema, value, prefix=parameter)
    data["destination_number"] = phones.parse(data["destination_number"], f"{parameter}.destination_number")
    text = data["greeting_text"] or None
    # Both greetings given: "will default to text greeting only" (5650-5657).
    return {"type": "basic", "recording_enabled": data["recording_enabled"],
            "destination_number": data["destination_number"], "greeting_text": text,
            "greeting_recording_url": None if text else (data["greeting_recording_url"] or None)}


def expand(conn, stored: list[dict | None]) -> list[dict | None]:
    """`render` for a page of trackers: one query for all the advanced flows they reference."""
    uuids = sorted({f["uuid"] for f in stored if f and f.get("type") == "advanced"})
    flows = {}
    if uuids:
        marks = ",".join("?" * len(uuids))
        flows = {r[0]: json.loads(r[1]) for r in conn.execute(
            f"SELECT uuid, flow FROM advanced_call_flows WHERE uuid IN ({marks})", uuids)}
    return [{"type": "advanced", "uuid": f["uuid"], **flows.get(f["uuid"], {})}
            if f and f.get("type") == "advanced" else f for f in stored]
