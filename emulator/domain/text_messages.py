"""Text messages ("Text Messages"): SMS conversations between a company's tracking numbers and
one customer, their messages, sending (with the opt-out rule) and receiving."""
from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from marshmallow import Schema, ValidationError, fields, validate

from emulator import events, ids
from emulator.clock import iso_offset, iso_z, parse_stored
from emulator.db import insert, schema, update
from emulator.domain import people, phones, trackers
from emulator.domain.form_data import display_name
from emulator.engine.body import load
from emulator.engine.collection import Query, list_collection
from emulator.engine.resource import Resource, optional
from emulator.engine.shape import selected_fields
from emulator.errors import bad_request, not_found

schema("""
CREATE TABLE IF NOT EXISTS text_conversations (
    id TEXT PRIMARY KEY,                      -- five letters and digits, like "KZaGR"
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    person_id TEXT,
    customer_phone_number TEXT NOT NULL,      -- E.164
    customer_name TEXT,
    initial_tracker_id TEXT NOT NULL,
    initial_tracking_number TEXT NOT NULL,
    current_tracker_id TEXT NOT NULL,
    current_tracking_number TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'active',     -- active | archived
    last_message_at TEXT,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS text_conversations_customer ON text_conversations(company_id, customer_phone_number);
CREATE INDEX IF NOT EXISTS text_conversations_account_last ON text_conversations(account_id, last_message_at);
CREATE INDEX IF NOT EXISTS text_conversations_company_last ON text_conversations(company_id, last_message_at);
CREATE INDEX IF NOT EXISTS text_conversations_person ON text_conversations(person_id);
CREATE TABLE IF NOT EXISTS text_messages (
    seq INTEGER PRIMARY KEY,
    id INTEGER NOT NULL UNIQUE,               -- the message's numeric id (23456 in the doc)
    resource_id TEXT NOT NULL UNIQUE,         -- SCI + 32 hex (webhooks' resource_id)
    account_id TEXT NOT NULL,
    company_id TEXT NOT NULL,
    conversation_id TEXT NOT NULL REFERENCES text_conversations(id) ON DELETE CASCADE,
    direction TEXT NOT NULL,                  -- incoming | outgoing
    content TEXT NOT NULL,
    status TEXT,                              -- sent (outgoing) | NULL (incoming)
    user_id TEXT,
    tracker_id TEXT NOT NULL,
    tracking_number TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS text_messages_conversation ON text_messages(conversation_id, created_at, seq);
""")

MAX_CONTENT = 140
# "use at least one approved keyword ... Approved examples: STOP, CANCEL, UNSUBSCRIBE, QUIT, or END"
OPT_OUT_KEYWORDS = re.compile(r"\b(STOP|CANCEL|UNSUBSCRIBE|QUIT|END)\b", re.IGNORECASE)
OPT_OUT_TEXT = "Reply STOP to unsubscribe."
_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


class RecentMessageSchema(Schema):
    direction = fields.Str()
    content = fields.Str()
    created_at = fields.Str()


class ConversationSchema(Schema):
    id = fields.Str()
    company_id = fields.Str()
    initial_tracker_id = fields.Str()
    current_tracker_id = fields.Str()
    customer_name = fields.Str(allow_none=True)
    customer_phone_number = fields.Str()
    initial_tracking_number = fields.Str()
    current_tracking_number = fields.Str()
    last_message_at = fields.Str(allow_none=True)
    state = fields.Str()
    company_time_zone = fields.Str()
    formatted_customer_phone_number = fields.Str()
    formatted_initial_tracking_number = fields.Str()
    formatted_current_tracking_number = fields.Str()
    formatted_customer_name = fields.Str(allow_none=True)
    recent_messages = fields.List(fields.Nested(RecentMessageSchema))
    lead_status = fields.Str(allow_none=True, metadata=optional())


class MessageSchema(Schema):
    id = fields.Int()
    content = fields.Str()
    created_at = fields.Str()
    status = fields.Str(allow_none=True)
    direction = fields.Str()
    user = fields.Dict(allow_none=True)


def _prepare(scope, rows, selected):
    conn = scope.conn
    conversation_ids = [r["id"] for r in rows]
    recent: dict[str, list] = {c: [] for c in conversation_ids}
    if rows:
        marks = ",".join("?" * len(rows))
        for m in conn.execute(
                f"SELECT conversation_id, direction, content, created_at FROM ("
                f" SELECT *, ROW_NUMBER() OVER (PARTITION BY conversation_id ORDER BY created_at DESC, seq DESC) AS n"
                f" FROM text_messages WHERE conversation_id IN ({marks})) WHERE n <= 2 "
                f"ORDER BY conversation_id, n", conversation_ids):
            recent[m["conversation_id"]].append(dict(m))
    zones = {}
    if rows:
        wanted = sorted({r["company_id"] for r in rows})
        zones = {r[0]: r[1] for r in conn.execute(
            f"SELECT id, time_zone FROM companies WHERE id IN ({','.join('?' * len(wanted))})", wanted)}
    firsts = people.first_good_leads(conn, [r["person_id"] for r in rows]) if "lead_status" in selected else {}
    objects = []
    for row in rows:
        obj = dict(row)
        obj.update(company_time_zone=zones.get(row["company_id"]),
                   formatted_customer_phone_number=phones.formatted(row["customer_phone_number"]),
                   formatted_initial_tracking_number=phones.formatted(row["initial_tracking_number"]),
                   formatted_current_tracking_number=phones.formatted(row["current_tracking_number"]),
                   formatted_customer_name=display_name(row["customer_name"]),
                   recent_messages=recent.get(row["id"], []),
                   # Only previously_marked_good_lead or null for conversations (Listing All Conversations).
                   lead_status=people.lead_status(None, row["person_id"], "9999", firsts)[0])
        objects.append(obj)
    return objects


def _dashed_sql(column: str) -> str:
    return f"substr({column}, 3, 3) || '-' || substr({column}, 6, 3) || '-' || substr({column}, 9, 4)"


CONVERSATIONS = Resource(
    name="conversation", table="text_conversations", schema=ConversationSchema, collection_key="conversations",
    # "ordered by their most recent message and the newest conversations are returned first"
    default_sort="text_conversations.last_message_at DESC, text_conversations.rowid DESC",
    search=("text_conversations.customer_phone_number", "text_conversations.customer_name",
            _dashed_sql("text_conversations.customer_phone_number")),
    date_column="last_message_at",
    company_column="company_id",
    prepare=_prepare,
)
RESOURCE = CONVERSATIONS


def _prepare_messages(scope, rows, selected):
    user_ids = sorted({r["user_id"] for r in rows if r["user_id"]})
    names = {}
    if user_ids:
        names = {r["id"]: f"{r['first_name']} {r['last_name']}" for r in scope.conn.execute(
            f"SELECT id, first_name, last_name FROM users WHERE id IN ({','.join('?' * len(user_ids))})", user_ids)}
    return [{**dict(r), "user": {"id": r["user_id"], "name": names.get(r["user_id"])} if r["user_id"] else None}
            for r in rows]


MESSAGES = Resource(
    name="text_message", table="text_messages", schema=MessageSchema, collection_key="messages",
    # "Text messages in the conversation are ordered by the most recent message first."
    default_sort="text_messages.created_at DESC, text_messages.seq DESC",
    prepare=_prepare_messages,
)


def get(scope, conversation_id) -> dict:
    row = scope.conn.execute("SELECT * FROM text_conversations WHERE id=? AND account_id=?",
                             (str(conversation_id), scope.account["id"])).fetchone()
    if row is None or not scope.can_see_company(row["company_id"]):
        raise not_found("Conversation")
    return row


def render(scope, row, selected=(), recent: bool = True) -> dict:
    only = [f for f in CONVERSATIONS.default_fields if recent or f != "recent_messages"] + list(selected)
    return ConversationSchema(only=only).dump(_prepare(scope, [row], selected)[0])


def show(scope, conversation_id, args) -> dict:
    """The conversation with its messages paginated, newest first (Retrieving A Single Text Conversation)."""
    selected = selected_fields(CONVERSATIONS, args)
    row = get(scope, conversation_id)
    paging = {k: args[k] for k in ("page", "per_page") if k in args}
    messages = list_collection(scope, MESSAGES, paging,
                               Query().where("text_messages.conversation_id = ?", row["id"]))
    return {**render(scope, row, selected, recent=False), **messages}


# -- sending and receiving

def _not_blank(value):
    if not value.strip():
        raise ValidationError("must not be blank")


class SendSchema(Schema):
    company_id = fields.Raw(required=True, allow_none=False)
    customer_phone_number = fields.Raw(required=True, allow_none=False)
    content = fields.Str(required=True, validate=[validate.Length(min=1, max=MAX_CONTENT), _not_blank])
    tracking_number = fields.Raw(allow_none=True)


def _conversation_for(conn, company_id: str, customer: str):
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
    conversation = _conversation_for(scope.conn, company["id"], customer)
    if data.get("tracking_number") not in (None, ""):
        number = phones.parse(data["tracking_number"], "tracking_number")
    elif conversation is not None:
        # "tracking_number is optional if there is an existing conversation"
        number = conversation["current_tracking_number"]
    else:
        raise bad_request("tracking_number", "tracking_number is required to start a new conversation")
    tracker = _sms_tracker(scope.conn, scope.account["id"], number, company["id"], "tracking_number")
    content = data["content"]
    first_text = conversation is None or not scope.conn.execute(
        "SELECT 1 FROM text_messages WHERE conversation_id=? AND direction='outgoing' LIMIT 1",
        (conversation["id"],)).fetchone()
    if first_text and not OPT_OUT_KEYWORDS.search(content):
        content = with_opt_out(content)
    conversation_id, message = record(scope.db, scope.conn, scope.now, tracker, number, customer, "outgoing",
                                      content, user_id=scope.user["id"])
    events.publish(scope, "sms_sent", "text_message", str(message["id"]), company["id"],
                   conversation_id=conversation_id, person_id=message["person_id"])
    return get(scope, conversation_id)


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
    conversation = _conversation_for(conn, company_id, customer)
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
    message = {"id": _unique(conn, "id", lambda: ids.numeric(db, "text_message")),
               "resource_id": ids.prefixed(db, "SCI"), "account_id": tracker["account_id"],
               "company_id": company_id, "conversation_id": conversation_id, "direction": direction,
               "content": content, "status": "sent" if direction == "outgoing" else None, "user_id": user_id,
               "tracker_id": tracker["id"], "tracking_number": number, "created_at": at}
    insert(conn, "text_messages", message)
    return conversation_id, {**message, "person_id": person["id"]}


def _unique(conn, column: str, make):
    while True:
        value = make()
        if not conn.execute(f"SELECT 1 FROM text_messages WHERE {column}=?", (value,)).fetchone():
            return value


def _conversation_id(db, conn) -> str:
    while True:
        n = int(ids.prefixed(db, "SMC")[3:], 16)
        text = "".join(_BASE62[(n // 62 ** i) % 62] for i in range(5))
        if not conn.execute("SELECT 1 FROM text_conversations WHERE id=?", (text,)).fetchone():
            return text


def webhook_payload(scope, message_id) -> dict:
    """The keys of the Text Message Received / Sent webhook tables, for the webhook dispatcher."""
    m = scope.conn.execute(
        "SELECT m.*, c.person_id, c.customer_phone_number, co.time_zone, "
        "u.first_name || ' ' || u.last_name AS agent FROM text_messages m "
        "JOIN text_conversations c ON c.id = m.conversation_id JOIN companies co ON co.id = m.company_id "
        "LEFT JOIN users u ON u.id = m.user_id WHERE m.id = ? AND m.account_id = ?",
        (int(message_id), scope.account["id"])).fetchone()
    if m is None:
        raise not_found("Text message")
    good = people.previously_good_lead(scope.conn, m["person_id"], m["created_at"])
    outgoing = m["direction"] == "outgoing"
    payload = {"id": m["id"], "resource_id": m["resource_id"]}
    if outgoing:
        payload["agent"] = m["agent"]
    payload.update({
        "source_number": phones.formatted(m["tracking_number"] if outgoing else m["customer_phone_number"]),
        "destination_number": phones.formatted(m["customer_phone_number"] if outgoing else m["tracking_number"]),
        "content": m["content"],
        "timestamp": iso_offset(parse_stored(m["created_at"]), ZoneInfo(m["time_zone"])),
        "lead_status": "previously_marked_good_lead" if good else None,
        "conversation_id": m["conversation_id"], "company_resource_id": m["company_id"],
        "person_resource_id": m["person_id"]})
    return payload
