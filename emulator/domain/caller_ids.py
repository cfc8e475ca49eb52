"""Outbound caller IDs ("Outbound Caller IDs", doc 3957-4124)."""
from __future__ import annotations

import hashlib

from marshmallow import Schema, fields, validate

from emulator.clock import iso_z
from emulator.db import schema, update
from emulator.domain import phones
from emulator.engine.collection import fetch
from emulator.engine.body import load
from emulator.engine.resource import Flag, Resource
from emulator.errors import bad_request, invalid

# `companies.verified_caller_ids` reads (company_id, name, phone_number, verified) ordered by id.
schema("""
CREATE TABLE IF NOT EXISTS caller_ids (
    id INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    phone_number TEXT NOT NULL,
    verified INTEGER NOT NULL DEFAULT 0,
    validation_code TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS caller_ids_company ON caller_ids(company_id, id);
""")


class CallerIdSchema(Schema):
    id = fields.Int()
    phone_number = fields.Str()
    name = fields.Str()
    company_id = fields.Str()
    verified = Flag()
    created_at = fields.Str()
    validation_code = fields.Str()


def _company_required(args) -> None:
    if args.get("company_id") in (None, ""):
        raise bad_request("company_id", "company_id is required")


RESOURCE = Resource(
    name="caller_id", table="caller_ids", schema=CallerIdSchema, collection_key="caller_ids",
    default_sort="caller_ids.id ASC", company_column="company_id", check_args=_company_required,
)


class CreateSchema(Schema):
    company_id = fields.Raw(required=True)
    phone_number = fields.Raw(required=True)
    name = fields.Str(required=True, validate=validate.Length(min=1))


def get(scope, caller_id) -> dict:
    return fetch(scope, RESOURCE, caller_id, "Caller ID", integer=True)


def _validation_code(db) -> str:
    """Six digits, deterministic for the random seed and the sequence of requests."""
    n = db.next_counter("caller_id_validation_code")
    digest = hashlib.md5(f"{db.get_setting('random_seed', 0)}:validation:{n}".encode()).hexdigest()
    return f"{int(digest, 16) % 1_000_000:06d}"


def create(scope, body: dict) -> dict:
    """Registers the number and "rings" it with a validation code (doc 4057-4110). Posting an
    unverified number again restarts its verification with a new code ("a new POST request will
    need to be made", 4077); a number already verified for the company is a 422."""
    scope.require("admin", "manager")
    data = load(CreateSchema, body)
    company = scope.company_param(data["company_id"], "company_id")
    number = phones.parse(data["phone_number"], "phone_number")
    existing = scope.conn.execute("SELECT * FROM caller_ids WHERE company_id=? AND phone_number=?",
                                  (company["id"], number)).fetchone()
    code = _validation_code(scope.db)
    if existing is not None:
        if existing["verified"]:
            raise invalid("phone_number", f"phone_number {number} is already a verified caller ID of this company")
        update(scope.conn, "caller_ids", {"id": existing["id"]},
               {"name": data["name"], "validation_code": code, "created_at": iso_z(scope.now)})
        return get(scope, existing["id"])
    cursor = scope.conn.execute(
        "INSERT INTO caller_ids(account_id, company_id, name, phone_number, verified, validation_code, created_at)"
        " VALUES (?,?,?,?,0,?,?)",
        (scope.account["id"], company["id"], data["name"], number, code, iso_z(scope.now)))
    return get(scope, cursor.lastrowid)


def delete(scope, caller_id) -> None:
    scope.require("admin", "manager")
    row = get(scope, caller_id)
    scope.conn.execute("DELETE FROM caller_ids WHERE id=?", (row["id"],))


def verify(scope, caller_id, code=None) -> dict:
    """The control plane's stand-in for the recipient keying in the code."""
    row = get(scope, caller_id)
    if code is not None and str(code) != row["validation_code"]:
        raise bad_request("validation_code", "validation_code does not match this caller ID's code")
    update(scope.conn, "caller_ids", {"id": row["id"]}, {"verified": 1})
    return get(scope, row["id"])


def verified_company(conn, account_id: str, number: str) -> str | None:
    """The company whose verified outbound caller ID `number` is, if any (the caller ID an
    outbound call may show)."""
    row = conn.execute("SELECT company_id FROM caller_ids WHERE account_id = ? AND phone_number = ? "
                       "AND verified = 1 ORDER BY id LIMIT 1", (account_id, number)).fetchone()
    return row[0] if row else None
