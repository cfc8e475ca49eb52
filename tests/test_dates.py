"""engine/dates.py at a frozen instant: every date_range, start/end forms, time zones, retention."""
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from emulator.engine import dates
from emulator.errors import ApiError

NOW = datetime(2024, 3, 15, 14, 30, tzinfo=timezone.utc)     # 10:30 in New York (EDT, -04:00)
NY = ZoneInfo("America/New_York")


def window(**args):
    start, end = dates.window(args, NY, NOW)
    return start.astimezone(NY).isoformat(), end.astimezone(NY).isoformat()


def fails(parameter, **args):
    with pytest.raises(ApiError) as caught:
        dates.window(args, NY, NOW)
    assert (caught.value.status, caught.value.parameter) == (400, parameter)
    return caught.value.message


@pytest.mark.parametrize("name,start,end", [
    ("recent", "2024-02-14T00:00:00-05:00", "2024-03-16T00:00:00-04:00"),
    ("today", "2024-03-15T00:00:00-04:00", "2024-03-16T00:00:00-04:00"),
    ("yesterday", "2024-03-14T00:00:00-04:00", "2024-03-15T00:00:00-04:00"),
    ("last_7_days", "2024-03-08T00:00:00-05:00", "2024-03-15T00:00:00-04:00"),
    ("last_30_days", "2024-02-14T00:00:00-05:00", "2024-03-15T00:00:00-04:00"),
    ("this_month", "2024-03-01T00:00:00-05:00", "2024-03-16T00:00:00-04:00"),
    ("last_month", "2024-02-01T00:00:00-05:00", "2024-03-01T00:00:00-05:00"),
    ("this_year", "2024-01-01T00:00:00-05:00", "2024-03-16T00:00:00-04:00"),
    ("last_year", "2023-01-01T00:00:00-05:00", "2024-01-01T00:00:00-05:00"),
])
def test_each_date_range(name, start, end):
    assert window(date_range=name) == (start, end)


def test_recent_is_the_default():
    assert window() == window(date_range="recent")


def test_all_time_reaches_past_retention():
    assert "25 month" in fails("date_range", date_range="all_time")


def test_unknown_date_range():
    assert "one of" in fails("date_range", date_range="last_week")


def test_today_follows_the_zone():
    # 2024-03-15T02:00Z is still the 14th in Los Angeles.
    start, end = dates.window({"date_range": "today"}, ZoneInfo("America/Los_Angeles"),
                              datetime(2024, 3, 15, 2, 0, tzinfo=timezone.utc))
    assert (start.isoformat(), end.isoformat()) == ("2024-03-14T00:00:00-07:00", "2024-03-15T00:00:00-07:00")


def test_last_month_across_a_year_boundary():
    start, end = dates.window({"date_range": "last_month"}, NY, datetime(2024, 1, 10, 15, tzinfo=timezone.utc))
    assert (start.date().isoformat(), end.date().isoformat()) == ("2023-12-01", "2024-01-01")


def test_date_only_start_and_end_include_both_whole_days():
    assert window(start_date="2024-03-01", end_date="2024-03-10") == \
        ("2024-03-01T00:00:00-05:00", "2024-03-11T00:00:00-04:00")


def test_the_same_date_twice_is_that_day():
    assert window(start_date="2024-03-10", end_date="2024-03-10") == \
        ("2024-03-10T00:00:00-05:00", "2024-03-11T00:00:00-04:00")


def test_date_times_are_read_in_the_zone_and_end_is_inclusive():
    start, end = dates.window({"start_date": "2024-03-05T14:00", "end_date": "2024-03-05T15:30"}, NY, NOW)
    assert start == datetime(2024, 3, 5, 14, 0, tzinfo=NY)
    assert end == datetime(2024, 3, 5, 15, 30, 0, 1000, tzinfo=NY)


def test_date_times_with_an_offset_keep_it():
    start, _ = dates.window({"start_date": "2024-03-05T14:00:00Z"}, NY, NOW)
    assert start == datetime(2024, 3, 5, 14, tzinfo=timezone.utc)


def test_start_alone_runs_to_the_end_of_today():
    assert window(start_date="2024-03-01")[1] == "2024-03-16T00:00:00-04:00"


def test_end_alone_starts_at_the_retention_limit():
    start, end = dates.window({"end_date": "2024-03-01"}, NY, NOW)
    assert start == NOW - dates.RETENTION and end == datetime(2024, 3, 2, tzinfo=NY)


@pytest.mark.parametrize("raw", ["2024-13-01", "yesterday", "03/01/2024", "2024-03-01T25:00"])
def test_malformed_dates(raw):
    assert "ISO 8601" in fails("start_date", start_date=raw, end_date="2024-03-10")


@pytest.mark.parametrize("raw", ["2024-02-30", "9999-12-31", "noon"])
def test_malformed_or_unrepresentable_end_dates(raw):
    fails("end_date", end_date=raw)


def test_non_string_dates():
    fails("start_date", start_date=["2024-03-01"])


def test_start_after_end():
    fails("start_date", start_date="2024-03-10", end_date="2024-03-01")


def test_dates_and_range_together():
    fails("date_range", date_range="today", start_date="2024-03-01")


def test_retention_is_25_months():
    assert window(start_date="2022-02-16")[0] == "2022-02-16T00:00:00-05:00"
    assert "retention" in fails("start_date", start_date="2022-02-14")
    assert "retention" in fails("end_date", end_date="2021-12-31")


@pytest.mark.parametrize("name", ["America/New_York", "America/Indiana/Indianapolis", "America/Chicago",
                                  "America/Denver", "America/Phoenix", "America/Los_Angeles", "Pacific/Chatham",
                                  "Asia/Kathmandu", "Etc/UTC"])
def test_any_iana_zone(name):
    assert dates.request_zone({"time_zone": name}, "America/New_York") == ZoneInfo(name)


def test_user_is_the_default_zone():
    assert dates.request_zone({}, "America/Denver") == ZoneInfo("America/Denver")
    assert dates.request_zone({"time_zone": "user"}, "America/Denver") == ZoneInfo("America/Denver")
    assert dates.request_zone({"time_zone": ""}, "America/Denver") == ZoneInfo("America/Denver")


@pytest.mark.parametrize("name", ["Eastern", "EST5EDT-x", "Mars/Olympus", "../etc/passwd", "america/new_york"])
def test_invalid_zones(name):
    with pytest.raises(ApiError) as caught:
        dates.request_zone({"time_zone": name}, "America/New_York")
    assert (caught.value.status, caught.value.parameter) == (400, "time_zone")
