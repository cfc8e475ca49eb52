"""The webhook delivery log, flush, redelivery, settings, and firing any event for an existing
call, text message or form submission (DESIGN.md, control plane)."""
from __future__ import annotations

import json

from flask import request

from emulator import events, ids
from emulator.control import body, bp, control_route, state
from emulator.control.basics import admin_scope
from emulator.domain import accounts
from emulator.errors import ApiError, bad_request, invalid
from emulator.webhooks import dispatcher, payloads

FILTERS = ("event", "status", "url", "account_id", "company_id", "record_id", "integration_id")
STATUSES = ("queued", "sending", "delivered", "failed")
MAX_FAILURE_LIMIT = 1_000_000
RECORDS = {"call": "call_id", "text": "text_message_id", "form": "form_submission_id"}


def _dispatcher() -> dispatcher.Dispatcher:
    return dispatcher.attach(state())


def delivery_json(row) -> dict:
    return {"id": row["id"], "event": row["event"], "url": row["url"],
            "request_headers": json.loads(row["request_headers"]), "request_body": row["request_body"],
            "status_code": row["status_code"], "error": row["error"], "attempted_at": row["attempted_at"],
            "status": row["status"], "account_id": row["account_id"], "company_id": row["company_id"],
            "integration_id": row["integration_id"], "record_type": row["record_type"],
            "record_id": row["record_id"], "created_at": row["created_at"],
            "duration_ms": row["duration_ms"], "response_body": row["response_body"],
            "redelivery_of": row["redelivery_of"]}


@control_route("/webhooks")
def list_deliveries():
    where, values = [], []
    for name in FILTERS:
        value = request.args.get(name)
        if value:
            where.append(f"{name}=?")
            values.append(_filter_value(name, value))
    after = _whole(request.args.get("after"), "after")  # poll for new ones: ?after=<last id seen>
    if after is not None:
        where.append("id>?")
        values.append(after)
    limit = _whole(request.args.get("limit"), "limit")
    sql = "SELECT * FROM webhook_deliveries"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY id" + (" LIMIT ?" if limit is not None else "")
    rows = state().db.conn().execute(sql, values + ([limit] if limit is not None else [])).fetchall()
    return {"deliveries": [delivery_json(r) for r in rows]}


def _filter_value(name: str, value: str):
    """A typo in a filter is a 400 naming it, not an empty list that looks like "nothing sent"."""
    if name == "event" and value not in payloads.EVENTS:
        raise bad_request("event", f"event must be one of: {', '.join(payloads.EVENTS)}")
    if name == "status" and value not in STATUSES:
        raise bad_request("status", f"status must be one of: {', '.join(STATUSES)}")
    if name == "integration_id":
        number = ids.as_int(value)
        if number is None:
            raise bad_request("integration_id", "integration_id must be an integration's numeric id")
        return number
    return value


def _whole(raw: str | None, parameter: str) -> int | None:
    if raw in (None, ""):
        return None
    if not raw.isdecimal() or len(raw) > 12:
        raise bad_request(parameter, f"{parameter} must be a whole number")
    return int(raw)


@control_route("/webhooks/<int:delivery_id>")
def show_delivery(delivery_id):
    return delivery_json(_delivery(delivery_id))


def _delivery(delivery_id: int):
    row = state().db.conn().execute("SELECT * FROM webhook_deliveries WHERE id=?",
                                    (ids.as_int(delivery_id),)).fetchone()
    if row is None:
        raise ApiError(404, "Webhook delivery not found", "delivery_id")
    return row


# Flush and redeliver wait on HTTP, so they run outside a transaction (not control_route).
@bp.route("/webhooks/flush", methods=["POST"])
def flush_deliveries():
    timeout = body().get("timeout", 120)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 <= timeout <= 600:
        raise bad_request("timeout", "timeout must be a number of seconds between 0 and 600")
    attempted, pending = _dispatcher().flush(float(timeout))
    return {"attempted": attempted, "pending": pending}


@bp.route("/webhooks/<int:delivery_id>/redeliver", methods=["POST"])
def redeliver(delivery_id):
    sender = _dispatcher()
    with state().db.transaction():
        new_id = sender.redeliver(dict(_delivery(delivery_id)))
    if sender.settings()["mode"] == "sync":
        sender.send_claimed([new_id])
    else:
        sender.wake()
    return delivery_json(_delivery(new_id)), 201


@control_route("/webhooks/settings")
def get_settings():
    return _dispatcher().settings()


@control_route("/webhooks/settings", methods=["PUT", "POST"])
def put_settings():
    data = body()
    changes = {}
    for name in data:
        if name not in ("mode", "timeout", "failure_limit"):
            raise bad_request(name, f"{name} is not a webhook setting; use mode, timeout or failure_limit")
    if "mode" in data:
        if data["mode"] not in dispatcher.MODES:
            raise bad_request("mode", "mode must be async or sync")
        changes["mode"] = data["mode"]
    if "timeout" in data:
        value = data["timeout"]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 120:
            raise bad_request("timeout", "timeout must be a number of seconds, above 0 and at most 120")
        changes["timeout"] = float(value)
    if "failure_limit" in data:
        value = data["failure_limit"]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_FAILURE_LIMIT:
            raise bad_request("failure_limit", f"failure_limit must be a whole number up to {MAX_FAILURE_LIMIT},"
                                               " 0 for never")
        changes["failure_limit"] = value
    return _dispatcher().configure(**changes)


@control_route("/a/<account_id>/events", methods=["POST"], status=201)
def fire_event(account_id):
    """Publish an event for an existing record; the dispatcher turns it into deliveries after
    commit, exactly like an event of the API."""
    data = body()
    name = data.get("event")
    if name not in payloads.EVENTS:
        raise bad_request("event", f"event must be one of: {', '.join(payloads.EVENTS)}")
    try:
        account = accounts.find(state().db.conn(), account_id)
    except ApiError as error:
        raise ApiError(404, error.message, "account_id") from None
    scope = admin_scope(account)
    kind = "call" if name in payloads.CALL_EVENTS else "text" if name in payloads.TEXT_EVENTS else "form"
    parameter = RECORDS[kind]
    record_id = data.get(parameter)
    if isinstance(record_id, bool) or not isinstance(record_id, (str, int)) or record_id == "":
        raise bad_request(parameter, f"{parameter} is required for {name}")
    row = _record(scope, kind, record_id)
    if row is None:
        raise ApiError(404, f"{parameter} does not name a record of this account", parameter)
    details = {}
    if kind == "call":
        outbound = name in ("post_outbound_call", "updated_outbound_call")
        if (row["direction"] == "outbound") != outbound:
            raise invalid(parameter, f"{name} needs an {'outbound' if outbound else 'inbound'} call")
        if name in payloads.MODIFIED_EVENTS:
            changes = data.get("changes", [])
            if not isinstance(changes, list) or not all(isinstance(c, str) for c in changes):
                raise bad_request("changes", "changes must be a list of field names")
            details["changes"] = changes
    if kind == "text":
        incoming = name == "sms_received"
        if (row["direction"] == "incoming") != incoming:
            raise invalid(parameter, f"{name} needs an {'incoming' if incoming else 'outgoing'} text message")
        details["conversation_id"] = row["conversation_id"]
    record_type = {"call": "call", "text": "text_message", "form": "form_submission"}[kind]
    record_id = str(row["id"])
    events.publish(scope, name, record_type, record_id, row["company_id"], **details)
    return {"event": name, "record_type": record_type, "record_id": record_id, "company_id": row["company_id"]}


def _record(scope, kind: str, ref):
    """A call (CAL id), text message (numeric id or SCI resource id) or form submission."""
    conn, account_id = scope.conn, scope.account["id"]
    if kind == "call":
        return conn.execute("SELECT * FROM calls WHERE id=? AND account_id=?", (str(ref), account_id)).fetchone()
    if kind == "form":
        return conn.execute("SELECT * FROM form_submissions WHERE id=? AND account_id=?",
                            (str(ref), account_id)).fetchone()
    numeric = ids.as_int(ref) if str(ref).isdecimal() else None
    return conn.execute("SELECT * FROM text_messages WHERE (id=? OR resource_id=?) AND account_id=?",
                        (numeric, str(ref), account_id)).fetchone()
