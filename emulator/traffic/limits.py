"""Rate limits ("Rate Limiting", doc 501-510): per account, three classes, hourly and daily.

Counters live in SQLite and are checked and bumped in one short BEGIN IMMEDIATE transaction
per request, so counting is exact across threads and worker processes. Windows are fixed and
aligned to the emulator clock (the UTC hour and the UTC day), see docs/BEHAVIOUR.md.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from emulator import ids
from emulator.db import schema
from emulator.errors import ApiError, bad_request

CLASSES = ("general", "sms_send", "outbound_call")
PERIODS = ("hourly", "daily")
DEFAULTS = {"general": {"hourly": 1000, "daily": 10000},
            "sms_send": {"hourly": 150, "daily": 1000},
            "outbound_call": {"hourly": 100, "daily": 2000}}
MAX_LIMIT = 1_000_000_000  # far above any real quota; keeps numbers sane in headers
LABELS = {"general": "API", "sms_send": "SMS send", "outbound_call": "outbound call"}
_CLASS_PATHS = {"sms_send": re.compile(r"^/v3/a/[^/]+/text-messages/?$"),
                "outbound_call": re.compile(r"^/v3/a/[^/]+/calls/?$")}
_ACCOUNT_IN_PATH = re.compile(r"^/v3/a/([^/]+)")

schema("""
CREATE TABLE IF NOT EXISTS rate_counters (
    account_id TEXT NOT NULL,
    class TEXT NOT NULL,
    period TEXT NOT NULL,
    period_start TEXT NOT NULL,
    used INTEGER NOT NULL,
    PRIMARY KEY (account_id, class, period, period_start)
) WITHOUT ROWID;
""")


def merge(base: dict, patch) -> dict:
    """`base` with `patch` applied: a class or a period set to null or "off" is unlimited;
    classes and periods not named keep their values. Raises a 400 naming the parameter."""
    result = {c: dict(base.get(c) or {p: None for p in PERIODS}) for c in CLASSES}
    if _off(patch):
        return {c: {p: None for p in PERIODS} for c in CLASSES}
    if not isinstance(patch, dict):
        raise bad_request(None, 'rate limits must be an object such as {"general": {"hourly": 1000}}')
    for name, periods in patch.items():
        if name not in CLASSES:
            raise bad_request(name, f"unknown rate-limit class {name!r}; one of: {', '.join(CLASSES)}")
        if _off(periods):
            result[name] = {p: None for p in PERIODS}
            continue
        if not isinstance(periods, dict):
            raise bad_request(name, f"{name} must be an object with hourly and/or daily, or null")
        for period, limit in periods.items():
            parameter = f"{name}.{period}"
            if period not in PERIODS:
                raise bad_request(parameter, f"unknown period {period!r}; one of: hourly, daily")
            if _off(limit):
                limit = None
            elif isinstance(limit, bool) or not isinstance(limit, int) or not 0 <= limit <= MAX_LIMIT:
                raise bad_request(parameter, f"{parameter} must be a whole number from 0 to {MAX_LIMIT},"
                                             " or null (no limit)")
            result[name][period] = limit
    return result


def _off(value) -> bool:
    return value is None or value is False or (isinstance(value, str) and value.lower() == "off")


def parse_option(raw: str) -> dict:
    """The --rate-limits flag / CALLRAIL_EMULATOR_RATE_LIMITS: JSON as for PUT, or "off"."""
    if raw.strip().lower() == "off":
        return {c: None for c in CLASSES}
    try:
        value = json.loads(raw)
    except ValueError:
        raise ValueError('rate limits must be JSON such as {"general": {"hourly": 100}} or "off"') from None
    try:
        merge(DEFAULTS, value)
    except ApiError as error:
        raise ValueError(error.message) from None
    return value


def in_force(db, settings) -> dict:
    """Run-time limits if set (PUT /_emulator/rate_limits), else the start-up ones; reset
    wipes the run-time setting, so it returns to the start-up limits."""
    return db.get_setting("rate_limits") or merge(DEFAULTS, settings.rate_limits or {})


def classes_for(method: str, path: str) -> list[str]:
    """Every /v3 request is a general request; sending an SMS or placing an outbound call
    also counts in its own class. The specific class comes first."""
    if method == "POST":
        for name, pattern in _CLASS_PATHS.items():
            if pattern.match(path):
                return [name, "general"]
    return ["general"]


def account_for(conn, user: dict, path: str) -> str:
    """The account in the path when the key's user is a member of it, else the key's own account."""
    match = _ACCOUNT_IN_PATH.match(path)
    if match:
        ref = match.group(1)
        row = conn.execute(
            "SELECT a.id FROM accounts a JOIN memberships m ON m.account_id = a.id "
            "WHERE m.user_id = ? AND (a.id = ? OR a.numeric_id = ?)",
            (user["id"], ref, ids.as_int(ref))).fetchone()
        if row:
            return row[0]
    return user["account_id"]


def window(now: datetime, period: str) -> tuple[datetime, datetime]:
    now = now.astimezone(timezone.utc)
    if period == "hourly":
        start = now.replace(minute=0, second=0, microsecond=0)
        return start, start + timedelta(hours=1)
    start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + timedelta(days=1)


def seconds_until(now: datetime, end: datetime) -> int:
    return max(1, math.ceil((end - now).total_seconds()))


@dataclass
class Usage:
    name: str
    period: str
    limit: int | None
    used: int
    resets_in: int

    @property
    def remaining(self) -> int:
        return max(0, (self.limit or 0) - self.used)


@dataclass
class Decision:
    usage: list[Usage]
    blocked: list[Usage]

    def headers(self) -> dict:
        """Informational headers for the most constrained limited window (README, "Headers")."""
        limited = self.blocked or [u for u in self.usage if u.limit is not None]
        if not limited:
            return {}
        tightest = (max(limited, key=lambda u: u.resets_in) if self.blocked
                    else min(limited, key=lambda u: u.remaining))
        headers = {"X-RateLimit-Limit": str(tightest.limit), "X-RateLimit-Remaining": str(tightest.remaining),
                   "X-RateLimit-Reset": str(tightest.resets_in), "X-RateLimit-Class": tightest.name,
                   "X-RateLimit-Window": tightest.period}
        if self.blocked:
            headers["Retry-After"] = str(tightest.resets_in)
        return headers

    def error(self) -> ApiError:
        worst = max(self.blocked, key=lambda u: u.resets_in)
        unit = "hour" if worst.period == "hourly" else "day"
        message = (f"Too Many Requests: this account has reached its limit of {worst.limit} "
                   f"{LABELS[worst.name]} requests per {unit}. Try again in {worst.resets_in} seconds.")
        return ApiError(429, message, headers=self.headers())


def count(db, limits: dict, account_id: str, classes: list[str], now: datetime) -> Decision:
    """Check every window of the request's classes and, unless one is full, count the request
    in all of them. A refused request counts nowhere. Usage is tracked even for unlimited windows."""
    with db.transaction() as conn:
        usage = []
        for name in classes:
            for period in PERIODS:
                start, end = window(now, period)
                row = conn.execute(
                    "SELECT used FROM rate_counters WHERE account_id=? AND class=? AND period=? "
                    "AND period_start=?", (account_id, name, period, start.isoformat())).fetchone()
                usage.append(Usage(name, period, limits[name][period], row[0] if row else 0,
                                   seconds_until(now, end)))
        blocked = [u for u in usage if u.limit is not None and u.used >= u.limit]
        if not blocked:
            for u in usage:
                start = window(now, u.period)[0].isoformat()
                if u.used == 0:  # a new window: the previous ones are over
                    conn.execute("DELETE FROM rate_counters WHERE account_id=? AND class=? AND period=?",
                                 (account_id, u.name, u.period))
                conn.execute(
                    "INSERT INTO rate_counters(account_id, class, period, period_start, used) "
                    "VALUES(?, ?, ?, ?, 1) ON CONFLICT DO UPDATE SET used = used + 1",
                    (account_id, u.name, u.period, start))
                u.used += 1
    return Decision(usage, blocked)
