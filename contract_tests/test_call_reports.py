"""Summarizing Call Data and Time Series (doc 1496-1777): every number is checked against
counts computed here from the call listing (GET calls.json, 250 per page, every page)."""
from __future__ import annotations

import math
import re
from collections import defaultdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from calls_helpers import listing as calls_listing
from emulator.pytest_plugin import emulated

ALL_FIELDS = ("total_calls", "missed_calls", "answered_calls", "first_time_callers",
              "average_duration", "formatted_average_duration", "leads")
FIELDS_PARAM = ",".join(ALL_FIELDS[1:])
LIST_FIELDS = ("company_id,company_name,source,keywords,campaign,referrer_domain,landing_page_url,"
               "first_call,lead_status,tags,tracker_id,device_type,agent_email")
GROUP_KEYS = {"source": "source", "keywords": "keywords", "campaign": "campaign",
              "referrer": "referrer_domain", "landing_page": "landing_page_url",
              "company": "company_name", "company_id": "company_id"}


def listing(api, account_id, params) -> list[dict]:
    return calls_listing(api, account_id, {**params, "fields": LIST_FIELDS})


def formatted(seconds: int) -> str:
    hours, minutes, secs = seconds // 3600, seconds % 3600 // 60, seconds % 60
    if hours:
        return f"{hours}h {minutes}m {secs}s"
    return f"{minutes}m {secs}s" if minutes else f"{secs}s"


def own_lead_status(call):
    # previously_marked_good_lead is shown for an unscored call of an earlier good lead.
    return call["lead_status"] if call["lead_status"] in ("good_lead", "not_a_lead") else None


def expected(calls, fields=ALL_FIELDS) -> dict:
    durations = [int(c["duration"]) for c in calls if c["duration"] is not None]
    average = math.floor(sum(durations) / len(durations) + 0.5) if durations else 0
    counts = {"total_calls": len(calls),
              "missed_calls": sum(c["answered"] is False for c in calls),
              "answered_calls": sum(c["answered"] is True for c in calls),
              "first_time_callers": sum(bool(c["first_call"]) for c in calls),
              "average_duration": average, "formatted_average_duration": formatted(average),
              "leads": sum(own_lead_status(c) == "good_lead" for c in calls)}
    return {f: counts[f] for f in fields}


def tag_names(call) -> set[str]:
    return {t["name"] if isinstance(t, dict) else t for t in call.get("tags") or []}


class World:
    """The demo seed, its call log over the last 95 days, and helpers to ask for reports.

    Fetched once per module. Other modules' tests may run in between (pytest -n) and reset or
    change the emulator, so each test first checks a marker account created right after this
    module's reset; when it is gone, the emulator is reset to the same seed, which gives the
    same calls again (checked on the first page)."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.reset()
        today = datetime.fromisoformat(self.e.control.get("/clock")["now"].replace("Z", "+00:00")).date()
        self.window = {"start_date": (today - timedelta(days=95)).isoformat(), "end_date": today.isoformat()}
        self.calls = listing(self.api, self.account, self.window)

    def reset(self):
        self.e = emulated(self.base_url, "demo")
        self.api, self.account = self.e.api, self.e.account_id
        self.marker = self.e.control.post("/accounts", {"name": "call reports marker"})["account"]["id"]

    def ensure_fresh(self):
        accounts = {k["account_id"] for k in self.e.control.get("/credentials")["api_keys"]}
        if self.marker in accounts:
            return
        self.reset()
        page = self.api.get(f"/v3/a/{self.account}/calls.json",
                            params={**self.window, "per_page": 250, "fields": LIST_FIELDS}).json()
        assert page["calls"] == self.calls[:250], "the demo seed no longer gives the same calls"

    def get(self, endpoint, **params):
        response = self.api.get(f"/v3/a/{self.account}/calls/{endpoint}.json",
                                params={**self.window, **params})
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture(scope="module")
def fetched_world(callrail_server) -> World:
    return World(callrail_server)


@pytest.fixture
def world(fetched_world) -> World:
    fetched_world.ensure_fresh()
    return fetched_world


def test_the_demo_log_is_big_and_varied_enough(world):
    calls = world.calls
    assert len(calls) > 500
    assert {c["direction"] for c in calls} == {"inbound", "outbound"}
    assert any(c["voicemail"] for c in calls) and any(c["answered"] is False and not c["voicemail"] for c in calls)
    assert {own_lead_status(c) for c in calls} == {"good_lead", "not_a_lead", None}


def test_summary_totals_match_the_listing_for_every_field(world):
    body = world.get("summary", fields=FIELDS_PARAM)
    assert list(body) == ["start_date", "end_date", "time_zone", "total_results", "grouped_by",
                          "grouped_results"]
    assert body["total_results"] == expected(world.calls)
    assert body["grouped_by"] is None and body["grouped_results"] == []


def test_summary_returns_total_calls_alone_by_default(world):
    assert world.get("summary")["total_results"] == {"total_calls": len(world.calls)}


def test_summary_fields_pick_counts_in_doc_order_and_keep_total_calls(world):
    body = world.get("summary", fields="leads,average_duration", group_by="source")
    assert list(body["total_results"]) == ["total_calls", "average_duration", "leads"]
    assert list(body["grouped_results"][0]) == ["key", "total_calls", "average_duration", "leads"]


@pytest.mark.parametrize("group_by", list(GROUP_KEYS))
def test_summary_groups_match_the_listing(world, group_by):
    body = world.get("summary", group_by=group_by, fields=FIELDS_PARAM)
    assert body["grouped_by"] == group_by
    groups = defaultdict(list)
    for call in world.calls:
        groups[call[GROUP_KEYS[group_by]] or None].append(call)
    assert {g["key"]: {k: v for k, v in g.items() if k != "key"} for g in body["grouped_results"]} == {
        key: expected(members) for key, members in groups.items()}
    totals = [g["total_calls"] for g in body["grouped_results"]]
    assert totals == sorted(totals, reverse=True)
    assert len(groups) > 1


def _tags(world):
    counts = defaultdict(int)
    for call in world.calls:
        for name in tag_names(call):
            counts[name] += 1
    first, second = sorted(counts, key=lambda n: (-counts[n], n))[:2]
    return first, second


def _filter_cases(world):
    """(params, predicate over a listed call) for every filter of the doc's table."""
    first_tag, second_tag = _tags(world)
    trackers = sorted({c["tracker_id"] for c in world.calls if c["tracker_id"]})[:2]
    agent_email = sorted({c["agent_email"] for c in world.calls if c.get("agent_email")})[0]
    users = world.api.get(f"/v3/a/{world.account}/users.json", params={"per_page": 250}).json()["users"]
    agent_id = next(u["id"] for u in users if u["email"] == agent_email)
    company = world.calls[0]["company_id"]
    duration = lambda c: int(c["duration"]) if c["duration"] is not None else None  # noqa: E731
    return [
        ({"device": "desktop"}, lambda c: c["device_type"] == "desktop"),
        ({"device": "mobile"}, lambda c: c["device_type"] == "mobile"),
        ({"device": "all"}, lambda c: True),
        ({"min_duration": "60"}, lambda c: duration(c) is not None and duration(c) >= 60),
        ({"max_duration": "30"}, lambda c: duration(c) is not None and duration(c) <= 30),
        ({"min_duration": "20", "max_duration": "90"}, lambda c: duration(c) is not None and 20 <= duration(c) <= 90),
        ({"tags": first_tag}, lambda c: first_tag in tag_names(c)),
        ({"tags": f"{first_tag},{second_tag}"}, lambda c: bool({first_tag, second_tag} & tag_names(c))),
        ({"tags[]": [first_tag, second_tag]}, lambda c: bool({first_tag, second_tag} & tag_names(c))),
        ({"tracker_ids[]": trackers}, lambda c: c["tracker_id"] in trackers),
        ({"tracker_ids[]": trackers[0]}, lambda c: c["tracker_id"] == trackers[0]),
        ({"direction": "inbound"}, lambda c: c["direction"] == "inbound"),
        ({"direction": "outbound"}, lambda c: c["direction"] == "outbound"),
        ({"direction": "all"}, lambda c: True),
        ({"answer_status": "answered"}, lambda c: c["answered"] is True),
        ({"answer_status": "missed"}, lambda c: c["answered"] is False and not c["voicemail"]),
        ({"answer_status": "voicemail"}, lambda c: bool(c["voicemail"])),
        ({"answer_status": "all"}, lambda c: True),
        ({"first_time_callers": "true"}, lambda c: c["first_call"] is True),
        ({"first_time_callers": "false"}, lambda c: c["first_call"] is False),
        ({"first_time_callers": "1"}, lambda c: c["first_call"] is True),
        ({"first_time_callers": "0"}, lambda c: c["first_call"] is False),
        ({"lead_status": "good_lead"}, lambda c: own_lead_status(c) == "good_lead"),
        ({"lead_status": "not_a_lead"}, lambda c: own_lead_status(c) == "not_a_lead"),
        ({"lead_status": "not_scored"}, lambda c: own_lead_status(c) is None),
        ({"agent": agent_id}, lambda c: c.get("agent_email") == agent_email),
        ({"search": "google"}, lambda c: "google" in (c["source"] or "").lower()),
        ({"company_id": company}, lambda c: c["company_id"] == company),
        ({"direction": "inbound", "answer_status": "answered", "device": "mobile"},
         lambda c: c["direction"] == "inbound" and c["answered"] is True and c["device_type"] == "mobile"),
    ]


def test_every_summary_filter_matches_the_listing(world):
    for params, keep in _filter_cases(world):
        subset = [c for c in world.calls if keep(c)]
        assert 0 < len(subset) <= len(world.calls), params
        body = world.get("summary", fields=FIELDS_PARAM, group_by="source", **params)
        assert body["total_results"] == expected(subset), params
        by_source = defaultdict(list)
        for call in subset:
            by_source[call["source"] or None].append(call)
        assert {g["key"]: g["total_calls"] for g in body["grouped_results"]} == {
            k: len(v) for k, v in by_source.items()}, params


def test_every_time_series_filter_matches_the_listing(world):
    for params, keep in _filter_cases(world):
        subset = [c for c in world.calls if keep(c)]
        body = world.get("timeseries", fields=FIELDS_PARAM, interval="week", **params)
        assert body["total_results"] == expected(subset), params
        assert sum(point["total_calls"] for point in body["data"]) == len(subset), params


def test_summary_without_dates_covers_the_recent_range_like_the_listing(world):
    recent = listing(world.api, world.account, {})
    body = world.api.get(f"/v3/a/{world.account}/calls/summary.json",
                         params={"fields": FIELDS_PARAM}).json()
    assert 0 < len(recent) < len(world.calls)
    assert body["total_results"] == expected(recent)


def _bucket(moment: datetime, interval: str) -> str:
    day = moment.date()
    if interval == "hour":
        return moment.replace(minute=0, second=0, microsecond=0).strftime("%Y-%m-%dT%H:%M:%S%z")
    return {"day": day, "week": day - timedelta(days=day.weekday()), "month": day.replace(day=1),
            "year": day.replace(month=1, day=1)}[interval].isoformat()


def _labels(start: date, end: date, interval: str, tz) -> list[str]:
    labels, day = [], start
    while day <= end:
        if interval == "hour":
            labels.extend(_bucket(datetime(day.year, day.month, day.day, h, tzinfo=tz), "hour") for h in range(24))
        else:
            label = _bucket(datetime(day.year, day.month, day.day, tzinfo=tz), interval)
            if label not in labels:
                labels.append(label)
        day += timedelta(days=1)
    return labels


@pytest.mark.parametrize("interval, zone, days", [
    ("day", "America/Los_Angeles", 95), ("week", "America/Los_Angeles", 95), ("month", "Asia/Tokyo", 95),
    ("year", "UTC", 95), ("hour", "UTC", 3), ("hour", "Asia/Kolkata", 2), (None, "America/Chicago", 40)])
def test_time_series_buckets_match_the_listing(world, interval, zone, days):
    tz = ZoneInfo(zone)
    end = date.fromisoformat(world.window["end_date"])
    start = end - timedelta(days=days - 1)
    params = {"start_date": start.isoformat(), "end_date": end.isoformat(), "time_zone": zone}
    calls = listing(world.api, world.account, params)
    response = world.api.get(f"/v3/a/{world.account}/calls/timeseries.json",
                             params={**params, "fields": FIELDS_PARAM, **({"interval": interval} if interval else {})})
    assert response.status_code == 200, response.text
    body = response.json()
    interval = interval or "day"
    assert list(body) == ["start_date", "end_date", "time_zone", "total_results", "data"]
    assert body["time_zone"] == zone
    offset = datetime(start.year, start.month, start.day, tzinfo=tz).strftime("%z")
    assert body["start_date"] == f"{start.isoformat()}T00:00:00{offset}"
    assert re.fullmatch(rf"{end.isoformat()}T23:59:59[+-]\d{{4}}", body["end_date"])
    buckets = defaultdict(list)
    for call in calls:
        moment = datetime.fromisoformat(call["start_time"]).astimezone(tz)
        buckets[_bucket(moment, interval)].append(call)
    labels = _labels(start, end, interval, tz)
    assert [p["date"] for p in body["data"]] == labels  # zero-filled, in order
    assert {p["date"]: {k: v for k, v in p.items() if k != "date"} for p in body["data"]} == {
        label: expected(buckets.get(label, [])) for label in labels}
    assert body["total_results"] == expected(calls)
    assert any(p["total_calls"] == 0 for p in body["data"]) or interval != "hour"


def test_summary_dates_and_time_zone_as_the_examples_show(world):
    body = world.get("summary", time_zone="America/Los_Angeles")
    assert body["time_zone"] == "America/Los_Angeles"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00-0[78]00", body["start_date"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT23:59:59-0[78]00", body["end_date"])
    assert body["start_date"].startswith(world.window["start_date"])
    assert body["end_date"].startswith(world.window["end_date"])


def test_a_restricted_key_summarises_only_its_companies(world):
    key = world.e.key_for("reporting")
    api = world.api.with_key(key)
    calls = listing(api, world.account, world.window)
    body = api.get(f"/v3/a/{world.account}/calls/summary.json",
                   params={**world.window, "fields": FIELDS_PARAM, "group_by": "company_id"}).json()
    assert body["total_results"] == expected(calls)
    assert {g["key"] for g in body["grouped_results"]} == {c["company_id"] for c in calls}


@pytest.mark.parametrize("endpoint, params, parameter", [
    ("summary", {"group_by": "tracker"}, "group_by"),
    ("summary", {"fields": "total_calls,bogus"}, "fields"),
    ("timeseries", {"fields": "calls"}, "fields"),
    ("timeseries", {"interval": "minute"}, "interval"),
    ("summary", {"device": "tablet"}, "device"),
    ("timeseries", {"device": "tablet"}, "device"),
    ("summary", {"min_duration": "long"}, "min_duration"),
    ("summary", {"max_duration": "-5"}, "max_duration"),
    ("summary", {"direction": "sideways"}, "direction"),
    ("summary", {"answer_status": "busy"}, "answer_status"),
    ("summary", {"first_time_callers": "maybe"}, "first_time_callers"),
    ("summary", {"lead_status": "previously_marked_good_lead"}, "lead_status"),
    ("timeseries", {"lead_status": "hot"}, "lead_status"),
    ("summary", {"agent": "USR00000000000000000000000000000000"}, "agent"),
    ("summary", {"company_id": "COM00000000000000000000000000000000"}, "company_id"),
    ("summary", {"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
    ("timeseries", {"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
    ("summary", {"date_range": "all_time"}, "date_range"),
    ("summary", {"date_range": "fortnight"}, "date_range"),
    ("summary", {"start_date": "2016-13-45"}, "start_date"),
    ("timeseries", {"interval": "hour", "date_range": "last_30_days"}, "interval"),
    ("timeseries", {"interval": "day", "start_date": "__201_days_ago__"}, "interval"),
])
def test_bad_parameters_are_400s_naming_the_parameter(world, endpoint, params, parameter):
    if params.get("start_date") == "__201_days_ago__":
        params = {"start_date": (date.fromisoformat(world.window["end_date"]) - timedelta(days=200)).isoformat(),
                  "end_date": world.window["end_date"]}
    response = world.api.get(f"/v3/a/{world.account}/calls/{endpoint}.json", params=params)
    assert response.status_code == 400, response.text
    assert response.json()["parameter"] == parameter


def test_200_days_is_the_most_a_time_series_shows(world):
    end = date.fromisoformat(world.window["end_date"])
    response = world.api.get(f"/v3/a/{world.account}/calls/timeseries.json", params={
        "start_date": (end - timedelta(days=199)).isoformat(), "end_date": end.isoformat()})
    assert response.status_code == 200
    assert len(response.json()["data"]) == 200


@pytest.mark.parametrize("group_by", ["company", "company_id"])
def test_grouping_by_company_needs_the_account_level(world, group_by):
    company = world.calls[0]["company_id"]
    response = world.api.get(f"/v3/a/{world.account}/calls/summary.json",
                             params={"group_by": group_by, "company_id": company})
    assert response.status_code == 400
    assert response.json()["parameter"] == "group_by"


def test_reports_of_another_account_are_404(world):
    created = world.e.control.post("/accounts", {"name": "Elsewhere"})
    api = world.api.with_key(created["api_key"])
    for endpoint in ("summary", "timeseries"):
        assert api.get(f"/v3/a/{world.account}/calls/{endpoint}.json").status_code == 404
        empty = api.get(f"/v3/a/{created['account']['id']}/calls/{endpoint}.json")
        assert empty.status_code == 200 and empty.json()["total_results"] == {"total_calls": 0}
