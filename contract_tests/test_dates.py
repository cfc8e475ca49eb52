"""Date filtering over HTTP ("Filtering Data by Date", 224-273; "Time Zones", 310-330): every
date_range at a frozen clock, start/end dates, time_zone (default `user`) and the retention rule,
through Listing All Calls, the first date-filtered list. The window arithmetic itself is unit
tested in tests/test_dates.py."""
import pytest

from docs_seed import A, error, ok

pytestmark = pytest.mark.callrail_seed("docs")

NOW = "2024-03-15T14:30:00Z"              # 10:30 in New York (EDT), the docs users' zone
CUSTOMER = "+14045550123"
PLACED = {                                # label -> start_time (UTC)
    "today": "2024-03-15T13:00:00Z",
    "late_yesterday": "2024-03-15T03:00:00Z",   # 23:00 on the 14th in New York, the 15th in UTC
    "yesterday": "2024-03-14T16:00:00Z",
    "five_days_ago": "2024-03-10T16:00:00Z",
    "twenty_days_ago": "2024-02-24T17:00:00Z",
    "early_february": "2024-02-10T17:00:00Z",
    "january": "2024-01-20T17:00:00Z",
    "last_year": "2023-06-01T16:00:00Z",
}


@pytest.fixture
def placed(callrail):
    callrail.control.freeze(NOW)
    tracker = ok(callrail.api.get(f"{A}/trackers.json"))["trackers"][0]
    ids = {}
    for label, start in PLACED.items():
        call = callrail.control.post(f"/a/{callrail.account_id}/calls", {
            "tracking_phone_number": tracker["tracking_numbers"][0], "customer_phone_number": CUSTOMER,
            "start_time": start, "answered": True, "duration": 30})
        ids[call["id"]] = label
    return ids


def labels(callrail, placed, **params):
    body = ok(callrail.api.get(f"{A}/calls.json", params={"search": CUSTOMER[2:], "per_page": 250, **params}))
    return sorted(placed[c["id"]] for c in body["calls"] if c["id"] in placed)


@pytest.mark.parametrize("date_range,expected", [
    ("today", ["today"]),
    ("yesterday", ["late_yesterday", "yesterday"]),
    ("last_7_days", ["five_days_ago", "late_yesterday", "yesterday"]),
    ("last_30_days", ["five_days_ago", "late_yesterday", "twenty_days_ago", "yesterday"]),
    ("recent", ["five_days_ago", "late_yesterday", "today", "twenty_days_ago", "yesterday"]),
    ("this_month", ["five_days_ago", "late_yesterday", "today", "yesterday"]),
    ("last_month", ["early_february", "twenty_days_ago"]),
    ("this_year", ["early_february", "five_days_ago", "january", "late_yesterday", "today", "twenty_days_ago",
                   "yesterday"]),
    ("last_year", ["last_year"]),
])
def test_each_date_range_at_a_frozen_clock(callrail, placed, date_range, expected):
    assert labels(callrail, placed, date_range=date_range) == expected


def test_recent_is_the_default(callrail, placed):
    assert labels(callrail, placed) == labels(callrail, placed, date_range="recent")


def test_all_time_is_outside_retention(callrail, placed):
    assert "retention" in error(callrail.api.get(f"{A}/calls.json", params={"date_range": "all_time"}), 400,
                                "date_range")["error"]


def test_unknown_date_range(callrail):
    error(callrail.api.get(f"{A}/calls.json", params={"date_range": "last_week"}), 400, "date_range")


def test_time_zone_moves_the_day(callrail, placed):
    assert labels(callrail, placed, date_range="today", time_zone="user") == ["today"]
    assert labels(callrail, placed, date_range="today", time_zone="America/New_York") == ["today"]
    assert labels(callrail, placed, date_range="today", time_zone="Etc/UTC") == ["late_yesterday", "today"]
    error(callrail.api.get(f"{A}/calls.json", params={"time_zone": "Eastern"}), 400, "time_zone")


def test_date_only_bounds_include_both_days(callrail, placed):
    assert labels(callrail, placed, start_date="2024-03-10", end_date="2024-03-14") == \
        ["five_days_ago", "late_yesterday", "yesterday"]
    assert labels(callrail, placed, start_date="2024-03-14", end_date="2024-03-14") == ["late_yesterday", "yesterday"]


def test_date_time_bounds_are_read_in_the_time_zone(callrail, placed):
    # 12:00 New York = 16:00Z: the "yesterday" call sits exactly on both bounds.
    assert labels(callrail, placed, start_date="2024-03-14T12:00", end_date="2024-03-14T12:00") == ["yesterday"]
    assert labels(callrail, placed, start_date="2024-03-14T12:01") == ["late_yesterday", "today"]
    assert labels(callrail, placed, start_date="2024-03-14T16:00", time_zone="Etc/UTC",
                  end_date="2024-03-15T03:00") == ["late_yesterday", "yesterday"]


def test_retention_bounds(callrail, placed):
    error(callrail.api.get(f"{A}/calls.json", params={"start_date": "2022-01-01"}), 400, "start_date")
    error(callrail.api.get(f"{A}/calls.json", params={"end_date": "2021-12-31"}), 400, "end_date")
    assert labels(callrail, placed, start_date="2023-01-01") == sorted(PLACED)


@pytest.mark.parametrize("params,parameter", [({"start_date": "15/03/2024"}, "start_date"),
                                              ({"end_date": "2024-02-30"}, "end_date"),
                                              ({"start_date": "2024-03-10", "end_date": "2024-03-01"}, "start_date"),
                                              ({"date_range": "today", "start_date": "2024-03-01"}, "date_range")])
def test_bad_dates(callrail, params, parameter):
    error(callrail.api.get(f"{A}/calls.json", params=params), 400, parameter)
