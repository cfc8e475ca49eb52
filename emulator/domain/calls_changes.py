"""Writes to calls: placing an outbound call ("Creating an Outbound Phone Call"), updating a
call ("Updating a Call") and simulating an inbound call (control plane). Each publishes the
call events the webhook dispatcher delivers."""
from __future__ import annotations

import hashlib
import json
import random
from datetime import datetime, timedelta

from marshmallow import Schema, fields, validate

from emulator import events, ids
from emulator.clock import iso_z
from emulator.db import insert_many, update
from emulator.domain import caller_ids, calls, money, people, phones, tags, trackers
from emulator.engine.body import load
from emulator.errors import ApiError, bad_request, not_found


class UpdateSchema(Schema):
    tags = fields.List(fields.Str(validate=validate.Length(min=1)), allow_none=True)
    append_tags = fields.Bool()
    note = fields.Str(allow_none=True)
    value = fields.Raw(allow_none=True, validate=money.validate)
    lead_status = fields.Str(allow_none=True, validate=validate.OneOf(["good_lead", "not_a_lead", ""]))
    customer_name = fields.Str(allow_none=True)
    spam = fields.Bool()


class OutboundSchema(Schema):
    caller_id = fields.Raw(required=True)
    customer_phone_number = fields.Raw(required=True)
    business_phone_number = fields.Raw(required=True)
    recording_enabled = fields.Bool()
    outbound_greeting_recording_url = fields.Str(allow_none=True)
    outbound_greeting_text = fields.Str(allow_none=True)
    agent_id = fields.Str(allow_none=True)


def _blank(value):
    return None if value is None or (isinstance(value, str) and not value.strip()) else value


def change(scope, call_id, body: dict) -> dict:
    """PUT: a left-out field is unchanged, null or "" clears it (doc 1441-1444)."""
    call = calls.get(scope, call_id)
    data = load(UpdateSchema, body, partial=True)
    conn, changes, columns = scope.conn, [], {}
    if "lead_status" in data:
        wanted = _blank(data["lead_status"])
        if wanted == "good_lead" and call["lead_status"] is None and people.previously_good_lead(
                conn, call["person_id"], call["start_time"]):
            raise ApiError(400, "lead_status: this caller was previously marked a good lead; "
                                "the call's lead status is previously_marked_good_lead", "lead_status")
        columns["lead_status"] = wanted
    if "note" in data:
        columns["note"] = _blank(data["note"])
    if "value" in data:
        columns["value"] = money.parse(data["value"])
    if "customer_name" in data:
        columns["customer_name"] = _blank(data["customer_name"])
    for name, value in columns.items():
        if call[name] != value:
            changes.append(name)
    update(conn, "calls", {"id": call["id"]}, columns)
    if "customer_name" in columns and call["person_id"]:
        update(conn, "people", {"id": call["person_id"]}, {"name": columns["customer_name"]})
    if "tags" in data or (data.get("append_tags") and "tags" in data):
        if tags.retag(scope, "call", call, data.get("tags"), bool(data.get("append_tags"))):
            changes.append("tags")
    if data.get("spam") and not call["spam"]:
        update(conn, "calls", {"id": call["id"]}, {"spam": 1})
        calls.renumber(conn, call["company_id"], call["customer_phone_number"])
        changes.append("spam")
    if changes:
        name = "updated_outbound_call" if call["direction"] == "outbound" else "updated_call"
        events.publish(scope, name, "call", call["id"], call["company_id"], changes=changes)
    return dict(conn.execute("SELECT * FROM calls WHERE id = ?", (call["id"],)).fetchone())


def create_outbound(scope, body: dict) -> tuple[dict, dict]:
    """POST: the call is placed and, in the emulator, completes at once (answered or not, with
    a duration drawn from a generator seeded by the call id). Returns (stored row, the row as it
    was when placed) so the 201 shows the in-progress call the doc's example shows."""
    data = load(OutboundSchema, body)
    caller_id = phones.parse(data["caller_id"], "caller_id")
    customer = phones.parse(data["customer_phone_number"], "customer_phone_number")
    business = phones.parse(data["business_phone_number"], "business_phone_number")
    conn, account = scope.conn, scope.account
    tracker = trackers.by_number(conn, account["id"], caller_id)
    company_id = tracker["company_id"] if tracker else None
    if tracker is None:
        company_id = caller_ids.verified_company(conn, account["id"], caller_id)
    if company_id is None or not scope.can_see_company(company_id):
        raise bad_request("caller_id", "caller_id must be one of the account's tracking numbers or a "
                                       "verified outbound caller ID")
    agent_id = _blank(data.get("agent_id"))
    if agent_id is not None and conn.execute("SELECT 1 FROM users WHERE id = ? AND account_id = ?",
                                             (agent_id, account["id"])).fetchone() is None:
        raise bad_request("agent_id", "agent_id does not name a user of this account")
    recording = data.get("recording_enabled")
    if recording is None:
        recording = bool(account.get("outbound_recording_enabled", 1))
    call_id = ids.prefixed(scope.db, "CAL")
    rng = random.Random(call_id)
    answered = rng.random() < 0.7
    duration = rng.randint(30, 600) if answered else rng.randint(5, 40)
    row = calls.new_row(scope.db, account["id"], company_id, tracker, iso_z(scope.now), id=call_id,
                        direction="outbound", answered=int(answered), duration=duration,
                        recording_duration=duration if (answered and recording) else None,
                        tracking_phone_number=caller_id, business_phone_number=business,
                        customer_phone_number=customer, agent_id=agent_id or scope.user["id"],
                        recording_enabled=recording,
                        outbound_greeting_recording_url=data.get("outbound_greeting_recording_url"),
                        outbound_greeting_text=data.get("outbound_greeting_text"))
    calls.store(scope.db, conn, scope.now, row)
    placed = dict(row, answered=None, duration=None, recording_duration=None)
    events.publish(scope, "post_outbound_call", "call", row["id"], company_id)
    return row, placed


def simulate_inbound(scope, body: dict) -> dict:
    """Control plane: an inbound call to a tracking number of the account (DESIGN.md)."""
    data = load(SimulatedSchema, body)
    number = phones.parse(data["tracking_phone_number"], "tracking_phone_number")
    customer = phones.parse(data["customer_phone_number"], "customer_phone_number")
    tracker = trackers.by_number(scope.conn, scope.account["id"], number)
    if tracker is None:
        raise not_found("Tracking number")
    answered = data.get("answered", True)
    voicemail = bool(data.get("voicemail", False)) and not answered
    rng = random.Random(f"{number}{customer}{iso_z(scope.now)}")
    duration = data.get("duration")
    if duration is None:
        duration = rng.randint(30, 400) if answered else rng.randint(15, 60) if voicemail else rng.randint(0, 25)
    start = data.get("start_time") or scope.now
    if start > scope.now:
        raise bad_request("start_time", "start_time cannot be in the future of the emulator's clock")
    extra = {k: data[k] for k in ATTRIBUTION if data.get(k) is not None}
    if tracker["type"] != "session":
        extra.pop("device_type", None)
    flow = _json(tracker.get("call_flow"))
    recorded = flow.get("recording_enabled", True) is not False and (answered or voicemail) and duration > 0
    agent = _blank(data.get("agent_id"))
    if agent is not None and scope.conn.execute("SELECT 1 FROM users WHERE id = ? AND account_id = ?",
                                                (agent, scope.account["id"])).fetchone() is None:
        raise bad_request("agent_id", "agent_id does not name a user of this account")
    views = []
    if tracker["type"] == "session" and extra.get("landing_page_url"):
        session, views = _web_session(extra, start, rng)
        extra.update(session)
    row = calls.new_row(scope.db, scope.account["id"], tracker["company_id"], tracker, iso_z(start),
                        created_at=iso_z(scope.now),
                        tracking_phone_number=number, customer_phone_number=customer,
                        customer_name=data.get("customer_name"), answered=int(bool(answered)),
                        voicemail=int(voicemail), duration=duration,
                        business_phone_number=tracker["destination_number"] if answered else None,
                        recording_duration=duration if recorded else None,
                        agent_id=agent if answered else None, **extra)
    calls.store(scope.db, scope.conn, scope.now, row)
    insert_many(scope.conn, "call_page_views", [{**v, "account_id": row["account_id"]} for v in views])
    for name in ("pre_call", "answered_call", "post_call"):
        if name != "answered_call" or answered:
            events.publish(scope, name, "call", row["id"], row["company_id"])
    return row


def _web_session(extra: dict, start: datetime, rng) -> tuple[dict, list[dict]]:
    """The web session behind a simulated session-tracker call: it landed on landing_page_url
    (from referring_url) 1-15 minutes before the call and, when given, was on last_requested_url
    just before calling; those are the call's page views (doc 4128-4164)."""
    landing, last = extra["landing_page_url"], extra.get("last_requested_url")
    started = start - timedelta(seconds=rng.randint(60, 900))
    session_id = "SES" + hashlib.md5(f"{landing}|{iso_z(start)}|{rng.random()}".encode()).hexdigest()
    views = [{"session_id": session_id, "page_url": landing, "referrer_url": extra.get("referring_url"),
              "created_at": iso_z(started)}]
    if last and last != landing:
        views.append({"session_id": session_id, "page_url": last, "referrer_url": landing,
                      "created_at": iso_z(start - timedelta(seconds=rng.randint(5, 50)))})
    return {"session_id": session_id, "session_started_at": iso_z(started), "browser": "Chrome",
            "device_type": extra.get("device_type") or "desktop"}, views


ATTRIBUTION = ("source", "medium", "campaign", "keywords", "landing_page_url", "referring_url",
               "last_requested_url", "utm_source", "utm_medium", "utm_term", "utm_content", "utm_campaign",
               "gclid", "fbclid", "msclkid", "device_type", "note", "value")


SimulatedSchema = Schema.from_dict({
    "tracking_phone_number": fields.Raw(required=True),
    "customer_phone_number": fields.Raw(required=True),
    "customer_name": fields.Str(allow_none=True),
    "answered": fields.Bool(),
    "voicemail": fields.Bool(),
    "duration": fields.Int(allow_none=True, validate=validate.Range(min=0, max=86400)),
    "start_time": fields.AwareDateTime(allow_none=True),
    "agent_id": fields.Str(allow_none=True),
    "device_type": fields.Str(allow_none=True, validate=validate.OneOf(["desktop", "mobile"])),
    "value": fields.Float(allow_none=True, validate=money.validate),
    **{name: fields.Str(allow_none=True) for name in ATTRIBUTION if name not in ("device_type", "value")},
}, name="SimulatedCallSchema")


def _json(text):
    return json.loads(text) if isinstance(text, str) and text else {}
