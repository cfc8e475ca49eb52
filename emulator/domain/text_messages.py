"""Text messages ("Text Messages"): SMS conversations between a company's tracking numbers and
one customer and their messages: storage, the conversation list, one conversation, the webhook
bodies. Sending and receiving live in text_sending."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from marshmallow import Schema, fields

from emulator.clock import iso_offset, parse_stored
from emulator.db import schema
from emulator.domain import people, phones
from emulator.domain.form_data import display_name
from emulator.engine.collection import Query, fetch, list_collection
from emulator.engine.resource import Resource, optional
from emulator.engine.shape import selected_fields
from emulator.errors import not_found

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


def list_conversations(scope, args) -> dict:
    """Listing All Conversations; a phone number searched as written ("(404) 222-3333") is matched
    by its digits, as for calls (docs/BEHAVIOUR.md)."""
    return list_collection(scope, CONVERSATIONS, phones.search_args(args))


def get(scope, conversation_id) -> dict:
    return fetch(scope, CONVERSATIONS, conversation_id, "Conversation")


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
