"""SQLite storage: one connection per thread, WAL, short transactions.

Domain modules register their DDL with `schema()`; `Database.create_schema` runs it all.
Writes go through `transaction()`, which nests (an inner block joins the outer one), so a
whole API request is one atomic unit and a failed request leaves nothing behind.
"""
from __future__ import annotations

import json
import sqlite3
import threading
from contextlib import contextmanager
from typing import Any, Iterable

_DDL: list[str] = []


def schema(ddl: str) -> None:
    """Register tables and indexes (idempotent DDL: CREATE ... IF NOT EXISTS)."""
    _DDL.append(ddl)


schema("""
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
""")


class Database:
    def __init__(self, path: str):
        self.path = path
        self._local = threading.local()

    def conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None,
                                   check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA busy_timeout=30000")
            conn.execute("PRAGMA foreign_keys=ON")
            self._local.conn = conn
            self._local.depth = 0
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    @contextmanager
    def transaction(self):
        conn = self.conn()
        if self._local.depth:
            self._local.depth += 1
            try:
                yield conn
            finally:
                self._local.depth -= 1
            return
        conn.execute("BEGIN IMMEDIATE")
        self._local.depth = 1
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")
        finally:
            self._local.depth = 0

    @staticmethod
    def schema_fingerprint() -> str:
        """Identifies the registered DDL, so a database file made by another version is noticed."""
        import hashlib

        return hashlib.md5("\n".join(sorted(_DDL)).encode()).hexdigest()

    def create_schema(self) -> None:
        # Statement by statement: executescript() would commit an open transaction.
        conn = self.conn()
        for ddl in _DDL:
            for statement in _statements(ddl):
                conn.execute(statement)

    def clear_all(self) -> None:
        """Empty every table (inside the caller's transaction; foreign keys checked at commit)."""
        conn = self.conn()
        conn.execute("PRAGMA defer_foreign_keys=ON")
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        for name in names:
            conn.execute(f'DELETE FROM "{name}"')
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name='sqlite_sequence'").fetchone():
            conn.execute("DELETE FROM sqlite_sequence")

    def dump_tables(self) -> dict:
        """Every table's rows (sqlite_sequence included), for `load_tables`."""
        conn = self.conn()
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_stat%'")]
        dump = {}
        for name in names:
            cursor = conn.execute(f'SELECT * FROM "{name}"')
            dump[name] = ([d[0] for d in cursor.description], cursor.fetchall())
        return dump

    def load_tables(self, dump: dict) -> None:
        """Insert a `dump_tables` copy into emptied tables (inside the caller's transaction)."""
        conn = self.conn()
        for name, (columns, rows) in dump.items():
            if rows:
                cols = ", ".join(f'"{c}"' for c in columns)
                marks = ", ".join("?" for _ in columns)
                conn.executemany(f'INSERT INTO "{name}" ({cols}) VALUES ({marks})', rows)

    # -- settings: small JSON values shared by every worker (clock, limits, modes)
    def get_setting(self, key: str, default: Any = None) -> Any:
        row = self.conn().execute("SELECT value FROM settings WHERE key=?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        self.conn().execute(
            "INSERT INTO settings(key, value) VALUES(?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value=excluded.value", (key, json.dumps(value)))

    def next_counter(self, name: str) -> int:
        row = self.conn().execute(
            "INSERT INTO counters(name, value) VALUES(?, 1) "
            "ON CONFLICT(name) DO UPDATE SET value=value+1 RETURNING value", (name,)).fetchone()
        return row[0]


def _statements(script: str):
    buffer = ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer.strip()
            buffer = ""


def insert(conn: sqlite3.Connection, table: str, row: dict) -> None:
    cols = ", ".join(f'"{c}"' for c in row)
    marks = ", ".join("?" for _ in row)
    conn.execute(f'INSERT INTO "{table}" ({cols}) VALUES ({marks})', tuple(row.values()))


def insert_many(conn: sqlite3.Connection, table: str, rows: Iterable[dict]) -> None:
    rows = list(rows)
    if not rows:
        return
    cols = list(rows[0])
    sql = (f'INSERT INTO "{table}" ({", ".join(chr(34) + c + chr(34) for c in cols)}) '
           f'VALUES ({", ".join("?" for _ in cols)})')
    conn.executemany(sql, [tuple(r[c] for c in cols) for r in rows])


def update(conn: sqlite3.Connection, table: str, key: dict, changes: dict) -> None:
    if not changes:
        return
    sets = ", ".join(f'"{c}"=?' for c in changes)
    where = " AND ".join(f'"{c}"=?' for c in key)
    conn.execute(f'UPDATE "{table}" SET {sets} WHERE {where}',
                 tuple(changes.values()) + tuple(key.values()))


def dumps(value: Any) -> str | None:
    return None if value is None else json.dumps(value)


def loads(text: str | None, default: Any = None) -> Any:
    return default if text is None else json.loads(text)
