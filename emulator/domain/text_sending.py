"""Sending a text ("Send a Text Message", with the opt-out rule) and receiving one (the control
plane's simulated inbound SMS): both append to the customer's conversation with the company."""
from __future__ import annotations

import re

from marshmallow import Schema, ValidationError, fields, validate

from emulator import events, ids
from emulator.clock import iso_z
from emulator.db import insert, update
from emulator.domain import people, phones, trackers
from emulator.domain.text_messages import get
from emulator.engine.body import load
from emulator.errors import bad_request, not_found

MAX_CONTENT = 140
MAX_INBOUND = 1600  # a long text arrives as at most ten concatenated SMS segments (docs/BEHAVIOUR.md)
# "use at least one approved keyword ... Approved examples: STOP, CANCEL, UNSUBSCRIBE, QUIT, or END"
OPT_OUT_KEYWORDS = re.compile(r"\b(STOP|CANCEL|UNSUBSCRIBE|QUIT|END)\b", re.IGNORECASE)
OPT_OUT_TEXT = "Reply STOP to unsubscribe."
_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _not_blank(value):
    if not value.strip():
        raise ValidationError("must not be blank")


class SendSchema(Schema):
    company_id = fields.Raw(required=True, allow_none=False)
    customer_phone_number = fields.Raw(required=True, allow_none=False)
    content = fields.Str(required=True, validate=[validate.Length(min=1, max=MAX_CONTENT), _not_blank])
    tracking_number = fields.Raw(allow_none=True)


def conversation_for(conn, company_id: str, customer: str):
    return conn.execute("SELECT * FROM text_conversations WHERE company_id=? AND customer_phone_number=?",
                        (company_id, customer)).fetchone()


def _sms_tracker(conn, account_id: str, number: str, company_id: str | None, parameter: str) -> dict:
    tracker = trackers.by_number(conn, account_id, number)
    if (tracker is None or (company_id and tracker["company_id"] != company_id)
            or tracker["status"] != "active" or not tracker["sms_enabled"]):
        raise bad_request(parameter, f"{parameter} must be an active, SMS-enabled tracking number of the company")
    return tracker


def send(scope, body: dict) -> dict:
    scope.require("admin", "manager")
    data = load(SendSchema, body)
    company = scope.company_param(data["company_id"], "company_id")
    customer = phones.parse(data["customer_phone_number"], "customer_phone_number")
    conversation = conversation_for(scope.conn, company["id"], customer)
    if data.get("tracking_number") not in (None, ""):
        number = phones.parse(data["tracking_number"], "tracking_number")
    elif conversation is not None:
        # "tracking_number is optional if there is an existing conversation"
        number = conversation["current_tracking_number"]
    else:
        raise bad_request("tracking_number", "tracking_number is required to start a new conversation")
    tracker = _sms_tracker(scope.conn, scope.account["id"], number, company["id"], "tracking_number")
    content = outgoing_content(scope.conn, conversation, data["content"])
    conversation_id, message = record(scope.db, scope.conn, scope.now, tracker, number, customer, "outgoing",
                                      content, user_id=scope.user["id"])
    events.publish(scope, "sms_sent", "text_message", str(message["id"]), company["id"],
                   conversation_id=conversation_id, person_id=message["person_id"])
    return get(scope, conversation_id)


def outgoing_content(conn, conversation, content: str) -> str:
    """The text as sent: the first outgoing text of a conversation gets opt-out instructions unless
    it names an approved keyword (changelog, 2024-09-10; 4789)."""
    first = conversation is None or not conn.execute(
        "SELECT 1 FROM text_messages WHERE conversation_id=? AND direction='outgoing' LIMIT 1",
        (conversation["id"],)).fetchone()
    return with_opt_out(content) if first and not OPT_OUT_KEYWORDS.search(content) else content


def with_opt_out(content: str) -> str:
    """The first text to a lead gets opt-out instructions when it has none (changelog, 2024-09-10)."""
    content = content.rstrip()
    return f"{content}{'' if content[-1] in '.!?' else '.'} {OPT_OUT_TEXT}"


def receive(scope, tracking_number, customer_number, content, customer_name=None) -> dict:
    """A text from the customer to a tracking number (the control plane's simulated inbound SMS)."""
    number = phones.parse(tracking_number, "tracking_phone_number")
    if trackers.by_number(scope.conn, scope.account["id"], number) is None:
        raise not_found("Tracking number")
    tracker = _sms_tracker(scope.conn, scope.account["id"], number, None, "tracking_phone_number")
    customer = phones.parse(customer_number, "customer_phone_number")
    if not isinstance(content, str) or not content.strip():
        raise bad_request("content", "content is required")
    if len(content) > MAX_INBOUND:
        raise bad_request("content", f"content must be at most {MAX_INBOUND} characters")
    if customer_name is not None and not isinstance(customer_name, str):
        raise bad_request("customer_name", "customer_name must be a string")
    conversation_id, message = record(scope.db, scope.conn, scope.now, tracker, number, customer, "incoming",
                                      content, customer_name=customer_name)
    events.publish(scope, "sms_received", "text_message", str(message["id"]), tracker["company_id"],
                   conversation_id=conversation_id, person_id=message["person_id"])
    return get(scope, conversation_id)


def record(db, conn, now, tracker: dict, number: str, customer: str, direction: str, content: str,
           user_id: str | None = None, customer_name: str | None = None, at: str | None = None):
    """Append a message to the customer's conversation with the company, opening it if new.
    Shared by the API, the control plane and the seeds."""
    at = at or iso_z(now)
    company_id = tracker["company_id"]
    person = people.find_or_create(db, conn, now, tracker["account_id"], company_id, phone_number=customer,
                                   name=customer_name)
    conversation = conversation_for(conn, company_id, customer)
    if conversation is None:
        conversation_id = _conversation_id(db, conn)
        insert(conn, "text_conversations", {
            "id": conversation_id, "account_id": tracker["account_id"], "company_id": company_id,
            "person_id": person["id"], "customer_phone_number": customer,
            "customer_name": customer_name or person.get("name"),
            "initial_tracker_id": tracker["id"], "initial_tracking_number": number,
            "current_tracker_id": tracker["id"], "current_tracking_number": number, "state": "active",
            "last_message_at": at, "created_at": at})
    else:
        conversation_id = conversation["id"]
        changes = {"current_tracker_id": tracker["id"], "current_tracking_number": number, "state": "active",
                   "last_message_at": max(at, conversation["last_message_at"] or at)}
        if customer_name or (not conversation["customer_name"] and person.get("name")):
            changes["customer_name"] = customer_name or person.get("name")
        update(conn, "text_conversations", {"id": conversation_id}, changes)
    message = {"id": ids.numeric(db, "text_message", "text_messages", "id"),
               "resource_id": ids.prefixed(db, "SCI"), "account_id": tracker["account_id"],
               "company_id": company_id, "conversation_id": conversation_id, "direction": direction,
               "content": content, "status": "sent" if direction == "outgoing" else None, "user_id": user_id,
               "tracker_id": tracker["id"], "tracking_number": number, "created_at": at}
    insert(conn, "text_messages", message)
    return conversation_id, {**message, "person_id": person["id"]}



def _conversation_id(db, conn) -> str:
    while True:
        n = int(ids.prefixed(db, "SMC")[3:], 16)
        text = "".join(_BASE62[(n // 62 ** i) % 62] for i in range(5))
        if not conn.execute("SELECT 1 FROM text_conversations WHERE id=?", (text,)).fetchone():
            return text
