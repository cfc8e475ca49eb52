"""Accounts: the top-level object. A user sees the accounts it is a member of."""
from __future__ import annotations

from marshmallow import Schema, fields

from emulator import ids
from emulator.clock import iso_z
from emulator.db import insert, schema
from emulator.engine.resource import Flag, Filter, Resource, Sort, optional
from emulator.errors import not_found

schema("""
CREATE TABLE IF NOT EXISTS accounts (
    id TEXT PRIMARY KEY,
    numeric_id INTEGER NOT NULL UNIQUE,
    name TEXT NOT NULL,
    outbound_recording_enabled INTEGER NOT NULL DEFAULT 1,
    hipaa_account INTEGER NOT NULL DEFAULT 0,
    time_zone TEXT NOT NULL DEFAULT 'America/New_York',
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS accounts_name ON accounts(name);
CREATE TABLE IF NOT EXISTS memberships (
    user_id TEXT NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, account_id)
);
CREATE INDEX IF NOT EXISTS memberships_account ON memberships(account_id);
""")


class AccountSchema(Schema):
    id = fields.Str()
    name = fields.Str()
    outbound_recording_enabled = Flag()
    hipaa_account = Flag()
    numeric_id = fields.Int(metadata=optional())


RESOURCE = Resource(
    name="account", table="accounts", schema=AccountSchema, collection_key="accounts",
    sorts={"name": Sort("accounts.name")},
    default_sort="accounts.created_at ASC, accounts.rowid ASC",  # the doc lists them unsorted
    filters={"hipaa_account": Filter(values={"true": "accounts.hipaa_account = 1",
                                             "false": "accounts.hipaa_account = 0"})},
)


def create(db, conn, now, name: str, hipaa_account: bool = False, time_zone: str = "America/New_York",
           outbound_recording_enabled: bool = True) -> dict:
    row = {"id": ids.prefixed(db, "ACC"), "numeric_id": ids.numeric(db, "account", "accounts"), "name": name,
           "outbound_recording_enabled": int(outbound_recording_enabled),
           "hipaa_account": int(bool(hipaa_account)), "time_zone": time_zone,
           "created_at": iso_z(now)}
    insert(conn, "accounts", row)
    return row


def find_for_user(conn, user_id: str, account_ref: str) -> dict:
    """The account by `ACC…` or nine-digit id, if the user is a member; otherwise 404."""
    numeric = ids.as_int(account_ref) if account_ref.isdecimal() else None
    row = conn.execute(
        "SELECT accounts.* FROM accounts JOIN memberships m ON m.account_id = accounts.id "
        "WHERE m.user_id = ? AND (accounts.id = ? OR accounts.numeric_id = ?)",
        (user_id, account_ref, numeric)).fetchone()
    if row is None:
        raise not_found("Account")
    return dict(row)


def find(conn, account_ref: str) -> dict:
    numeric = ids.as_int(account_ref) if account_ref.isdecimal() else None
    row = conn.execute("SELECT * FROM accounts WHERE id = ? OR numeric_id = ?",
                       (account_ref, numeric)).fetchone()
    if row is None:
        raise not_found("Account")
    return dict(row)
