"""The tracking-number inventory ("Requesting a Number", doc 5567-5605).

Every number ever handed out is recorded in `issued_numbers` and never handed out again, even
after it is released (replaced, or its tracker disabled). Each area code has plenty of numbers
unless a row in `number_supply` caps how many more it may hand out; the control plane sets that
cap (`PUT /_emulator/numbers/{area_code}`), so tests can make an area code run out.

Geography: area codes are the NANP geographic ones `phonenumbers` knows; "neighbouring" area codes
are those of the same state or province, nearest first by numeric distance (a stable order).
"""
from __future__ import annotations

import hashlib
from functools import lru_cache

import phonenumbers
from phonenumbers import geocoder

from emulator.db import schema
from emulator.domain import phones
from emulator.errors import bad_request

TOLL_FREE_PREFERENCE = ("888", "877", "866", "855")   # doc 5600-5601: preferred in this order
TOLL_FREE = TOLL_FREE_PREFERENCE + ("800", "844", "833")

schema("""
CREATE TABLE IF NOT EXISTS issued_numbers (
    number TEXT PRIMARY KEY,
    area_code TEXT NOT NULL,
    issued_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS issued_numbers_area ON issued_numbers(area_code);
CREATE TABLE IF NOT EXISTS number_supply (
    area_code TEXT PRIMARY KEY,
    available INTEGER NOT NULL               -- how many more numbers this area code can hand out
);
""")


class Unavailable(Exception):
    """No number can satisfy the request."""


_STATES = {"Alabama": "AL", "Alaska": "AK", "Arizona": "AZ", "Arkansas": "AR", "California": "CA",
           "Colorado": "CO", "Connecticut": "CT", "Delaware": "DE", "Florida": "FL", "Georgia": "GA",
           "Hawaii": "HI", "Idaho": "ID", "Illinois": "IL", "Indiana": "IN", "Iowa": "IA", "Kansas": "KS",
           "Kentucky": "KY", "Louisiana": "LA", "Maine": "ME", "Maryland": "MD", "Massachusetts": "MA",
           "Michigan": "MI", "Minnesota": "MN", "Mississippi": "MS", "Missouri": "MO", "Montana": "MT",
           "Nebraska": "NE", "Nevada": "NV", "New Hampshire": "NH", "New Jersey": "NJ",
           "New Mexico": "NM", "New York": "NY", "North Carolina": "NC", "North Dakota": "ND",
           "Ohio": "OH", "Oklahoma": "OK", "Oregon": "OR", "Pennsylvania": "PA", "Rhode Island": "RI",
           "South Carolina": "SC", "South Dakota": "SD", "Tennessee": "TN", "Texas": "TX", "Utah": "UT",
           "Vermont": "VT", "Virginia": "VA", "Washington": "WA", "West Virginia": "WV",
           "Wisconsin": "WI", "Wyoming": "WY", "Washington D.C.": "DC"}


@lru_cache(maxsize=None)
def _region(area_code: str) -> str | None:
    """The state/province of a geographic area code, or None when it is not one."""
    votes: dict[str, int] = {}
    for exchange in ("234", "456", "567", "678", "789", "345"):
        try:
            number = phonenumbers.parse(f"+1{area_code}{exchange}1234")
        except phonenumbers.NumberParseException:
            return None
        if not phonenumbers.is_valid_number(number):
            continue
        text = geocoder.description_for_number(number, "en")
        if not text:
            continue
        region = text.rsplit(", ", 1)[-1] if ", " in text else text
        region = _STATES.get(region, region)
        votes[region] = votes.get(region, 0) + 1
    return max(sorted(votes), key=votes.get) if votes else None


@lru_cache(maxsize=1)
def _geography() -> dict[str, str]:
    return {ac: region for ac in (str(n) for n in range(201, 1000))
            if ac not in TOLL_FREE and (region := _region(ac))}


def is_geographic(area_code: str) -> bool:
    return len(area_code) == 3 and area_code.isdecimal() and area_code not in TOLL_FREE \
        and _region(area_code) is not None


def is_toll_free(area_code: str) -> bool:
    return area_code in TOLL_FREE


def neighbours(area_code: str) -> list[str]:
    """Other area codes of the same state or province, nearest (numerically) first."""
    geography = _geography()
    region = geography.get(area_code)
    if region is None:
        return []
    return sorted((ac for ac, r in geography.items() if r == region and ac != area_code),
                  key=lambda ac: (abs(int(ac) - int(area_code)), ac))


def available(conn, area_code: str) -> int | None:
    """How many more numbers the area code can hand out; None = unlimited."""
    row = conn.execute("SELECT available FROM number_supply WHERE area_code=?", (area_code,)).fetchone()
    return row[0] if row else None


def set_available(conn, area_code: str, count: int | None) -> None:
    if count is None:
        conn.execute("DELETE FROM number_supply WHERE area_code=?", (area_code,))
    else:
        conn.execute("INSERT INTO number_supply(area_code, available) VALUES(?, ?) "
                     "ON CONFLICT(area_code) DO UPDATE SET available=excluded.available",
                     (area_code, count))


def issued_count(conn, area_code: str) -> int:
    return conn.execute("SELECT COUNT(*) FROM issued_numbers WHERE area_code=?", (area_code,)).fetchone()[0]


def _candidates(seed: int, area_code: str):
    """A deterministic walk through the area code's numbers (exchange 200-999, not N11)."""
    n = 0
    while n < 200_000:
        digest = hashlib.md5(f"{seed}:{area_code}:{n}".encode()).hexdigest()
        value = int(digest[:12], 16)
        exchange = 200 + value % 800
        line = (value // 800) % 10000
        n += 1
        if exchange % 100 == 11:
            continue
        yield f"+1{area_code}{exchange}{line:04d}"


def take(db, conn, area_code: str, now_iso: str) -> str:
    """Hand out one fresh number in the area code, or raise Unavailable."""
    if not (is_geographic(area_code) or is_toll_free(area_code)):
        raise Unavailable(area_code)
    left = available(conn, area_code)
    if left is not None and left <= 0:
        raise Unavailable(area_code)
    seed = db.get_setting("random_seed", 0)
    for number in _candidates(seed, area_code):
        if claim(conn, number, now_iso):
            if left is not None:
                set_available(conn, area_code, left - 1)
            return number
    raise Unavailable(area_code)


def claim(conn, number: str, now_iso: str) -> bool:
    """Record a specific number as issued (seeds use it for the doc's numbers); False if it was."""
    cursor = conn.execute("INSERT OR IGNORE INTO issued_numbers(number, area_code, issued_at) VALUES(?, ?, ?)",
                          (number, number[-10:-7], now_iso))
    return cursor.rowcount == 1


def provision(db, conn, now_iso: str, count: int, area_code: str | None = None,
              local: str | None = None, toll_free: bool = False) -> list[str]:
    """`count` numbers satisfying a validated "Requesting a Number" object (doc 5567-5605).

    - area_code (+ toll_free): only that area code.
    - local without area_code: the number's area code, then its neighbours.
    - area_code + local: the area code is required; local adds nothing.
    - toll_free alone: 888, 877, 866, 855 in that order of preference.
    Numbers of one request may come from several area codes in the fallback order.
    """
    if area_code:
        order = [area_code]
    elif local:
        home = local[-10:-7]
        order = [home] + neighbours(home)
    else:
        order = list(TOLL_FREE_PREFERENCE)
    numbers: list[str] = []
    for code in order:
        while len(numbers) < count:
            try:
                numbers.append(take(db, conn, code, now_iso))
            except Unavailable:
                break
        if len(numbers) == count:
            return numbers
    raise Unavailable(order[0])


def parse_request(value, parameter: str) -> dict:
    """A validated "Requesting a Number" object: `area_code`, `local`, `toll_free`, at least one."""
    if not isinstance(value, dict):
        raise bad_request(parameter, f"{parameter} must be an object with area_code, local or toll_free")
    out: dict = {}
    if value.get("area_code") not in (None, ""):
        code = value["area_code"]
        code = str(code) if isinstance(code, int) and not isinstance(code, bool) else code
        if not (isinstance(code, str) and len(code) == 3 and code.isdecimal() and code[0] not in "01"):
            raise bad_request(f"{parameter}.area_code", f"{parameter}.area_code must be a three-digit area code")
        out["area_code"] = code
    if value.get("local") not in (None, ""):
        out["local"] = phones.parse(value["local"], f"{parameter}.local")
        if is_toll_free(out["local"][-10:-7]):
            raise bad_request(f"{parameter}.local", f"{parameter}.local must be a local number, not a toll-free "
                                                    "one (use toll_free for a toll-free number)")
    toll_free = value.get("toll_free")
    if toll_free is not None and not isinstance(toll_free, bool):
        raise bad_request(f"{parameter}.toll_free", f"{parameter}.toll_free must be true or false")
    if toll_free:
        out["toll_free"] = True
        if "local" in out:
            raise bad_request(f"{parameter}.local", f"{parameter}.local cannot be combined with toll_free")
        if "area_code" in out and not is_toll_free(out["area_code"]):
            raise bad_request(f"{parameter}.area_code",
                              f"{parameter}.area_code {out['area_code']} is not a toll-free area code")
    if not out:
        raise bad_request(parameter, f"{parameter} needs at least one of area_code, local or toll_free")
    return out


def fulfil(db, conn, now_iso: str, count: int, request: dict, parameter: str) -> list[str]:
    """Numbers for a parsed request; 400 naming the constraint that could not be met."""
    try:
        return provision(db, conn, now_iso, count, **request)
    except Unavailable:
        if "area_code" in request:
            name, what = "area_code", f"in area code {request['area_code']}"
        elif "local" in request:
            name, what = "local", f"local to {request['local']}"
        else:
            name, what = "toll_free", "toll free"
        plural = "number is" if count == 1 else f"{count} numbers are"
        raise bad_request(f"{parameter}.{name}", f"No tracking phone {plural} available {what}") from None


def replacement(db, conn, now_iso: str, old: str, parameter: str) -> str:
    """A fresh number in the same area code as `old` ("replace_tracking_number")."""
    try:
        return take(db, conn, old[-10:-7], now_iso)
    except Unavailable:
        raise bad_request(parameter, f"No tracking phone number is available in area code {old[-10:-7]} "
                                     f"to replace {old}") from None
