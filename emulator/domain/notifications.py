"""Notifications ("Notifications"): per-user (or email-only) alerts on incoming calls and
texts, limited to a tracker, a company or the whole account."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from emulator import ids
from emulator.clock import iso_z
from emulator.db import insert, schema, update
from emulator.engine.body import load
from emulator.engine.collection import Query
from emulator.engine.resource import Filter, Flag, Resource
from emulator.errors import bad_request, forbidden, not_found

schema("""
CREATE TABLE IF NOT EXISTS notifications (
    id INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    user_id TEXT REFERENCES users(id) ON DELETE CASCADE,   -- NULL for an email-only user
    email TEXT,                                            -- the email-only user's address
    agent_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    company_id TEXT REFERENCES companies(id) ON DELETE CASCADE,
    tracker_id TEXT REFERENCES trackers(id) ON DELETE CASCADE,
    alert_type TEXT,
    call_enabled INTEGER NOT NULL DEFAULT 0,
    sms_enabled INTEGER NOT NULL DEFAULT 0,
    send_desktop INTEGER NOT NULL DEFAULT 0,
    send_email INTEGER NOT NULL DEFAULT 0,
    send_push INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS notifications_account_user ON notifications(account_id, user_id);
CREATE INDEX IF NOT EXISTS notifications_account_email ON notifications(account_id, email);
""")

ALERT_TYPES = ("all", "first_call", "missed_and_vm", "vm_only")
CHANNELS = ("send_desktop", "send_email", "send_push")
CALL_NAMES = {"all": "All Calls", "first_call": "First-Time Calls",
              "missed_and_vm": "Missed Calls and Voicemails", "vm_only": "Voicemails"}


class NotificationSchema(Schema):
    id = fields.Int()
    user_id = fields.Str(allow_none=True)
    email = fields.Str(allow_none=True)
    agent_id = fields.Str(allow_none=True)
    agent_name = fields.Str(allow_none=True)
    alert_type = fields.Str(allow_none=True)
    call_enabled = Flag()
    company_id = fields.Str(allow_none=True)
    company_name = fields.Str(allow_none=True)
    name = fields.Str()
    send_desktop = Flag()
    send_email = Flag()
    send_push = Flag()
    sms_enabled = Flag()
    tracker_id = fields.Str(allow_none=True)
    tracker_name = fields.Str(allow_none=True)


def _names(conn, table: str, expr: str, keys) -> dict:
    keys = sorted({k for k in keys if k})
    if not keys:
        return {}
    marks = ",".join("?" * len(keys))
    return {r[0]: r[1] for r in conn.execute(f"SELECT id, {expr} FROM {table} WHERE id IN ({marks})", keys)}


def describe(obj: dict) -> str:
    """The generated `name`, e.g. "All Calls and All Texts for Katherine's Ice Cream"."""
    parts = []
    if obj["call_enabled"]:
        parts.append(CALL_NAMES.get(obj["alert_type"], "All Calls"))
    if obj["sms_enabled"]:
        parts.append("All Texts")
    target = obj.get("tracker_name") or obj.get("company_name") or "All Companies"
    return f"{' and '.join(parts) or 'No Alerts'} for {target}"


def _prepare(scope, rows, selected):
    objects = [dict(r) for r in rows]
    conn = scope.conn
    companies = _names(conn, "companies", "name", [o["company_id"] for o in objects])
    trackers = _names(conn, "trackers", "name", [o["tracker_id"] for o in objects])
    agents = _names(conn, "users", "first_name || ' ' || last_name", [o["agent_id"] for o in objects])
    for obj in objects:
        obj["company_name"] = companies.get(obj["company_id"])
        obj["tracker_name"] = trackers.get(obj["tracker_id"])
        obj["agent_name"] = agents.get(obj["agent_id"])
        obj["name"] = describe(obj)
    return objects


def _user_filter(scope, values):
    return "notifications.user_id = ?", [_user(scope, values[0], "user_id")["id"]]


RESOURCE = Resource(
    name="notification", table="notifications", schema=NotificationSchema,
    collection_key="notifications",
    default_sort="notifications.id ASC",
    filters={
        "notification_type": Filter(values={c: f"notifications.{c} = 1" for c in CHANNELS}),
        "user_id": Filter(sql=_user_filter),
        "email": Filter(sql=lambda scope, values: ("notifications.email = ?", [values[0]])),
    },
    prepare=_prepare,
)


class SettingsSchema(Schema):
    company_id = fields.Raw(allow_none=True)
    tracker_id = fields.Raw(allow_none=True)
    call_enabled = fields.Bool()
    sms_enabled = fields.Bool()
    alert_type = fields.Str(allow_none=True, validate=validate.OneOf(ALERT_TYPES))
    send_desktop = fields.Bool()
    send_email = fields.Bool()
    send_push = fields.Bool()


class CreateSchema(SettingsSchema):
    user_id = fields.Str(allow_none=True)
    email = fields.Email(allow_none=True)
    agent_id = fields.Str(allow_none=True)


def list_base(scope) -> Query:
    """Non-administrators see only their own notifications (they manage only those)."""
    query = Query().where("notifications.account_id = ?", scope.account["id"])
    if not scope.is_admin:
        query.where("notifications.user_id = ?", scope.user["id"])
    return query


def _user(scope, user_id, parameter: str) -> dict:
    row = scope.conn.execute("SELECT * FROM users WHERE id=? AND account_id=?",
                             (str(user_id), scope.account["id"])).fetchone()
    if row is None:
        raise bad_request(parameter, f"{parameter} does not name a user of this account: {user_id!r}")
    return dict(row)


def get(scope, notification_id) -> dict:
    row = scope.conn.execute("SELECT * FROM notifications WHERE id=? AND account_id=?",
                             (ids.as_int(notification_id), scope.account["id"])).fetchone()
    if row is None:
        raise not_found("Notification")
    return dict(row)


def _manageable(scope, notification_id) -> dict:
    """The doc's 403 "If the specified notification is not managed by the current authorized user"."""
    row = get(scope, notification_id)
    if not scope.is_admin and row["user_id"] != scope.user["id"]:
        raise forbidden()
    return row


def _target(scope, data: dict, row: dict, recipient: dict | None) -> dict:
    """company_id and tracker_id after applying the body: a tracker fixes its company."""
    company_id, tracker_id = row.get("company_id"), row.get("tracker_id")
    if data.get("tracker_id") not in (None, ""):
        tracker = scope.conn.execute("SELECT id, company_id FROM trackers WHERE id=? AND account_id=?",
                                     (str(data["tracker_id"]), scope.account["id"])).fetchone()
        if tracker is None or not scope.can_see_company(tracker["company_id"]):
            raise bad_request("tracker_id", f"tracker_id does not name a tracker of this account: {data['tracker_id']!r}")
        if data.get("company_id") not in (None, ""):
            if scope.company_param(data["company_id"], "company_id")["id"] != tracker["company_id"]:
                raise bad_request("tracker_id", "tracker_id does not belong to the company given in company_id")
        company_id, tracker_id = tracker["company_id"], tracker["id"]
    elif "tracker_id" in data or "company_id" in data:
        if "company_id" in data:
            company_id = (None if data["company_id"] in (None, "")
                          else scope.company_param(data["company_id"], "company_id")["id"])
        if "tracker_id" in data:
            tracker_id = None
        elif tracker_id and company_id != row.get("company_id"):
            tracker_id = None   # a new company drops a tracker of the old one
    if recipient and recipient["role"] != "admin" and company_id:
        granted = scope.conn.execute("SELECT 1 FROM user_companies WHERE user_id=? AND company_id=?",
                                     (recipient["id"], company_id)).fetchone()
        if not granted:
            raise bad_request("company_id", "The user receiving the notification has no access to this company")
    return {"company_id": company_id, "tracker_id": tracker_id}


def _check(values: dict) -> None:
    if values["call_enabled"] and not values.get("alert_type"):
        raise bad_request("alert_type", "alert_type is required when call_enabled is true")
    if values.get("email"):
        # Email-only users: "a company_id or tracker_id must also be specified and only a
        # type of send_email is allowed" (Creating a Notification).
        if not values["company_id"] and not values["tracker_id"]:
            raise bad_request("company_id", "company_id or tracker_id is required for an email-only user")
        for channel in ("send_push", "send_desktop"):
            if values[channel]:
                raise bad_request(channel, f"{channel} is not available to email-only users; only send_email is allowed")


def create(scope, body: dict) -> dict:
    data = load(CreateSchema, body)
    if data.get("user_id") and data.get("email"):
        raise bad_request("email", "Specify either user_id or email, not both")
    recipient = None
    if data.get("email"):
        if not scope.is_admin:
            raise forbidden()
    else:
        recipient = _user(scope, data["user_id"], "user_id") if data.get("user_id") else scope.user
        if recipient["id"] != scope.user["id"] and not scope.is_admin:
            raise forbidden()
    agent_id = _user(scope, data["agent_id"], "agent_id")["id"] if data.get("agent_id") else None
    email_only = bool(data.get("email"))
    values = {"account_id": scope.account["id"], "user_id": recipient["id"] if recipient else None,
              "email": data.get("email") or None, "agent_id": agent_id,
              **_target(scope, data, {}, recipient),
              "alert_type": data.get("alert_type"),
              "call_enabled": data.get("call_enabled", False), "sms_enabled": data.get("sms_enabled", False),
              "send_desktop": data.get("send_desktop", False),
              "send_email": data.get("send_email", email_only), "send_push": data.get("send_push", False),
              "created_at": iso_z(scope.now)}
    _check(values)
    return get(scope, insert_notification(scope.conn, values))


def insert_notification(conn, values: dict) -> int:
    row = {k: int(v) if isinstance(v, bool) else v for k, v in values.items()}
    insert(conn, "notifications", row)
    return conn.execute("SELECT last_insert_rowid()").fetchone()[0]


def change(scope, notification_id, body: dict) -> dict:
    row = _manageable(scope, notification_id)
    # "Only the certain settings may be modified. To change the scope or user, delete the
    # record and create a new one." (Updating a Notification)
    for fixed in ("user_id", "email", "agent_id"):
        if fixed in body:
            raise bad_request(fixed, f"{fixed} cannot be changed; delete the notification and create a new one")
    data = load(SettingsSchema, body, partial=True)
    recipient = _user(scope, row["user_id"], "user_id") if row["user_id"] else None
    changes = {k: data[k] for k in ("alert_type", "call_enabled", "sms_enabled", *CHANNELS) if k in data}
    changes.update(_target(scope, data, row, recipient))
    _check({**row, **changes})
    update(scope.conn, "notifications", {"id": row["id"]},
           {k: int(v) if isinstance(v, bool) else v for k, v in changes.items()})
    return get(scope, row["id"])


def delete(scope, notification_id) -> None:
    row = _manageable(scope, notification_id)
    scope.conn.execute("DELETE FROM notifications WHERE id=?", (row["id"],))
