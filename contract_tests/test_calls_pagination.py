"""Relative pagination on Listing All Calls (doc 70-101): next_page followed unchanged returns
every call exactly once; offset jumps; the cursor is checked; offset pagination is untouched."""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from calls_helpers import every_call, simulate, since, tracking_number
from docs_seed import error, ok
from emulator.pytest_plugin import emulated


@pytest.fixture(scope="module")
def callrail(callrail_server):
    return emulated(callrail_server, "demo")


def url(callrail):
    return f"/v3/a/{callrail.account_id}/calls.json"


def follow(callrail, params, api=None):
    api = api or callrail.api
    body = ok(api.get(url(callrail), params={"relative_pagination": "true", **params}))
    pages = [body]
    while body["has_next_page"]:
        next_page = body["next_page"]
        assert next_page.startswith(callrail.base_url + "/v3/a/")
        body = ok(api.get(next_page))
        pages.append(body)
    assert pages[-1]["next_page"] is None
    return pages


def test_following_next_page_returns_every_call_once(callrail):
    expected = every_call(callrail)
    pages = follow(callrail, {**since(callrail), "per_page": 50})
    got = [c["id"] for p in pages for c in p["calls"]]
    assert len(got) == len(set(got)) == len(expected)
    assert got == [c["id"] for c in expected]  # same newest-first order as offset pagination
    assert all(len(p["calls"]) == 50 for p in pages[:-1]) and 0 < len(pages[-1]["calls"]) <= 50
    assert set(pages[0]) == {"per_page", "offset", "next_page", "has_next_page", "calls"}
    assert [p["offset"] for p in pages] == list(range(len(pages)))


@pytest.mark.parametrize("sort,order", [("customer_name", "asc"), ("duration", "desc"), ("tags", "asc"),
                                        ("device_type", "desc"), ("start_time", "asc")])
def test_every_call_once_under_other_sorts_with_nulls(callrail, sort, order):
    params = {**since(callrail), "sort": sort, "order": order}
    expected = [c["id"] for c in every_call(callrail, params)]
    got = [c["id"] for p in follow(callrail, {**params, "per_page": 97}) for c in p["calls"]]
    assert got == expected


def test_filters_and_fields_survive_in_next_page(callrail):
    params = {**since(callrail), "answer_status": "answered", "fields": "company_id,source", "per_page": 40,
              "time_zone": "America/Chicago"}
    pages = follow(callrail, params)
    calls = [c for p in pages for c in p["calls"]]
    assert calls and all(set(c) >= {"company_id", "source"} and c["answered"] for c in calls)
    assert all(c["start_time"][-6:] in ("-06:00", "-05:00") for c in calls)
    query = parse_qs(urlparse(pages[0]["next_page"]).query)
    assert query["answer_status"] == ["answered"] and query["relative_pagination"] == ["true"]
    assert len(calls) == len(every_call(callrail, {"answer_status": "answered"}))


def test_offset_jumps_to_a_page(callrail):
    params = {**since(callrail), "per_page": 25}
    pages = follow(callrail, params)
    fifth = ok(callrail.api.get(url(callrail), params={"relative_pagination": "true", "offset": 4, **params}))
    assert [c["id"] for c in fifth["calls"]] == [c["id"] for c in pages[4]["calls"]]
    assert fifth["offset"] == 4
    after = ok(callrail.api.get(fifth["next_page"]))
    assert [c["id"] for c in after["calls"]] == [c["id"] for c in pages[5]["calls"]]
    beyond = ok(callrail.api.get(url(callrail), params={"relative_pagination": "true", "offset": 10**5, **params}))
    assert beyond["calls"] == [] and beyond["has_next_page"] is False and beyond["next_page"] is None


def test_parameter_errors(callrail):
    base = {"relative_pagination": "true"}
    error(callrail.api.get(url(callrail), params={**base, "per_page": 251}), 400, "per_page")
    error(callrail.api.get(url(callrail), params={**base, "offset": -1}), 400, "offset")
    error(callrail.api.get(url(callrail), params={**base, "offset": "x"}), 400, "offset")
    error(callrail.api.get(url(callrail), params={**base, "cursor": "!!garbage"}), 400, "cursor")
    error(callrail.api.get(url(callrail), params={"relative_pagination": "maybe"}), 400, "relative_pagination")
    first = ok(callrail.api.get(url(callrail), params={**base, "per_page": 5}))
    cursor = parse_qs(urlparse(first["next_page"]).query)["cursor"][0]
    # a cursor only continues the sort it came from
    error(callrail.api.get(url(callrail), params={**base, "cursor": cursor, "sort": "duration"}), 400, "cursor")


def test_mixing_styles(callrail):
    """relative_pagination=false (the default) is offset pagination: offset/cursor are ignored;
    in relative mode `page` is ignored (docs/BEHAVIOUR.md)."""
    params = {**since(callrail), "per_page": 10}
    offset_page = ok(callrail.api.get(url(callrail), params={**params, "offset": 3, "relative_pagination": "false"}))
    assert offset_page["page"] == 1 and "next_page" not in offset_page
    plain = ok(callrail.api.get(url(callrail), params=params))
    assert [c["id"] for c in offset_page["calls"]] == [c["id"] for c in plain["calls"]]
    relative = ok(callrail.api.get(url(callrail), params={**params, "relative_pagination": "true", "page": 3}))
    assert [c["id"] for c in relative["calls"]] == [c["id"] for c in plain["calls"]]


def test_a_new_call_does_not_shift_the_next_relative_page(callrail):
    """Runs last in this module: it adds a call."""
    params = {**since(callrail), "per_page": 30}
    first = ok(callrail.api.get(url(callrail), params={"relative_pagination": "true", **params}))
    offset_second = ok(callrail.api.get(url(callrail), params={**params, "page": 2}))
    tracker = tracking_number(callrail)
    simulate(callrail, tracking_phone_number=tracker["number"], customer_phone_number="+14045550199")
    second = ok(callrail.api.get(first["next_page"]))
    assert [c["id"] for c in second["calls"]] == [c["id"] for c in offset_second["calls"]]
    shifted = ok(callrail.api.get(url(callrail), params={**params, "page": 2}))
    assert shifted["calls"][0]["id"] == first["calls"][-1]["id"]
