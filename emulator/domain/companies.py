"""Companies: the unit calls, trackers and settings live in ("Companies")."""
from __future__ import annotations

import hashlib

from marshmallow import Schema, ValidationError, fields, validate

from emulator import ids
from emulator.clock import iso_z
from emulator.db import insert, schema, update
from emulator.engine import dates
from emulator.engine.body import load
from emulator.engine.resource import Flag, Filter, Resource, Sort, optional
from emulator.errors import ApiError, not_found

schema("""
CREATE TABLE IF NOT EXISTS companies (
    id TEXT PRIMARY KEY,
    numeric_id INTEGER NOT NULL UNIQUE,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'active',
    time_zone TEXT NOT NULL DEFAULT 'America/New_York',
    created_at TEXT NOT NULL,
    disabled_at TEXT,
    dni_active INTEGER,
    script_url TEXT NOT NULL,
    callscore_enabled INTEGER NOT NULL DEFAULT 0,
    lead_scoring_enabled INTEGER NOT NULL DEFAULT 1,
    swap_exclude_jquery INTEGER,
    swap_ppc_override INTEGER,
    swap_landing_override TEXT,
    swap_cookie_duration INTEGER NOT NULL DEFAULT 6,
    swap_cookie_duration_unit TEXT NOT NULL DEFAULT 'months',
    callscribe_enabled INTEGER NOT NULL DEFAULT 0,
    keyword_spotting_enabled INTEGER NOT NULL DEFAULT 0,
    form_capture INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS companies_account_name ON companies(account_id, name);
CREATE INDEX IF NOT EXISTS companies_account_status ON companies(account_id, status);
""")

# "A maximum duration of 6 months is allowed", in each unit.
COOKIE_MAXIMUM = {"months": 6, "weeks": 26, "days": 183}
BOOLEAN_COLUMNS = ("dni_active", "callscore_enabled", "lead_scoring_enabled", "swap_exclude_jquery",
                   "swap_ppc_override", "callscribe_enabled", "keyword_spotting_enabled", "form_capture")


class CompanySchema(Schema):
    id = fields.Str()
    name = fields.Str()
    status = fields.Str()
    time_zone = fields.Str()
    created_at = fields.Str()
    disabled_at = fields.Str(allow_none=True)
    dni_active = Flag(allow_none=True)
    script_url = fields.Str()
    callscore_enabled = Flag()
    lead_scoring_enabled = Flag()
    swap_exclude_jquery = Flag(allow_none=True)
    swap_ppc_override = Flag(allow_none=True)
    swap_landing_override = fields.Str(allow_none=True)
    swap_cookie_duration = fields.Int()
    swap_cookie_duration_unit = fields.Str()
    callscribe_enabled = Flag()
    keyword_spotting_enabled = Flag()
    form_capture = Flag()
    verified_caller_ids = fields.List(fields.Dict(), metadata=optional())


def _prepare(scope, rows, selected):
    objects = [dict(r) for r in rows]
    if "verified_caller_ids" in selected:
        for obj in objects:
            obj["verified_caller_ids"] = verified_caller_ids(scope.conn, obj["id"])
    return objects


def verified_caller_ids(conn, company_id: str) -> list[dict]:
    return [{"name": r["name"], "phone_number": r["phone_number"]} for r in conn.execute(
        "SELECT name, phone_number FROM caller_ids WHERE company_id=? AND verified=1 ORDER BY id",
        (company_id,))]


RESOURCE = Resource(
    name="company", table="companies", schema=CompanySchema, collection_key="companies",
    sorts={"name": Sort("companies.name")},
    default_sort="companies.created_at ASC, companies.rowid ASC",
    filters={"status": Filter(values={"active": "companies.status = 'active'",
                                      "disabled": "companies.status = 'disabled'"})},
    search=("companies.name",),
    company_column="id",
    prepare=_prepare,
)


def _zone(value):
    if value not in dates.all_zones():
        raise ValidationError(f"is not a valid time zone: {value!r}")


class CreateSchema(Schema):
    name = fields.Str(required=True, validate=validate.Length(min=1))
    time_zone = fields.Str(validate=_zone)


class UpdateSchema(Schema):
    name = fields.Str(validate=validate.Length(min=1))
    callscore_enabled = fields.Bool()
    keyword_spotting_enabled = fields.Bool()
    callscribe_enabled = fields.Bool()
    time_zone = fields.Str(validate=_zone)
    swap_exclude_jquery = fields.Bool(allow_none=True)
    swap_ppc_override = fields.Bool(allow_none=True)
    swap_landing_override = fields.Str(allow_none=True)
    swap_cookie_duration = fields.Int(validate=validate.Range(min=1))
    swap_cookie_duration_unit = fields.Str(validate=validate.OneOf(list(COOKIE_MAXIMUM)))
    external_form_capture = fields.Bool()
    lead_scoring_enabled = fields.Bool()


class BulkUpdateSchema(Schema):
    company_ids = fields.List(fields.Raw(), required=True, validate=validate.Length(min=1))
    external_form_capture = fields.Bool()


def get(scope, company_ref) -> dict:
    numeric = ids.as_int(company_ref) if str(company_ref).isdecimal() else None
    row = scope.conn.execute(
        "SELECT * FROM companies WHERE account_id=? AND (id=? OR numeric_id=?)",
        (scope.account["id"], str(company_ref), numeric)).fetchone()
    if row is None or not scope.can_see_company(row["id"]):
        raise not_found("Company")
    return dict(row)


def create(scope, body: dict, **extra) -> dict:
    scope.require("admin")
    data = load(CreateSchema, body)
    numeric_id = ids.numeric(scope.db, "company", "companies")
    token = hashlib.md5(f"{numeric_id}".encode()).hexdigest()[:20]
    row = {"id": ids.prefixed(scope.db, "COM"), "numeric_id": numeric_id,
           "account_id": scope.account["id"], "name": data["name"],
           "time_zone": data.get("time_zone") or scope.account["time_zone"],
           "created_at": iso_z(scope.now), "disabled_at": None, "dni_active": None,
           "script_url": f"//cdn.callrail.com/companies/{numeric_id}/{token}/12/swap.js",
           "lead_scoring_enabled": 0, **extra}
    insert(scope.conn, "companies", row)
    return get(scope, row["id"])


def change(scope, company_id: str, body: dict) -> dict:
    scope.require("admin")
    company = get(scope, company_id)
    data = load(UpdateSchema, body, partial=True)
    if "external_form_capture" in data:
        data["form_capture"] = data.pop("external_form_capture")
    unit = data.get("swap_cookie_duration_unit", company["swap_cookie_duration_unit"])
    duration = data.get("swap_cookie_duration", company["swap_cookie_duration"])
    if duration > COOKIE_MAXIMUM[unit]:
        parameter = "swap_cookie_duration" if "swap_cookie_duration" in data else "swap_cookie_duration_unit"
        raise ApiError(400, f"{parameter}: the cookie duration may be at most 6 months "
                            f"({COOKIE_MAXIMUM[unit]} {unit})", parameter)
    update(scope.conn, "companies", {"id": company["id"]}, data)
    return get(scope, company["id"])


def bulk_update(scope, body: dict) -> int:
    scope.require("admin")
    data = load(BulkUpdateSchema, body)
    if data["company_ids"] == ["all"]:
        targets = [r["id"] for r in scope.conn.execute(
            "SELECT id FROM companies WHERE account_id=?", (scope.account["id"],))]
    else:
        targets = [scope.company_param(ref, "company_ids")["id"] for ref in data["company_ids"]]
    if "external_form_capture" in data:
        for company_id in targets:
            update(scope.conn, "companies", {"id": company_id},
                   {"form_capture": int(data["external_form_capture"])})
    return len(set(targets))


_disable_hooks: list = []


def on_disable(hook) -> None:
    """Resources owned by a company (trackers) register what disabling it does to them."""
    _disable_hooks.append(hook)


def delete(scope, company_id: str) -> None:
    """DELETE disables a company ("Disabling a Company")."""
    scope.require("admin")
    company = get(scope, company_id)
    if company["status"] == "disabled":
        return
    active = scope.conn.execute("SELECT COUNT(*) FROM companies WHERE account_id=? AND status='active'",
                                (scope.account["id"],)).fetchone()[0]
    if active <= 1:
        raise ApiError(400, "You must have at least one active company.")
    # "all the tracking phone numbers will be disabled and the swap.js script will be
    # deactivated" (Disabling a Company): dni_active turns false unless it was never installed.
    changes = {"status": "disabled", "disabled_at": iso_z(scope.now)}
    if company["dni_active"] is not None:
        changes["dni_active"] = 0
    update(scope.conn, "companies", {"id": company["id"]}, changes)
    for hook in _disable_hooks:
        hook(scope, company["id"])
