"""Identifiers in CallRail's forms, deterministic for a given random seed.

Prefixed ids are a three-letter prefix plus 32 lowercase hex characters (conventions §14);
numeric ids are nine digits. Both derive from a per-kind counter and the random seed, so the
same seed and the same sequence of requests give the same ids.
"""
from __future__ import annotations

import hashlib


def _digest(db, kind: str) -> str:
    n = db.next_counter(f"id:{kind}")
    seed = db.get_setting("random_seed", 0)
    return hashlib.md5(f"{seed}:{kind}:{n}".encode()).hexdigest()


def prefixed(db, prefix: str) -> str:
    return prefix + _digest(db, prefix)


def numeric(db, kind: str, table: str, column: str = "numeric_id") -> int:
    """A nine-digit id not yet used in `table.column` (nine digits can collide, so it draws
    again until it is free; the draws stay deterministic)."""
    conn = db.conn()
    while True:
        value = 100_000_000 + int(_digest(db, "num:" + kind), 16) % 900_000_000
        if not conn.execute(f'SELECT 1 FROM "{table}" WHERE "{column}" = ?', (value,)).fetchone():
            return value


def api_key(db) -> str:
    return _digest(db, "api_key")


def as_int(value) -> int | None:
    """A client-sent id as an SQLite integer, or None when it is not one (SQLite integers are
    64-bit: a longer number from a client must be a miss, not an overflow)."""
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if -2**63 <= number < 2**63 else None
