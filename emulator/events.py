"""Domain events. State changes publish here, inside the same transaction as the change, so
an event exists exactly when its change was committed. Subscribers (the webhook dispatcher)
read the outbox; resource code never makes HTTP calls."""
from __future__ import annotations

import json

from emulator.clock import iso_z
from emulator.db import schema

schema("""
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL,
    company_id TEXT,
    name TEXT NOT NULL,          -- e.g. call_modified, text_sent, form_captured
    record_type TEXT NOT NULL,
    record_id TEXT NOT NULL,
    data TEXT NOT NULL,          -- JSON: event details such as the changed fields
    created_at TEXT NOT NULL,
    handled INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS events_unhandled ON events(handled, id);
""")

_subscribers: list = []


def subscribe(callback) -> None:
    """`callback(db)` runs after a request's transaction commits, to drain the outbox."""
    if callback not in _subscribers:
        _subscribers.append(callback)


def publish(scope, name: str, record_type: str, record_id: str, company_id: str | None,
            **data) -> None:
    scope.conn.execute(
        "INSERT INTO events(account_id, company_id, name, record_type, record_id, data, created_at)"
        " VALUES (?,?,?,?,?,?,?)",
        (scope.account["id"], company_id, name, record_type, record_id, json.dumps(data),
         iso_z(scope.now)))
    scope.events.append(name)


def notify(db) -> None:
    for callback in list(_subscribers):
        callback(db)
