"""Date filtering, time zones and the 25-month retention rule ("Filtering Data by Date")."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, available_timezones

from dateutil.relativedelta import relativedelta

from emulator.errors import bad_request

DATE_RANGES = ("recent", "today", "yesterday", "last_7_days", "last_30_days", "this_month",
               "last_month", "this_year", "last_year", "all_time")
RETENTION = relativedelta(months=25)
RETENTION_MESSAGE = ("The requested date range is outside of the 25 month data retention period. "
                     "Please revise your date range.")


def zone(name: str, parameter: str = "time_zone") -> ZoneInfo:
    if not isinstance(name, str) or name not in all_zones():
        raise bad_request(parameter, f"{parameter} is not a valid time zone: {name!r}")
    return ZoneInfo(name)


_ZONES: set[str] = set()


def all_zones() -> set[str]:
    if not _ZONES:
        _ZONES.update(available_timezones())
    return _ZONES


def request_zone(args, user_zone: str) -> ZoneInfo:
    """`time_zone` parameter; `user` (the default) is the key's user's zone."""
    name = args.get("time_zone") or "user"
    return zone(user_zone if name == "user" else name)


def window(args, tz: ZoneInfo, now: datetime) -> tuple[datetime, datetime]:
    """The [start, end) instants a date-filtered request covers, in UTC-aware datetimes."""
    start_raw, end_raw = args.get("start_date"), args.get("end_date")
    date_range = args.get("date_range")
    earliest = now - RETENTION
    if start_raw or end_raw:
        if date_range:
            raise bad_request("date_range", "date_range cannot be combined with start_date or end_date")
        start = _parse(start_raw, tz, "start_date", end_of_day=False) if start_raw else earliest
        end = _parse(end_raw, tz, "end_date", end_of_day=True) if end_raw else _next_midnight(now, tz)
        if start < earliest:
            raise bad_request("start_date", RETENTION_MESSAGE)
        if end <= earliest:
            raise bad_request("end_date", RETENTION_MESSAGE)
        if start >= end:
            raise bad_request("start_date", "start_date must not be after end_date")
        return start, end
    name = date_range or "recent"
    if name not in DATE_RANGES:
        raise bad_request("date_range", f"date_range must be one of: {', '.join(DATE_RANGES)}")
    if name == "all_time":
        # The doc: requests outside retention get an error, "This includes requests using
        # the all_time date parameter" (Filtering Data by Date). See docs/BEHAVIOUR.md.
        raise bad_request("date_range", RETENTION_MESSAGE)
    return _named_range(name, now.astimezone(tz).date(), tz)


def _named_range(name: str, today: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    day = timedelta(days=1)
    first_of_month = today.replace(day=1)
    spans = {
        "recent": (today - 30 * day, today + day),
        "today": (today, today + day),
        "yesterday": (today - day, today),
        "last_7_days": (today - 7 * day, today),
        "last_30_days": (today - 30 * day, today),
        "this_month": (first_of_month, today + day),
        "last_month": (first_of_month - relativedelta(months=1), first_of_month),
        "this_year": (today.replace(month=1, day=1), today + day),
        "last_year": (date(today.year - 1, 1, 1), date(today.year, 1, 1)),
    }
    start, end = spans[name]
    return _midnight(start, tz), _midnight(end, tz)


def _midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz)


def _next_midnight(now: datetime, tz: ZoneInfo) -> datetime:
    return _midnight(now.astimezone(tz).date() + timedelta(days=1), tz)


def _parse(raw, tz: ZoneInfo, parameter: str, end_of_day: bool) -> datetime:
    """ISO 8601 date or date-time; a date-only end_date includes that whole day."""
    if not isinstance(raw, str):
        raise bad_request(parameter, f"{parameter} must be an ISO 8601 date or date-time")
    try:
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            day = None
        if day is not None:
            return _midnight(day + timedelta(days=1) if end_of_day else day, tz)
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        moment = moment if moment.tzinfo else moment.replace(tzinfo=tz)
        # Inclusive at the stated instant: the window is [start, end), so step past it.
        return moment + timedelta(milliseconds=1) if end_of_day else moment
    except (ValueError, OverflowError):
        raise bad_request(parameter, f"{parameter} must be an ISO 8601 date or date-time") from None
