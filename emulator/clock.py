"""The one clock. Nothing else asks the system for the time.

Its setting lives in the database (frozen instant, or an offset from real time), so every
worker thread and process agrees, and `advance` moves timestamps, date filters, the
retention rule and rate-limit windows together.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

UTC = timezone.utc


def real_now() -> datetime:
    return datetime.now(UTC)


class Clock:
    def __init__(self, db):
        self.db = db

    def _state(self) -> dict:
        return self.db.get_setting("clock", {"frozen_at": None, "offset": 0.0})

    def now(self) -> datetime:
        state = self._state()
        if state["frozen_at"]:
            return datetime.fromisoformat(state["frozen_at"])
        return real_now() + timedelta(seconds=state["offset"])

    def frozen(self) -> bool:
        return bool(self._state()["frozen_at"])

    def freeze_at(self, instant: datetime) -> None:
        self.db.set_setting("clock", {"frozen_at": instant.astimezone(UTC).isoformat(), "offset": 0.0})

    def advance(self, seconds: float) -> None:
        state = self._state()
        if state["frozen_at"]:
            moved = datetime.fromisoformat(state["frozen_at"]) + timedelta(seconds=seconds)
            state["frozen_at"] = moved.isoformat()
        else:
            state["offset"] += seconds
        self.db.set_setting("clock", state)

    def unfreeze(self) -> None:
        """Time runs again from the frozen instant (an offset keeps it continuous)."""
        now = self.now()
        self.db.set_setting("clock", {"frozen_at": None,
                                      "offset": (now - real_now()).total_seconds()})

    def as_json(self) -> dict:
        return {"now": iso_z(self.now()), "frozen": self.frozen()}


def iso_z(moment: datetime) -> str:
    """UTC with milliseconds and a Z, the form CallRail uses for UTC timestamps."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def iso_offset(moment: datetime, tz) -> str:
    """Local time with milliseconds and an offset, e.g. 2017-07-24T11:13:47.366-04:00."""
    local = moment.astimezone(tz)
    text = local.strftime("%Y-%m-%dT%H:%M:%S.") + f"{local.microsecond // 1000:03d}"
    offset = local.strftime("%z")
    return f"{text}{offset[:3]}:{offset[3:]}"


def parse_stored(text: str | None) -> datetime | None:
    """Stored timestamps are UTC ISO strings (see iso_z); they sort as text."""
    if text is None:
        return None
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
