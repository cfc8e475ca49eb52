"""Creating session and source trackers (doc 5094-5333), number provisioning ("Requesting a
Number", 5567-5605), call flows (5606-5713) and call sources (5714-5900). Docs seed."""
from __future__ import annotations

import pytest

from docs_seed import A, OTHER_ACCOUNT, WIDGET_SHOP, WIDGET_SHOP_NUMERIC, error, ok, probe_hostile
from trackers_helpers import (DEFAULT_FIELDS, DOC_FLOW_UUID, GEORGIA, all_trackers, create, flow, rejected,
                              session_body, set_available, source_body, total)

pytestmark = pytest.mark.callrail_seed("docs")


def area(number: str) -> str:
    return number[2:5]


def test_create_a_session_tracker(callrail):
    callrail.control.freeze("2026-02-03T04:05:06Z")
    made = create(callrail, session_body(pool_size=5, whisper_message="Call from [source]", sms_enabled=True,
                                         company_id=WIDGET_SHOP_NUMERIC,
                                         call_flow=flow("(404) 555-0100", recording_enabled=True,
                                                        greeting_text="This call will be recorded")))
    assert list(made) == DEFAULT_FIELDS
    assert made["id"].startswith("TRK") and len(made["id"]) == 35
    assert made["type"] == "session" and made["status"] == "active" and made["name"] == "Website Pool"
    assert len(made["tracking_numbers"]) == 5 and len(set(made["tracking_numbers"])) == 5
    assert {area(n) for n in made["tracking_numbers"]} == {"404"}
    assert made["destination_number"] == "+14045550100"
    assert made["source"] == {"type": "all"}
    assert made["sms_supported"] is True and made["sms_enabled"] is True
    assert made["whisper_message"] == "Call from [source]"
    assert made["company"] == {"id": WIDGET_SHOP, "name": "Widget Shop"}
    assert made["call_flow"] == {"type": "basic", "recording_enabled": True, "destination_number": "+14045550100",
                                 "greeting_text": "This call will be recorded", "greeting_recording_url": None}
    assert made["created_at"] == "2026-02-03T04:05:06.000Z" and made["disabled_at"] is None
    shown = ok(callrail.api.get(f"{A}/trackers/{made['id']}.json", params={"fields": "swap_targets,campaign_name"}))
    assert shown["swap_targets"] == ["+14045550100"]   # "the destination number will be used"
    assert shown["campaign_name"] is None


def test_create_a_source_tracker(callrail):
    made = create(callrail, source_body(campaign_name="Summer billboard campaign", sms_enabled=True,
                                        swap_targets=["7704761456", "770-555-1234"],
                                        source={"type": "search", "search_engine": "google",
                                                "search_type": "organic"}))
    assert made["type"] == "source" and len(made["tracking_numbers"]) == 1
    assert area(made["tracking_numbers"][0]) == "404"
    assert made["source"] == {"type": "search", "search_engine": "google", "search_type": "organic"}
    shown = ok(callrail.api.get(f"{A}/trackers/{made['id']}.json", params={"fields": "swap_targets,campaign_name"}))
    assert shown["campaign_name"] == "Summer billboard campaign"
    assert shown["swap_targets"] == ["+17704761456", "+17705551234"]


def test_a_number_is_never_handed_out_twice(callrail):
    for _ in range(3):
        create(callrail, session_body(pool_size=10))
        create(callrail, source_body())
    numbers = [n for t in all_trackers(callrail.api) for n in t["tracking_numbers"]]
    assert len(numbers) == len(set(numbers))


def test_local_falls_back_to_a_neighbouring_area_code(callrail):
    set_available(callrail, "404", 0)
    made = create(callrail, source_body(tracking_number={"local": "+14045558769"}))
    assert area(made["tracking_numbers"][0]) in GEORGIA - {"404"}


def test_local_uses_its_own_area_code_while_it_has_numbers(callrail):
    made = create(callrail, session_body(pool_numbers={"local": "303-555-0199"}))
    assert {area(n) for n in made["tracking_numbers"]} == {"303"}


def test_a_pool_spills_into_neighbours_when_the_area_code_runs_short(callrail):
    set_available(callrail, "404", 2)
    made = create(callrail, session_body(pool_size=4, pool_numbers={"local": "+14045558769"}))
    areas = [area(n) for n in made["tracking_numbers"]]
    assert areas[:2] == ["404", "404"] and set(areas[2:]) <= GEORGIA - {"404"}
    assert callrail.control.get("/numbers/404")["available"] == 0


def test_area_code_with_local_requires_that_area_code(callrail):
    set_available(callrail, "404", 0)
    body = rejected(callrail, source_body(tracking_number={"area_code": "404", "local": "+14045558769"}),
                    "tracking_number.area_code")
    assert "404" in body["error"]


def test_area_code_that_has_run_out_is_400_and_nothing_is_stored(callrail):
    set_available(callrail, "303", 0)
    rejected(callrail, session_body(pool_numbers={"area_code": "303"}), "pool_numbers.area_code", area_code="303")


def test_a_pool_larger_than_the_inventory_fails_and_keeps_the_inventory(callrail):
    set_available(callrail, "404", 3)
    rejected(callrail, session_body(pool_size=4), "pool_numbers.area_code")
    assert callrail.control.get("/numbers/404")["available"] == 3


def test_local_fails_when_the_area_code_and_its_neighbours_run_out(callrail):
    for code in GEORGIA:
        set_available(callrail, code, 0)
    rejected(callrail, source_body(tracking_number={"local": "+14045558769"}), "tracking_number.local")


def test_toll_free_prefers_888_877_866_855_in_that_order(callrail):
    seen = []
    for code in ("888", "877", "866", "855"):
        made = create(callrail, source_body(tracking_number={"toll_free": True}))
        seen.append(area(made["tracking_numbers"][0]))
        assert made["sms_supported"] is False and made["sms_enabled"] is False
        set_available(callrail, code, 0)
    assert seen == ["888", "877", "866", "855"]
    rejected(callrail, source_body(tracking_number={"toll_free": True}), "tracking_number.toll_free",
             area_code="855")


def test_toll_free_in_a_required_area_code(callrail):
    made = create(callrail, source_body(tracking_number={"area_code": "877", "toll_free": True}))
    assert area(made["tracking_numbers"][0]) == "877"
    set_available(callrail, "866", 0)
    rejected(callrail, source_body(tracking_number={"area_code": "866", "toll_free": True}),
             "tracking_number.area_code", area_code="866")


@pytest.mark.parametrize("request_body,parameter", [
    ({}, "pool_numbers"),
    ({"toll_free": False}, "pool_numbers"),
    ("404", "pool_numbers"),
    ({"area_code": "40"}, "pool_numbers.area_code"),
    ({"area_code": "abc"}, "pool_numbers.area_code"),
    ({"area_code": "104"}, "pool_numbers.area_code"),
    ({"area_code": "555"}, "pool_numbers.area_code"),          # not a real area code: no inventory
    ({"local": "not a phone"}, "pool_numbers.local"),
    ({"local": "+18885551234"}, "pool_numbers.local"),                # toll-free: not local to anywhere
    ({"local": "+4420794600000"}, "pool_numbers.local"),
    ({"toll_free": "yes"}, "pool_numbers.toll_free"),
    ({"toll_free": True, "area_code": "404"}, "pool_numbers.area_code"),
    ({"toll_free": True, "local": "+14045558769"}, "pool_numbers.local"),
])
def test_invalid_number_requests(callrail, request_body, parameter):
    rejected(callrail, session_body(pool_numbers=request_body), parameter)


def test_sms_enabled_needs_sms_supported_numbers(callrail):
    rejected(callrail, source_body(tracking_number={"toll_free": True}, sms_enabled=True), "sms_enabled",
             area_code="888")
    assert create(callrail, source_body(sms_enabled=True))["sms_enabled"] is True


@pytest.mark.parametrize("size", [4, 50])
def test_pool_size_bounds_are_accepted(callrail, size):
    assert len(create(callrail, session_body(pool_size=size))["tracking_numbers"]) == size


@pytest.mark.parametrize("size", [3, 51, 0, -4, "10", 4.5, True, None])
def test_pool_size_must_be_4_to_50(callrail, size):
    body = session_body()
    body["pool_size"] = size
    if size is None:
        del body["pool_size"]
    rejected(callrail, body, "pool_size")


@pytest.mark.parametrize("missing", ["name", "type", "company_id", "call_flow", "source", "pool_numbers"])
def test_session_required_fields(callrail, missing):
    body = session_body()
    del body[missing]
    rejected(callrail, body, missing)


@pytest.mark.parametrize("missing", ["name", "company_id", "call_flow", "source", "tracking_number"])
def test_source_required_fields(callrail, missing):
    body = source_body()
    del body[missing]
    rejected(callrail, body, missing)


@pytest.mark.parametrize("kind", ["", "Session", "offline", 1])
def test_type_must_be_session_or_source(callrail, kind):
    rejected(callrail, session_body(type=kind), "type")


@pytest.mark.parametrize("body,parameter", [
    (session_body(campaign_name="Spring"), "campaign_name"),
    (session_body(tracking_number={"area_code": "404"}), "tracking_number"),
    (source_body(pool_size=4), "pool_size"),
    (source_body(pool_numbers={"area_code": "404"}), "pool_numbers"),
])
def test_parameters_of_the_other_kind_are_refused(callrail, body, parameter):
    rejected(callrail, body, parameter)


def test_company_must_be_an_active_company_of_the_account(callrail):
    other = ok(callrail.api.get(f"/v3/a/{OTHER_ACCOUNT}/companies.json"))["companies"][0]["id"]
    rejected(callrail, source_body(company_id=other), "company_id")
    rejected(callrail, source_body(company_id="COM00000000000000000000000000000000"), "company_id")
    disabled = ok(callrail.api.get(f"{A}/companies.json", params={"status": "disabled"}))["companies"][0]["id"]
    rejected(callrail, source_body(company_id=disabled), "company_id")


@pytest.mark.parametrize("name", ["", None, 5])
def test_name_must_be_a_non_empty_string(callrail, name):
    body = source_body()
    body["name"] = name
    rejected(callrail, body, "name")


# -- sources


@pytest.mark.parametrize("source", [
    {"google": ["paid"]},
    {"google": ["paid"], "yahoo": ["paid"], "bing": ["paid"]},
    {"google": ["paid"], "landing": ["facebook_landing", "email_landing"]},
    {"inverted": True, "type": "direct", "google": ["organic"], "yahoo": ["organic"], "bing": ["organic"]},
    {"referrer": ["facebook.com"]},
    {"type": "direct"},
    {"type": "all"},
])
def test_session_sources_are_kept_as_sent(callrail, source):
    assert create(callrail, session_body(source=source))["source"] == source


@pytest.mark.parametrize("source,parameter", [
    ("organic", "source"),
    (["all"], "source"),
    ({}, "source"),
    ({"inverted": True}, "source"),
    ({"google": ["local"]}, "source.google"),
    ({"bing": ["paid", "local"]}, "source.bing"),
    ({"google": "paid"}, "source.google"),
    ({"yahoo": []}, "source.yahoo"),
    ({"landing": "promo"}, "source.landing"),
    ({"referrer": [""]}, "source.referrer"),
    ({"google": ["paid"], "inverted": "yes"}, "source.inverted"),
    ({"type": "offline"}, "source.type"),
    ({"type": "all", "google": ["paid"]}, "source.type"),
    ({"facebook": ["paid"]}, "source.facebook"),
])
def test_invalid_session_sources(callrail, source, parameter):
    rejected(callrail, session_body(source=source), parameter)


@pytest.mark.parametrize("source", [
    {"type": "all"}, {"type": "landing_url", "landing": "www.example.com/promo1"},
    {"type": "landing_params", "landing": "promo=1"}, {"type": "offline"},
    {"type": "web_referrer", "referrer": "facebook.com"}, {"type": "direct"},
    {"type": "search", "search_engine": "google", "search_type": "paid"},
    {"type": "search", "search_engine": "all", "search_type": "paid"},
    {"type": "search", "search_engine": "bing", "search_type": "all"},
    {"type": "google_ad_extension"}, {"type": "mobile_ad_extension"}, {"type": "google_my_business"},
])
def test_every_source_tracker_type(callrail, source):
    assert create(callrail, source_body(source=source))["source"] == source


@pytest.mark.parametrize("source,parameter", [
    ("all", "source"),
    ({"landing": "x"}, "source.type"),
    ({"type": "facebook"}, "source.type"),
    ({"type": ["search"]}, "source.type"),
    ({"type": {"type": "direct"}}, "source.type"),
    ({"type": "landing_url"}, "source.landing"),
    ({"type": "landing_params", "landing": ""}, "source.landing"),
    ({"type": "web_referrer"}, "source.referrer"),
    ({"type": "search", "search_type": "paid"}, "source.search_engine"),
    ({"type": "search", "search_engine": "ask", "search_type": "paid"}, "source.search_engine"),
    ({"type": "search", "search_engine": "google"}, "source.search_type"),
    ({"type": "search", "search_engine": "google", "search_type": "local"}, "source.search_type"),
    ({"type": "offline", "landing": "promo=1"}, "source.landing"),
    ({"type": "direct", "referrer": "x.com"}, "source.referrer"),
])
def test_invalid_source_tracker_sources(callrail, source, parameter):
    rejected(callrail, source_body(source=source), parameter)


# -- call flows, swap targets, whisper


def test_recorded_greeting(callrail):
    url = "https://s3.aws.com/greetings/recording.mp3"
    made = create(callrail, source_body(call_flow=flow(greeting_recording_url=url, recording_enabled=True)))
    assert made["call_flow"] == {"type": "basic", "recording_enabled": True, "destination_number": "+14045550100",
                                 "greeting_text": None, "greeting_recording_url": url}


def test_text_and_recorded_greeting_default_to_the_text(callrail):
    made = create(callrail, source_body(call_flow=flow(greeting_text="Hello",
                                                       greeting_recording_url="https://s3.aws.com/r.wav")))
    assert made["call_flow"]["greeting_text"] == "Hello" and made["call_flow"]["greeting_recording_url"] is None


def test_no_greeting(callrail):
    made = create(callrail, source_body(call_flow=flow()))
    assert made["call_flow"] == {"type": "basic", "recording_enabled": False, "destination_number": "+14045550100",
                                 "greeting_text": None, "greeting_recording_url": None}


def test_assign_an_existing_advanced_call_flow(callrail):
    made = create(callrail, source_body(call_flow={"type": "advanced", "uuid": DOC_FLOW_UUID}))
    assert made["call_flow"]["uuid"] == DOC_FLOW_UUID and len(made["call_flow"]["steps"]) == 3
    assert made["destination_number"] == "+15551234567"
    shown = ok(callrail.api.get(f"{A}/trackers/{made['id']}.json", params={"fields": "swap_targets"}))
    assert shown["swap_targets"] == ["+15551234567"]


def test_an_advanced_flow_of_another_company_cannot_be_assigned(callrail):
    trackers = all_trackers(callrail.api)
    foreign = next(t["call_flow"]["uuid"] for t in trackers
                   if t["company"]["id"] != WIDGET_SHOP and t["call_flow"]["type"] == "advanced")
    rejected(callrail, source_body(call_flow={"type": "advanced", "uuid": foreign}), "call_flow.uuid")


@pytest.mark.parametrize("call_flow,parameter", [
    ("basic", "call_flow"),
    ({"destination_number": "+14045550100"}, "call_flow.type"),
    ({"type": "ivr", "destination_number": "+14045550100"}, "call_flow.type"),
    ({"type": "basic"}, "call_flow.destination_number"),
    ({"type": "basic", "destination_number": "12345"}, "call_flow.destination_number"),
    ({"type": "basic", "destination_number": "+14045550100", "recording_enabled": "sometimes"},
     "call_flow.recording_enabled"),
    ({"type": "basic", "destination_number": "+14045550100", "greeting_recording_url": "ftp://x/r.mp3"},
     "call_flow.greeting_recording_url"),
    ({"type": "basic", "destination_number": "+14045550100", "greeting_recording_url": "https://x/r.ogg"},
     "call_flow.greeting_recording_url"),
    ({"type": "advanced"}, "call_flow.uuid"),
    ({"type": "advanced", "uuid": "00000000-0000-4000-8000-000000000000"}, "call_flow.uuid"),
    ({"type": "advanced", "recording_enabled": False, "steps": []}, "call_flow.uuid"),
])
def test_invalid_call_flows(callrail, call_flow, parameter):
    rejected(callrail, source_body(call_flow=call_flow), parameter)


@pytest.mark.parametrize("targets", ["7704761456", ["not a number"], [123]])
def test_invalid_swap_targets(callrail, targets):
    rejected(callrail, source_body(swap_targets=targets), "swap_targets")


def test_an_empty_whisper_message_is_null(callrail):
    assert create(callrail, source_body(whisper_message=""))["whisper_message"] is None


def test_sms_enabled_must_be_a_boolean(callrail):
    rejected(callrail, source_body(sms_enabled="maybe"), "sms_enabled")


def test_query_string_parameters_on_create_are_406(callrail):
    before = total(callrail.api)
    response = callrail.api.post(f"{A}/trackers.json", params={"name": "x", "type": "source"})
    error(response, 406)
    assert total(callrail.api) == before


@pytest.mark.parametrize("body", [
    session_body(swap_targets=["7704761456"], whisper_message="Hi", sms_enabled=False),
    source_body(campaign_name="Radio", swap_targets=["7704761456"], call_flow=flow(greeting_text="Hello")),
])
def test_hostile_values_are_400s_naming_the_parameter(callrail, body):
    assert 400 in probe_hostile(callrail.api, "POST", "trackers.json", body)
