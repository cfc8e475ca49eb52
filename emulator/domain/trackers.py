"""Trackers and the tracking numbers they own ("Trackers", doc 4877-5566).

The tables below are the contract other resources build on: calls and texts arrive on a
`tracking_numbers.number` and find their tracker and company through it. A disabled tracker keeps
its rows (its numbers still show in listings); callers should check `trackers.status`.
"""
from __future__ import annotations

import json

from marshmallow import Schema, fields, validate

from emulator import ids
from emulator.clock import iso_z
from emulator.db import insert, insert_many, schema, update
from emulator.domain import call_flows, companies, numbers, phones, tracker_sources
from emulator.engine.collection import fetch
from emulator.engine.body import load
from emulator.engine.resource import Filter, Flag, Resource, Sort, optional
from emulator.errors import ApiError, bad_request

schema("""
CREATE TABLE IF NOT EXISTS trackers (
    id TEXT PRIMARY KEY,                      -- TRK + 32 hex
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    type TEXT NOT NULL,                       -- session | source
    status TEXT NOT NULL DEFAULT 'active',    -- active | disabled
    destination_number TEXT NOT NULL,         -- E.164
    swap_targets TEXT,                        -- JSON list of E.164 numbers
    whisper_message TEXT,
    sms_supported INTEGER NOT NULL DEFAULT 1,
    sms_enabled INTEGER NOT NULL DEFAULT 0,
    campaign_name TEXT,                       -- source trackers only
    source TEXT NOT NULL,                     -- JSON source object as the API shows it
    call_flow TEXT,                           -- JSON call flow object
    created_at TEXT NOT NULL,
    disabled_at TEXT,
    pool_size INTEGER,                        -- session trackers: numbers requested (4-50)
    number_request TEXT                       -- JSON "Requesting a Number" object, for pool growth
);
CREATE INDEX IF NOT EXISTS trackers_account_created ON trackers(account_id, created_at);
CREATE INDEX IF NOT EXISTS trackers_account_name ON trackers(account_id, name);
CREATE INDEX IF NOT EXISTS trackers_company ON trackers(company_id, status);
CREATE TABLE IF NOT EXISTS tracking_numbers (
    number TEXT PRIMARY KEY,                  -- E.164, e.g. +14045551234
    tracker_id TEXT NOT NULL REFERENCES trackers(id) ON DELETE CASCADE,
    account_id TEXT NOT NULL,
    company_id TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,      -- order within a session tracker's pool
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS tracking_numbers_tracker ON tracking_numbers(tracker_id, position);
CREATE INDEX IF NOT EXISTS tracking_numbers_company ON tracking_numbers(company_id);
-- The company's "Outbound Number for form submissions" (doc 5564-5566): a tracker that cannot be
-- disabled while it holds the role. Set with PUT /_emulator/a/{account_id}/companies/{id}/form_outbound_tracker.
CREATE TABLE IF NOT EXISTS form_outbound_trackers (
    company_id TEXT PRIMARY KEY REFERENCES companies(id) ON DELETE CASCADE,
    tracker_id TEXT NOT NULL REFERENCES trackers(id) ON DELETE CASCADE
);
""")

FORM_OUTBOUND_ERROR = ("You must select a different number for outbound Form Submission calls "
                       "before disabling this tracker.")
MANAGERS = ("admin", "manager")   # reporting users cannot change settings ("User Roles")


def by_number(conn, account_id: str, number: str) -> dict | None:
    """The tracker that owns a tracking number in this account, with its company id."""
    row = conn.execute(
        "SELECT trackers.* FROM tracking_numbers n JOIN trackers ON trackers.id = n.tracker_id "
        "WHERE n.number = ? AND n.account_id = ?", (number, account_id)).fetchone()
    return dict(row) if row else None


def store(conn, row: dict, numbers_: list[str]) -> None:
    """Insert a tracker row (source/call_flow/swap_targets already JSON) and its numbers in order."""
    insert(conn, "trackers", row)
    insert_many(conn, "tracking_numbers", [
        {"number": number, "tracker_id": row["id"], "account_id": row["account_id"],
         "company_id": row["company_id"], "position": i, "created_at": row["created_at"]}
        for i, number in enumerate(numbers_)])


class TrackerSchema(Schema):
    id = fields.Str()
    name = fields.Str()
    type = fields.Str()
    status = fields.Str()
    destination_number = fields.Str(allow_none=True)
    tracking_numbers = fields.List(fields.Str())
    whisper_message = fields.Str(allow_none=True)
    sms_enabled = Flag()
    sms_supported = Flag()
    company = fields.Dict()
    call_flow = fields.Dict(allow_none=True)
    source = fields.Dict()
    created_at = fields.Str()
    disabled_at = fields.Str(allow_none=True)
    campaign_name = fields.Str(allow_none=True, metadata=optional())
    swap_targets = fields.List(fields.Str(), metadata=optional())


def numbers_of(conn, tracker_ids: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {t: [] for t in tracker_ids}
    marks = ",".join("?" * len(tracker_ids))
    for row in conn.execute(f"SELECT tracker_id, number FROM tracking_numbers WHERE tracker_id IN ({marks}) "
                            "ORDER BY tracker_id, position", tracker_ids):
        out[row[0]].append(row[1])
    return out


def _prepare(scope, rows, selected):
    objects = [dict(r) for r in rows]
    if not objects:
        return []
    conn = scope.conn
    tracker_numbers = numbers_of(conn, [o["id"] for o in objects])
    company_ids = sorted({o["company_id"] for o in objects})
    names = dict(conn.execute(f"SELECT id, name FROM companies WHERE id IN ({','.join('?' * len(company_ids))})",
                              company_ids).fetchall())
    flows = call_flows.expand(conn, [json.loads(o["call_flow"]) if o["call_flow"] else None for o in objects])
    for obj, flow in zip(objects, flows):
        obj["tracking_numbers"] = tracker_numbers[obj["id"]]
        obj["company"] = {"id": obj["company_id"], "name": names.get(obj["company_id"])}
        obj["call_flow"] = flow
        obj["source"] = json.loads(obj["source"])
        obj["swap_targets"] = json.loads(obj["swap_targets"]) if obj["swap_targets"] else []
        obj["destination_number"] = obj["destination_number"] or None
    return objects


RESOURCE = Resource(
    name="tracker", table="trackers", schema=TrackerSchema, collection_key="trackers",
    sorts={"name": Sort("trackers.name")},
    default_sort="trackers.created_at ASC, trackers.rowid ASC",
    filters={"type": Filter(values={"session": "trackers.type = 'session'",
                                    "source": "trackers.type = 'source'"}),
             "status": Filter(values={"active": "trackers.status = 'active'",
                                      "disabled": "trackers.status = 'disabled'"})},
    search=("trackers.name",),
    company_column="company_id",
    prepare=_prepare,
)


class JsonBool(fields.Boolean):
    """A JSON true/false only ("on", "yes" and 1 are refused)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


class _Common(Schema):
    whisper_message = fields.Str(allow_none=True)
    swap_targets = fields.Raw(allow_none=True)
    sms_enabled = JsonBool()
    call_flow = fields.Raw()
    source = fields.Raw()


class _Create(_Common):
    name = fields.Str(required=True, validate=validate.Length(min=1))
    type = fields.Str(required=True)
    company_id = fields.Raw(required=True)
    call_flow = fields.Raw(required=True)
    source = fields.Raw(required=True)


class SessionCreate(_Create):
    pool_size = fields.Int(required=True, strict=True, validate=validate.Range(4, 50))
    pool_numbers = fields.Raw(required=True)


class SourceCreate(_Create):
    tracking_number = fields.Raw(required=True)
    campaign_name = fields.Str(allow_none=True)


class _Update(_Common):
    name = fields.Str(validate=validate.Length(min=1))
    type = fields.Str()
    replace_tracking_number = fields.Raw()


class SessionUpdate(_Update):
    pool_size = fields.Int(strict=True, validate=validate.Range(4, 50))


class SourceUpdate(_Update):
    campaign_name = fields.Str(allow_none=True)


# Parameters that belong to the other kind of tracker, and what to use instead.
WRONG_KIND = {
    "session": {"campaign_name": "campaign_name can only be set for source trackers",
                "tracking_number": "session trackers request their numbers with pool_numbers"},
    "source": {"pool_size": "pool_size only applies to session trackers",
               "pool_numbers": "source trackers request their number with tracking_number"},
}


def get(scope, tracker_id) -> dict:
    return fetch(scope, RESOURCE, tracker_id, "Tracker")


def _refuse_other_kind(kind: str, body: dict) -> None:
    for name, message in WRONG_KIND[kind].items():
        if name in body:
            raise bad_request(name, message)


def _swap_targets(value, destination: str | None) -> list[str]:
    """Numbers to replace on the website; none given means the destination number (doc 5174)."""
    if value in (None, []):
        return [destination] if destination else []
    if not isinstance(value, list):
        raise bad_request("swap_targets", "swap_targets must be an array of phone numbers")
    return list(dict.fromkeys(phones.parse(v, "swap_targets") for v in value))


def _whisper(value) -> str | None:
    return value or None   # "" clears it (the source update example answers null, 5521)


def _check_sms(enabled: bool, supported: bool) -> None:
    if enabled and not supported:
        raise bad_request("sms_enabled", "sms_enabled can only be set on trackers with local US or Canadian "
                                         "numbers (sms_supported is false)")


def _is_toll_free_request(request: dict) -> bool:
    return bool(request.get("toll_free")) or numbers.is_toll_free(request.get("area_code") or "")


def create(scope, body: dict) -> dict:
    scope.require(*MANAGERS)
    kind = body.get("type")
    if kind not in ("session", "source"):
        raise bad_request("type", 'type is required: "session" or "source"')
    data = load(SessionCreate if kind == "session" else SourceCreate, body)
    _refuse_other_kind(kind, body)
    company = scope.company_param(data["company_id"], "company_id")
    if company["status"] != "active":
        raise bad_request("company_id", "company_id names a disabled company")
    flow = call_flows.parse(scope, data["call_flow"], company["id"])
    destination = call_flows.destination(scope.conn, flow)
    source = (tracker_sources.session_source if kind == "session" else tracker_sources.source_source)(data["source"])
    swap_targets = _swap_targets(data.get("swap_targets"), destination)
    request_name = "pool_numbers" if kind == "session" else "tracking_number"
    request = numbers.parse_request(data[request_name], request_name)
    sms_enabled = data.get("sms_enabled", False)
    _check_sms(sms_enabled, not _is_toll_free_request(request))
    now = iso_z(scope.now)
    count = data["pool_size"] if kind == "session" else 1
    tracking_numbers = numbers.fulfil(scope.db, scope.conn, now, count, request, request_name)
    # Texting needs local US/Canadian numbers (4998-5000), as issued.
    sms_supported = not any(numbers.is_toll_free(n[-10:-7]) for n in tracking_numbers)
    row = {"id": ids.prefixed(scope.db, "TRK"), "account_id": scope.account["id"], "company_id": company["id"],
           "name": data["name"], "type": kind, "status": "active", "destination_number": destination or "",
           "swap_targets": json.dumps(swap_targets), "whisper_message": _whisper(data.get("whisper_message")),
           "sms_supported": int(sms_supported), "sms_enabled": int(sms_enabled),
           "campaign_name": data.get("campaign_name") or None, "source": json.dumps(source),
           "call_flow": json.dumps(flow), "created_at": now, "disabled_at": None,
           "pool_size": count if kind == "session" else None, "number_request": json.dumps(request)}
    store(scope.conn, row, tracking_numbers)
    return get(scope, row["id"])


def change(scope, tracker_id, body: dict) -> dict:
    scope.require(*MANAGERS)
    tracker = get(scope, tracker_id)
    kind = tracker["type"]
    data = load(SessionUpdate if kind == "session" else SourceUpdate, body, partial=True)
    _refuse_other_kind(kind, body)
    if "type" in data and data["type"] != kind:
        raise bad_request("type", "A tracker's type cannot be changed")
    if tracker["status"] != "active":
        raise bad_request(None, "This tracker is disabled and cannot be changed")
    changes: dict = {k: data[k] for k in ("name",) if k in data}
    if "whisper_message" in data:
        changes["whisper_message"] = _whisper(data["whisper_message"])
    if "campaign_name" in data:
        changes["campaign_name"] = data["campaign_name"] or None
    if "call_flow" in data:
        flow = _merged_flow(tracker, data["call_flow"])
        flow = call_flows.parse(scope, flow, tracker["company_id"])
        changes["call_flow"] = json.dumps(flow)
        changes["destination_number"] = call_flows.destination(scope.conn, flow) or ""
    if "source" in data:
        parse = tracker_sources.session_source if kind == "session" else tracker_sources.source_source
        changes["source"] = json.dumps(parse(data["source"]))
    if "swap_targets" in data:
        destination = changes.get("destination_number", tracker["destination_number"])
        changes["swap_targets"] = json.dumps(_swap_targets(data["swap_targets"], destination))
    if "sms_enabled" in data:
        _check_sms(data["sms_enabled"], bool(tracker["sms_supported"]))
        changes["sms_enabled"] = int(data["sms_enabled"])
    if "pool_size" in data:
        changes["pool_size"] = _grow_pool(scope, tracker, data["pool_size"])
    if data.get("replace_tracking_number") is not None:
        _replace_number(scope, tracker, data["replace_tracking_number"])
    update(scope.conn, "trackers", {"id": tracker["id"]}, changes)
    return get(scope, tracker["id"])


def _merged_flow(tracker: dict, value):
    """A basic flow sent to a tracker whose flow is basic keeps the settings it leaves out (the
    source update example sends only type and recording_enabled, 5447-5450, 5525-5531)."""
    current = json.loads(tracker["call_flow"]) if tracker["call_flow"] else None
    if isinstance(value, dict) and current and current.get("type") == "basic" \
            and value.get("type", "basic") == "basic":
        return {**current, **value, "type": "basic"}
    return value


def _grow_pool(scope, tracker: dict, size: int) -> int:
    """"this size can only be increased" (5396): new numbers use the tracker's original request."""
    conn = scope.conn
    current = conn.execute("SELECT COUNT(*), MAX(position) FROM tracking_numbers WHERE tracker_id=?",
                           (tracker["id"],)).fetchone()
    have, last = current[0], current[1] if current[1] is not None else -1
    if size < have:
        raise bad_request("pool_size", f"pool_size can only be increased (the pool has {have} numbers)")
    if size == have:
        return size
    request = json.loads(tracker["number_request"]) if tracker["number_request"] else None
    if not request:
        first = conn.execute("SELECT number FROM tracking_numbers WHERE tracker_id=? ORDER BY position LIMIT 1",
                             (tracker["id"],)).fetchone()
        request = {"area_code": first[0][-10:-7]} if first else {"toll_free": True}
    now = iso_z(scope.now)
    try:
        added = numbers.provision(scope.db, conn, now, size - have, **request)
    except numbers.Unavailable:
        raise bad_request("pool_size", f"Not enough tracking phone numbers are available to grow the pool "
                                       f"to {size}") from None
    insert_many(conn, "tracking_numbers", [
        {"number": number, "tracker_id": tracker["id"], "account_id": tracker["account_id"],
         "company_id": tracker["company_id"], "position": last + 1 + i, "created_at": now}
        for i, number in enumerate(added)])
    return size


def _replace_number(scope, tracker: dict, value) -> None:
    """Swap one of the tracker's numbers for a new one in the same area code (5400, 5508)."""
    old = phones.parse(value, "replace_tracking_number")
    owned = scope.conn.execute("SELECT 1 FROM tracking_numbers WHERE number=? AND tracker_id=?",
                               (old, tracker["id"])).fetchone()
    if not owned:
        raise bad_request("replace_tracking_number",
                          f"replace_tracking_number {old} is not one of this tracker's numbers")
    new = numbers.replacement(scope.db, scope.conn, iso_z(scope.now), old, "replace_tracking_number")
    scope.conn.execute("UPDATE tracking_numbers SET number=?, created_at=? WHERE number=?",
                       (new, iso_z(scope.now), old))


def delete(scope, tracker_id) -> None:
    """DELETE disables ("Disabling a Tracker", 5550-5566)."""
    scope.require(*MANAGERS)
    tracker = get(scope, tracker_id)
    if tracker["status"] == "disabled":
        return
    if form_outbound_tracker(scope.conn, tracker["company_id"]) == tracker["id"]:
        raise ApiError(400, FORM_OUTBOUND_ERROR, body={"error": FORM_OUTBOUND_ERROR})
    update(scope.conn, "trackers", {"id": tracker["id"]},
           {"status": "disabled", "disabled_at": iso_z(scope.now)})


def form_outbound_tracker(conn, company_id: str) -> str | None:
    row = conn.execute("SELECT tracker_id FROM form_outbound_trackers WHERE company_id=?", (company_id,)).fetchone()
    return row[0] if row else None


def set_form_outbound_tracker(conn, company_id: str, tracker_id: str | None) -> None:
    conn.execute("DELETE FROM form_outbound_trackers WHERE company_id=?", (company_id,))
    if tracker_id:
        insert(conn, "form_outbound_trackers", {"company_id": company_id, "tracker_id": tracker_id})


def _company_disabled(scope, company_id: str) -> None:
    """Disabling a company disables its tracking numbers ("Disabling a Company")."""
    scope.conn.execute("UPDATE trackers SET status='disabled', disabled_at=? WHERE company_id=? AND status='active'",
                       (iso_z(scope.now), company_id))
    set_form_outbound_tracker(scope.conn, company_id, None)


companies.on_disable(_company_disabled)
