"""The request journal: every /v3 request as received (method, path as sent, query, body),
what it answered (status, duration) and which key made it (masked). Bounded: the oldest
entries go once it holds more than `journal_size`."""
from __future__ import annotations

import json
from urllib.parse import parse_qs

from emulator.db import insert, schema

schema("""
CREATE TABLE IF NOT EXISTS request_journal (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    route_path TEXT NOT NULL,
    query_string TEXT NOT NULL,
    body TEXT,
    status INTEGER NOT NULL,
    duration_ms REAL NOT NULL,
    api_key TEXT,
    account_id TEXT
);
CREATE INDEX IF NOT EXISTS request_journal_method ON request_journal(method, id);
""")


def mask(key: str | None) -> str | None:
    """The first and last four characters: enough to tell keys apart, not to reuse one."""
    if not key:
        return None
    if len(key) <= 8:
        return "*" * len(key)
    return f"{key[:4]}{'*' * (len(key) - 8)}{key[-4:]}"


def record(db, entry: dict, size: int) -> None:
    with db.transaction() as conn:
        insert(conn, "request_journal", entry)
        conn.execute("DELETE FROM request_journal WHERE id <= last_insert_rowid() - ?", (size,))


def glob(pattern: str) -> str:
    """Our patterns know only `*`; escape SQLite GLOB's other wildcards."""
    return pattern.replace("[", "[[]").replace("?", "[?]")


def entries(db, method: str | None = None, path: str | None = None, status: int | None = None) -> list[dict]:
    where, params = [], []
    if method:
        where.append("method = ?")
        params.append(method.upper())
    if path:
        where.append("(path GLOB ? OR route_path GLOB ?)")
        params += [glob(path)] * 2
    if status is not None:
        where.append("status = ?")
        params.append(status)
    sql = "SELECT * FROM request_journal" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id"
    return [as_json(r) for r in db.conn().execute(sql, params)]


def clear(db) -> int:
    return db.conn().execute("DELETE FROM request_journal").rowcount


def as_json(row) -> dict:
    return {"id": row["id"], "at": row["at"], "method": row["method"], "path": row["path"],
            "query": parse_query(row["query_string"]), "query_string": row["query_string"],
            "body": parse_body(row["body"]), "status": row["status"], "duration_ms": row["duration_ms"],
            "api_key": row["api_key"], "account_id": row["account_id"]}


def parse_query(query_string: str) -> dict:
    parsed = parse_qs(query_string, keep_blank_values=True)
    return {k: v[0] if len(v) == 1 else v for k, v in parsed.items()}


def parse_body(text: str | None):
    """The JSON the client sent; a body that is not JSON comes back as its text."""
    if text is None or not text.strip():
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text
