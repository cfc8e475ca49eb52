"""Injected faults and the maintenance switch, both stored in SQLite so every worker sees them.

A rule matches by method and a path pattern (`*` matches any characters, `/` included) and
answers with a status and JSON body, or adds latency, for its next `times` firings (or until
cleared) and, with `probability`, on a deterministic draw from its `seed`.
"""
from __future__ import annotations

import random
import re
from functools import lru_cache

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from emulator.clock import iso_z
from emulator.db import dumps, insert, loads, schema
from emulator.engine.body import load

# Doc 499-500 (503 Service Unavailable).
MAINTENANCE_MESSAGE = ("Service Unavailable: the CallRail API is temporarily offline for maintenance. "
                       "Please try again later.")
DEFAULT_ERRORS = {429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway",
                  503: MAINTENANCE_MESSAGE, 504: "Gateway Timeout"}

schema("""
CREATE TABLE IF NOT EXISTS fault_rules (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    method TEXT,
    path TEXT NOT NULL,
    status INTEGER,
    body TEXT,
    headers TEXT,
    latency_ms INTEGER NOT NULL DEFAULT 0,
    times INTEGER,
    remaining INTEGER,
    probability REAL,
    seed INTEGER NOT NULL DEFAULT 0,
    draws INTEGER NOT NULL DEFAULT 0,
    fired INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
""")


# Headers that frame the HTTP message: a rule setting them would break the answer, not fake a fault.
FRAMING_HEADERS = {"content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "te", "trailer"}
HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")  # an RFC 9110 token
HEADER_VALUE = re.compile(r"^[\t\x20-\x7e\x80-\xff]*$")   # no control characters (CR, LF, NUL)


def _valid_headers(headers: dict | None) -> None:
    for name, value in (headers or {}).items():
        if not HEADER_NAME.match(name):
            raise ValidationError(f"{name!r} is not a valid header name")
        if name.lower() in FRAMING_HEADERS:
            raise ValidationError(f"{name} cannot be set by a fault: it frames the HTTP answer")
        if not HEADER_VALUE.match(value) or len(value) > 4096:
            raise ValidationError(f"the value of {name} must be printable text of at most 4096 characters")


class FaultSchema(Schema):
    method = fields.Str(load_default=None, allow_none=True,
                        validate=validate.OneOf(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "*"]))
    path = fields.Str(load_default="*", validate=validate.Length(min=1))
    status = fields.Int(load_default=None, allow_none=True, strict=True, validate=validate.Range(200, 599))
    body = fields.Raw(load_default=None, allow_none=True)
    headers = fields.Dict(keys=fields.Str(), values=fields.Str(), load_default=None, allow_none=True,
                          validate=_valid_headers)
    latency_ms = fields.Int(load_default=0, strict=True, validate=validate.Range(0, 60_000))
    times = fields.Int(load_default=None, allow_none=True, strict=True, validate=validate.Range(1, 1_000_000_000))
    probability = fields.Float(load_default=None, allow_none=True, validate=validate.Range(0, 1))
    seed = fields.Int(load_default=0, strict=True, validate=validate.Range(-2**63, 2**63 - 1))  # SQLite INTEGER

    @validates_schema
    def _does_something(self, data, **kwargs):
        if data.get("status") is None and not data.get("latency_ms"):
            raise ValidationError("a fault needs a status, a latency_ms, or both", "status")


def add(db, now, body: dict) -> dict:
    if isinstance(body.get("method"), str):
        body = {**body, "method": body["method"].upper()}
    data = load(FaultSchema, body)
    method = None if data["method"] in (None, "*") else data["method"]
    conn = db.conn()
    insert(conn, "fault_rules", {
        "method": method, "path": data["path"], "status": data["status"], "body": dumps(data["body"]),
        "headers": dumps(data["headers"]), "latency_ms": data["latency_ms"], "times": data["times"],
        "remaining": data["times"], "probability": data["probability"], "seed": data["seed"],
        "created_at": iso_z(now)})
    row = conn.execute("SELECT * FROM fault_rules WHERE id = last_insert_rowid()").fetchone()
    return as_json(row)


def active(db) -> list[dict]:
    return [as_json(r) for r in db.conn().execute("SELECT * FROM fault_rules ORDER BY id")]


def delete(db, rule_id: int | None = None) -> int:
    if rule_id is None:
        return db.conn().execute("DELETE FROM fault_rules").rowcount
    return db.conn().execute("DELETE FROM fault_rules WHERE id = ?", (rule_id,)).rowcount


def as_json(row) -> dict:
    return {"id": row["id"], "method": row["method"] or "*", "path": row["path"], "status": row["status"],
            "body": loads(row["body"]), "headers": loads(row["headers"]), "latency_ms": row["latency_ms"],
            "times": row["times"], "remaining": row["remaining"], "probability": row["probability"],
            "seed": row["seed"], "fired": row["fired"], "created_at": row["created_at"]}


@lru_cache(maxsize=256)
def pattern(text: str) -> re.Pattern:
    return re.compile(".*".join(re.escape(part) for part in text.split("*")))


def matches(rule: dict, method: str, paths: tuple[str, ...]) -> bool:
    if rule["method"] not in (None, "*") and rule["method"] != method:
        return False
    return any(pattern(rule["path"]).fullmatch(p) for p in paths)


def draw(seed: int, n: int) -> float:
    """The n-th draw of a rule: the same seed gives the same sequence in every run."""
    return random.Random(f"{seed}:{n}").random()


def take(db, method: str, paths: tuple[str, ...]) -> dict | None:
    """The first rule (oldest first) that fires for this request, consumed in the same transaction."""
    conn = db.conn()
    if conn.execute("SELECT 1 FROM fault_rules LIMIT 1").fetchone() is None:
        return None
    with db.transaction() as conn:
        for row in conn.execute("SELECT * FROM fault_rules ORDER BY id").fetchall():
            if not matches(dict(row), method, paths):
                continue
            if row["probability"] is not None:
                conn.execute("UPDATE fault_rules SET draws = draws + 1 WHERE id = ?", (row["id"],))
                if draw(row["seed"], row["draws"]) >= row["probability"]:
                    continue
            if row["remaining"] == 1:
                conn.execute("DELETE FROM fault_rules WHERE id = ?", (row["id"],))
            else:
                conn.execute("UPDATE fault_rules SET fired = fired + 1, remaining = remaining - 1 "
                             "WHERE id = ?", (row["id"],))
            return as_json(row)
    return None


def response_of(rule: dict) -> tuple[int, object, dict]:
    """The status, JSON body and headers a firing rule answers with."""
    status = rule["status"]
    body = rule["body"]
    if body is None:
        body = {"error": DEFAULT_ERRORS.get(status, f"Injected fault ({status})")}
    headers = dict(rule["headers"] or {})
    if status == 429:
        headers.setdefault("Retry-After", "1")
    return status, body, headers


# -- the maintenance switch (a setting, so reset turns it off)
def maintenance(db) -> dict:
    value = db.get_setting("maintenance") or {}
    return {"enabled": bool(value.get("enabled")), "message": value.get("message") or MAINTENANCE_MESSAGE,
            "retry_after": value.get("retry_after")}


def set_maintenance(db, value: dict) -> dict:
    db.set_setting("maintenance", value)
    return maintenance(db)

