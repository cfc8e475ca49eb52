"""Unit tests: area-code geography, "Requesting a Number" parsing, and tracker sources."""
from __future__ import annotations

import pytest

from emulator.domain import numbers, tracker_sources
from emulator.errors import ApiError


def test_geographic_area_codes():
    assert numbers.is_geographic("404") and numbers.is_geographic("212") and numbers.is_geographic("416")
    assert not numbers.is_geographic("555") and not numbers.is_geographic("888")
    assert not numbers.is_geographic("40") and not numbers.is_geographic("abc")


def test_toll_free_area_codes():
    assert numbers.TOLL_FREE_PREFERENCE == ("888", "877", "866", "855")
    assert all(numbers.is_toll_free(c) for c in ("888", "877", "866", "855", "800"))
    assert not numbers.is_toll_free("404")


def test_neighbours_share_the_state_and_are_ordered_by_distance():
    georgia = numbers.neighbours("404")
    assert {"470", "678", "770", "706"} <= set(georgia) and "404" not in georgia
    assert all(abs(int(a) - 404) <= abs(int(b) - 404) for a, b in zip(georgia, georgia[1:]))
    assert "212" not in georgia
    assert numbers.neighbours("555") == []


@pytest.mark.parametrize("value,expected", [
    ({"area_code": "404"}, {"area_code": "404"}),
    ({"area_code": 303}, {"area_code": "303"}),
    ({"local": "404-555-8769"}, {"local": "+14045558769"}),
    ({"area_code": "404", "local": "+14045558769"}, {"area_code": "404", "local": "+14045558769"}),
    ({"toll_free": True}, {"toll_free": True}),
    ({"area_code": "888", "toll_free": True}, {"area_code": "888", "toll_free": True}),
    ({"area_code": "404", "toll_free": False}, {"area_code": "404"}),
])
def test_parse_request(value, expected):
    assert numbers.parse_request(value, "pool_numbers") == expected


@pytest.mark.parametrize("value,parameter", [
    ({}, "pool_numbers"), (None, "pool_numbers"), ({"toll_free": False}, "pool_numbers"),
    ({"area_code": "4045"}, "pool_numbers.area_code"), ({"area_code": "099"}, "pool_numbers.area_code"),
    ({"local": "x"}, "pool_numbers.local"), ({"toll_free": 1}, "pool_numbers.toll_free"),
    ({"toll_free": True, "area_code": "404"}, "pool_numbers.area_code"),
    ({"toll_free": True, "local": "+14045558769"}, "pool_numbers.local"),
])
def test_parse_request_refuses(value, parameter):
    with pytest.raises(ApiError) as caught:
        numbers.parse_request(value, "pool_numbers")
    assert caught.value.status == 400 and caught.value.parameter == parameter


def test_candidates_are_valid_looking_and_deterministic():
    first = list(zip(range(50), numbers._candidates(1, "404")))
    again = list(zip(range(50), numbers._candidates(1, "404")))
    assert first == again
    for _, number in first:
        assert number.startswith("+1404") and len(number) == 12 and number[5] not in "01"
        assert number[6:8] != "11"


def test_session_source_all_string_becomes_an_object():
    assert tracker_sources.session_source("all") == {"type": "all"}


def test_session_source_keeps_the_documented_keys():
    value = {"inverted": True, "type": "direct", "google": ["organic", "organic"], "landing": ["promo"]}
    assert tracker_sources.session_source(value) == {"type": "direct", "google": ["organic"],
                                                     "landing": ["promo"], "inverted": True}


@pytest.mark.parametrize("kind", sorted(tracker_sources.SOURCE_TYPES))
def test_every_source_tracker_type_has_its_fields(kind):
    value = {"type": kind, **{k: "google" if k == "search_engine" else "paid" if k == "search_type" else "x"
                              for k in tracker_sources.SOURCE_TYPES[kind]}}
    assert tracker_sources.source_source(value) == value
    if tracker_sources.SOURCE_TYPES[kind]:
        missing = tracker_sources.SOURCE_TYPES[kind][0]
        with pytest.raises(ApiError) as caught:
            tracker_sources.source_source({k: v for k, v in value.items() if k != missing})
        assert caught.value.parameter == f"source.{missing}"
