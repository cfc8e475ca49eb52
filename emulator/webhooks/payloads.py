"""The documented webhook bodies ("Webhooks" > "Events").

Call events: the call object of "Retrieving a Single Call" (its default fields plus the
selectable fields the doc's example body shows, "Security" > "Validating Payloads") followed by
the legacy keys of that example; modified events append `changes`. Texts and forms: the keys of
their tables. Every body has `timestamp` (when the event happened, with the offset of the
company's time zone) for replay protection. Bodies are compact JSON, signed byte for byte.
"""
from __future__ import annotations

import json
import re

from emulator.clock import parse_stored
from emulator.domain.scope import Scope

CALL_EVENTS = ("pre_call", "answered_call", "post_call", "updated_call", "post_outbound_call",
               "updated_outbound_call")
TEXT_EVENTS = ("sms_received", "sms_sent")
FORM_EVENTS = ("form_captured",)
EVENTS = CALL_EVENTS + TEXT_EVENTS + FORM_EVENTS
MODIFIED_EVENTS = ("updated_call", "updated_outbound_call")

# The doc's example call webhook body (line 6496), key by key, in its order.
EXAMPLE_CALL_KEYS = (
    "answered", "business_phone_number", "call_type", "company_id", "company_name", "company_time_zone",
    "created_at", "customer_city", "customer_country", "customer_name", "customer_phone_number",
    "customer_state", "device_type", "direction", "duration", "first_call", "formatted_call_type",
    "formatted_customer_location", "formatted_business_phone_number", "formatted_customer_name",
    "prior_calls", "formatted_customer_name_or_phone_number", "formatted_customer_phone_number",
    "formatted_duration", "formatted_tracking_phone_number", "formatted_tracking_source",
    "formatted_value", "good_lead_call_id", "good_lead_call_time", "id", "lead_status", "note",
    "recording", "recording_duration", "source_name", "start_time", "tags", "total_calls",
    "tracking_phone_number", "transcription", "value", "voicemail", "tracker_id", "keywords", "medium",
    "referring_url", "landing_page_url", "last_requested_url", "referrer_domain",
    "conversational_transcript", "utm_source", "utm_medium", "utm_term", "utm_content", "utm_campaign",
    "utma", "utmb", "utmc", "utmv", "utmz", "ga", "gclid", "integration_data", "keywords_spotted",
    "recording_player", "speaker_percent", "call_highlights", "callercity", "callercountry",
    "callername", "callernum", "callerstate", "callsource", "campaign", "custom", "datetime",
    "destinationnum", "ip", "kissmetrics_id", "landingpage", "referrer", "referrermedium", "score", "tag",
    "trackingnum", "timestamp")

# Legacy keys (not fields of the v3 call object): how each follows from the rendered call.
LEGACY_COPIES = {"callercity": "customer_city", "callercountry": "customer_country",
                 "callername": "customer_name", "callernum": "customer_phone_number",
                 "callerstate": "customer_state", "destinationnum": "business_phone_number",
                 "landingpage": "landing_page_url", "referrer": "referrer_domain",
                 "referrermedium": "medium", "trackingnum": "tracking_phone_number"}
LEGACY_BLANK = ("custom", "ip", "kissmetrics_id")


def webhook_scope(emulator, conn, event: dict, base_url: str) -> Scope:
    """The account admin's view, rendering times in the company's time zone."""
    account = dict(conn.execute("SELECT * FROM accounts WHERE id=?", (event["account_id"],)).fetchone())
    admin = conn.execute("SELECT * FROM users WHERE account_id=? AND role='admin' ORDER BY rowid LIMIT 1",
                         (event["account_id"],)).fetchone()
    company = conn.execute("SELECT time_zone FROM companies WHERE id=?", (event["company_id"],)).fetchone()
    args = {"time_zone": company["time_zone"]} if company else {}
    return Scope(db=emulator.db, user=dict(admin), account=account, company_ids=None,
                 now=parse_stored(event["created_at"]), base_url=base_url, args=args)


def build(scope: Scope, event: dict) -> dict | None:
    """The body of an event, or None when its record no longer exists."""
    name = event["name"]
    data = json.loads(event["data"] or "{}")
    if name in CALL_EVENTS:
        payload = call_payload(scope, event["record_id"], name)
        if payload is None:
            return None
        payload["timestamp"] = scope.local_time(event["created_at"])
        if name in MODIFIED_EVENTS:
            payload["changes"] = list(data.get("changes") or [])
        return payload
    if name in TEXT_EVENTS:
        return _with_timestamp(scope, event, text_payload(scope, event))
    if name in FORM_EVENTS:
        return _with_timestamp(scope, event, form_payload(scope, event["record_id"]))
    return None


def encode(payload: dict) -> str:
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False)


def _with_timestamp(scope, event, payload: dict | None) -> dict | None:
    if payload is not None and not payload.get("timestamp"):
        payload["timestamp"] = scope.local_time(event["created_at"])
    return payload


# -- calls -----------------------------------------------------------------------------------

# Before a call ends, the pre-call and call-routing-complete webhooks "contain less information
# than the post-call webhook ... the call duration, whether the call was answered, and a link to
# the recording" (Webhooks > Events): the stored (finished) call is shown as it was then.
IN_PROGRESS = {"duration": None, "voicemail": 0, "call_type": "in_progress", "recording_duration": None,
               "recording_key": None, "transcription": None, "conversational_transcript": None,
               "call_summary": None, "call_highlights": None, "keywords_spotted": None, "sentiment": None,
               "agent_talk_percent": None, "keypad_entries": None}
EARLY = {"pre_call": {**IN_PROGRESS, "answered": None, "business_phone_number": None, "agent_id": None},
         "answered_call": {**IN_PROGRESS, "answered": 1}}


def call_payload(scope: Scope, call_id: str, event: str = "post_call") -> dict | None:
    from emulator.domain import calls
    from emulator.engine.shape import render

    row = scope.conn.execute("SELECT * FROM calls WHERE id=? AND account_id=?",
                             (call_id, scope.account["id"])).fetchone()
    if row is None:
        return None
    row = {**dict(row), **EARLY.get(event, {})}
    resource = getattr(calls, "SINGLE", calls.RESOURCE)
    selected = [k for k in resource.optional_fields if k in EXAMPLE_CALL_KEYS]
    call = render(scope, resource, [row], selected)[0]
    payload = {}
    for key in EXAMPLE_CALL_KEYS:
        if key in call:
            payload[key] = call[key]
        elif key in LEGACY_COPIES:
            payload[key] = _blank(call.get(LEGACY_COPIES[key], row[LEGACY_COPIES[key]]))
        elif key in LEGACY_BLANK:
            payload[key] = ""
    for key, value in call.items():  # default fields the example does not show
        payload.setdefault(key, value)
    payload["callsource"] = _slug(row["source"])
    payload["datetime"] = parse_stored(row["start_time"]).strftime("%Y-%m-%d %H:%M:%S")
    payload["score"] = _score(row["lead_status"], call.get("lead_status"))
    payload["tag"] = ",".join(call.get("tags") or [])
    return _in_example_order(payload)


def _in_example_order(payload: dict) -> dict:
    order = {k: i for i, k in enumerate(EXAMPLE_CALL_KEYS)}
    return dict(sorted(payload.items(), key=lambda kv: order.get(kv[0], len(order))))


def _blank(value):
    return "" if value is None else value


def _slug(source: str | None) -> str:
    """"Google Paid" -> "google_paid", as the example's callsource shows."""
    return re.sub(r"[^a-z0-9]+", "_", (source or "").lower()).strip("_")


def _score(own: str | None, shown: str | None) -> int | None:
    """The legacy lead score: 1 for a good (or previously good) lead, 0 for not a lead."""
    if "good_lead" in (own or "") or "good_lead" in (shown or ""):
        return 1
    return 0 if own == "not_a_lead" else None


# -- texts and forms -----------------------------------------------------------------------------

def text_payload(scope: Scope, event: dict) -> dict | None:
    from emulator.domain import text_messages
    from emulator.errors import ApiError

    try:
        return text_messages.webhook_payload(scope, event["record_id"])
    except ApiError:
        return None


def form_payload(scope: Scope, submission_id: str) -> dict | None:
    from emulator.domain import form_submissions
    from emulator.errors import ApiError

    try:
        return form_submissions.webhook_payload(scope, submission_id)
    except ApiError:
        return None
