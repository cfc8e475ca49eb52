"""Updating session and source trackers (doc 5334-5549) and disabling them (5550-5566). Docs seed."""
from __future__ import annotations

import pytest

from docs_seed import A, WIDGET_SHOP, error, ok, probe_hostile
from trackers_helpers import (DOC_FLOW_UUID, MY_BILLBOARD, TEXT_LINE, WIDGET_SESSION, create, flow, issued,
                              session_body, set_available, source_body)

pytestmark = pytest.mark.callrail_seed("docs")

FORM_ERROR = {"error": "You must select a different number for outbound Form Submission calls before "
                       "disabling this tracker."}


def put(callrail, tracker_id, body):
    return callrail.api.put(f"{A}/trackers/{tracker_id}.json", json=body)


def show(callrail, tracker_id, **params):
    return ok(callrail.api.get(f"{A}/trackers/{tracker_id}.json", params=params))


def unchanged(callrail, tracker_id, body, parameter, status=400):
    """An update that fails naming `parameter` and changes nothing."""
    before = show(callrail, tracker_id, fields="campaign_name,swap_targets")
    error(put(callrail, tracker_id, body), status, parameter)
    assert show(callrail, tracker_id, fields="campaign_name,swap_targets") == before


def test_update_a_session_tracker(callrail):
    body = {"name": "My Website Tracker", "swap_targets": ["7704761456", "7705551234"],
            "whisper_message": "Call from [source]", "sms_enabled": False,
            "call_flow": {"type": "basic", "recording_enabled": True, "destination_number": "+14044554321",
                          "greeting_text": "This call will be recorded for quality assurance"},
            "source": {"google": ["paid", "organic"], "bing": ["paid"]}}
    updated = ok(put(callrail, WIDGET_SESSION, body))
    assert updated["name"] == "My Website Tracker" and updated["whisper_message"] == "Call from [source]"
    assert updated["destination_number"] == "+14044554321" and updated["sms_enabled"] is False
    assert updated["call_flow"]["destination_number"] == "+14044554321"
    assert updated["source"] == {"google": ["paid", "organic"], "bing": ["paid"]}
    assert updated["tracking_numbers"] == ["+14045551111", "+14045552222", "+14045553333", "+14045554444"]
    assert show(callrail, WIDGET_SESSION, fields="swap_targets")["swap_targets"] == ["+17704761456", "+17705551234"]


def test_update_a_source_tracker_as_the_doc_example(callrail):
    body = {"call_flow": {"type": "basic", "recording_enabled": False},
            "source": {"type": "search", "search_engine": "google", "search_type": "organic"},
            "sms_enabled": True, "swap_targets": ["7705551234", "7705554567"], "whisper_message": "",
            "campaign_name": "Summer billboard campaign"}
    updated = ok(put(callrail, MY_BILLBOARD, body))
    assert updated["call_flow"] == {"type": "basic", "recording_enabled": False,
                                    "destination_number": "+15553104554",
                                    "greeting_text": "This call will be recorded for quality assurance",
                                    "greeting_recording_url": None}
    assert updated["whisper_message"] is None and updated["sms_enabled"] is True
    shown = show(callrail, MY_BILLBOARD, fields="campaign_name,swap_targets")
    assert shown["campaign_name"] == "Summer billboard campaign"
    assert shown["swap_targets"] == ["+17705551234", "+17705554567"]


def test_a_field_left_out_is_not_changed(callrail):
    before = show(callrail, WIDGET_SESSION)
    after = ok(put(callrail, WIDGET_SESSION, {"name": "Renamed"}))
    assert {**before, "name": "Renamed"} == after


def test_empty_swap_targets_fall_back_to_the_destination(callrail):
    ok(put(callrail, WIDGET_SESSION, {"swap_targets": []}))
    assert show(callrail, WIDGET_SESSION, fields="swap_targets")["swap_targets"] == ["+15553104554"]


def test_campaign_name_is_cleared_with_an_empty_string(callrail):
    ok(put(callrail, MY_BILLBOARD, {"campaign_name": ""}))
    assert show(callrail, MY_BILLBOARD, fields="campaign_name")["campaign_name"] is None


def test_switch_to_an_advanced_call_flow_and_back(callrail):
    updated = ok(put(callrail, MY_BILLBOARD, {"call_flow": {"type": "advanced", "uuid": DOC_FLOW_UUID}}))
    assert updated["call_flow"]["uuid"] == DOC_FLOW_UUID and updated["destination_number"] == "+15551234567"
    unchanged(callrail, MY_BILLBOARD, {"call_flow": {"type": "basic"}}, "call_flow.destination_number")
    back = ok(put(callrail, MY_BILLBOARD, {"call_flow": flow("+14045550111")}))
    assert back["call_flow"]["type"] == "basic" and back["destination_number"] == "+14045550111"


def test_pool_size_can_grow(callrail):
    updated = ok(put(callrail, WIDGET_SESSION, {"pool_size": 6}))
    numbers = updated["tracking_numbers"]
    assert numbers[:4] == ["+14045551111", "+14045552222", "+14045553333", "+14045554444"]
    assert len(numbers) == 6 and len(set(numbers)) == 6 and {n[2:5] for n in numbers} == {"404"}
    assert len(ok(put(callrail, WIDGET_SESSION, {"pool_size": 6}))["tracking_numbers"]) == 6


def test_a_grown_pool_follows_the_original_number_request(callrail):
    made = create(callrail, session_body(pool_numbers={"toll_free": True}))
    grown = ok(put(callrail, made["id"], {"pool_size": 5}))["tracking_numbers"]
    assert len(grown) == 5 and {n[2:5] for n in grown} == {"888"}


@pytest.mark.parametrize("size", [3, 51, "8", 5.5])
def test_pool_size_bounds_on_update(callrail, size):
    unchanged(callrail, WIDGET_SESSION, {"pool_size": size}, "pool_size")


def test_pool_size_can_only_increase(callrail):
    made = create(callrail, session_body(pool_size=6))
    unchanged(callrail, made["id"], {"pool_size": 5}, "pool_size")


def test_pool_growth_that_the_inventory_cannot_meet_is_400(callrail):
    set_available(callrail, "404", 1)
    unchanged(callrail, WIDGET_SESSION, {"pool_size": 6}, "pool_size")
    assert callrail.control.get("/numbers/404")["available"] == 1


def test_replace_a_pool_number(callrail):
    before = issued(callrail)
    updated = ok(put(callrail, WIDGET_SESSION, {"replace_tracking_number": "+14045552222"}))
    numbers = updated["tracking_numbers"]
    assert "+14045552222" not in numbers and len(numbers) == 4
    assert numbers[0] == "+14045551111" and numbers[2:] == ["+14045553333", "+14045554444"]
    assert numbers[1].startswith("+1404")
    assert issued(callrail) == before + 1


def test_replace_a_source_number(callrail):
    updated = ok(put(callrail, TEXT_LINE, {"replace_tracking_number": "770-333-4455"}))
    assert updated["tracking_numbers"] != ["+17703334455"] and updated["tracking_numbers"][0].startswith("+1770")


def test_a_replaced_number_is_not_handed_out_again(callrail):
    ok(put(callrail, TEXT_LINE, {"replace_tracking_number": "+17703334455"}))
    numbers = [create(callrail, source_body(tracking_number={"area_code": "770"}))["tracking_numbers"][0]
               for _ in range(3)]
    assert "+17703334455" not in numbers


@pytest.mark.parametrize("number", ["+14045559999", "+14045550000", "not a number"])
def test_replace_only_the_trackers_own_numbers(callrail, number):
    unchanged(callrail, WIDGET_SESSION, {"replace_tracking_number": number}, "replace_tracking_number")


def test_replace_needs_inventory_in_the_same_area_code(callrail):
    set_available(callrail, "404", 0)
    unchanged(callrail, WIDGET_SESSION, {"replace_tracking_number": "+14045551111"}, "replace_tracking_number")


@pytest.mark.parametrize("tracker_id,body,parameter", [
    (WIDGET_SESSION, {"campaign_name": "Spring"}, "campaign_name"),
    (MY_BILLBOARD, {"pool_size": 8}, "pool_size"),
    (WIDGET_SESSION, {"type": "source"}, "type"),
    (MY_BILLBOARD, {"type": "session"}, "type"),
    (WIDGET_SESSION, {"name": ""}, "name"),
    (WIDGET_SESSION, {"name": None}, "name"),
    (WIDGET_SESSION, {"source": {"google": ["local"]}}, "source.google"),
    (MY_BILLBOARD, {"source": "all"}, "source"),
    (MY_BILLBOARD, {"source": {"type": "search", "search_engine": "google"}}, "source.search_type"),
    (MY_BILLBOARD, {"call_flow": {"type": "basic", "destination_number": "555"}}, "call_flow.destination_number"),
    (MY_BILLBOARD, {"call_flow": {"type": "advanced", "uuid": "nope"}}, "call_flow.uuid"),
    (MY_BILLBOARD, {"swap_targets": "7705551234"}, "swap_targets"),
    (MY_BILLBOARD, {"sms_enabled": "on"}, "sms_enabled"),
])
def test_invalid_updates_change_nothing(callrail, tracker_id, body, parameter):
    unchanged(callrail, tracker_id, body, parameter)


def test_sms_cannot_be_enabled_on_a_toll_free_tracker(callrail):
    toll_free = next(t for t in ok(callrail.api.get(f"{A}/trackers.json", params={"search": "Toll Free"}))["trackers"])
    assert toll_free["sms_supported"] is False
    unchanged(callrail, toll_free["id"], {"sms_enabled": True}, "sms_enabled")


def test_disable_a_tracker(callrail):
    callrail.control.freeze("2026-05-06T07:08:09Z")
    response = callrail.api.delete(f"{A}/trackers/{MY_BILLBOARD}.json")
    assert response.status_code == 204 and response.content == b""
    shown = show(callrail, MY_BILLBOARD)
    assert shown["status"] == "disabled" and shown["disabled_at"] == "2026-05-06T07:08:09.000Z"
    assert shown["tracking_numbers"] == ["+14045559999"]
    disabled = ok(callrail.api.get(f"{A}/trackers.json", params={"status": "disabled"}))["trackers"]
    assert MY_BILLBOARD in [t["id"] for t in disabled]
    callrail.control.advance(60)
    assert callrail.api.delete(f"{A}/trackers/{MY_BILLBOARD}.json").status_code == 204
    assert show(callrail, MY_BILLBOARD)["disabled_at"] == "2026-05-06T07:08:09.000Z"


def test_a_disabled_tracker_cannot_be_changed(callrail):
    callrail.api.delete(f"{A}/trackers/{MY_BILLBOARD}.json")
    unchanged(callrail, MY_BILLBOARD, {"name": "Back again"}, None)


def test_the_form_submission_outbound_number_cannot_be_disabled(callrail):
    answer = callrail.control.put(f"/a/{callrail.account_id}/companies/{WIDGET_SHOP}/form_outbound_tracker",
                                  {"tracker_id": TEXT_LINE})
    assert answer == {"company_id": WIDGET_SHOP, "tracker_id": TEXT_LINE}
    response = callrail.api.delete(f"{A}/trackers/{TEXT_LINE}.json")
    assert response.status_code == 400 and response.json() == FORM_ERROR
    assert show(callrail, TEXT_LINE)["status"] == "active"
    callrail.control.put(f"/a/{callrail.account_id}/companies/{WIDGET_SHOP}/form_outbound_tracker",
                         {"tracker_id": None})
    assert callrail.api.delete(f"{A}/trackers/{TEXT_LINE}.json").status_code == 204


@pytest.mark.parametrize("body", [{}, {"tracker_id": "TRK00000000000000000000000000000000"}, {"tracker_id": 5}])
def test_form_outbound_control_route_validates(callrail, body):
    response = callrail.control.request(
        "PUT", f"/a/{callrail.account_id}/companies/{WIDGET_SHOP}/form_outbound_tracker", body)
    assert response.status_code == 400 and response.json()["parameter"] == "tracker_id"


def test_form_outbound_tracker_must_belong_to_the_company(callrail):
    bobs = ok(callrail.api.get(f"{A}/trackers.json", params={"company_id": "COM8154748ae6bd4e278a7cddd38a662e4e"}))
    response = callrail.control.request(
        "PUT", f"/a/{callrail.account_id}/companies/{WIDGET_SHOP}/form_outbound_tracker",
        {"tracker_id": bobs["trackers"][0]["id"]})
    assert response.status_code == 400 and response.json()["parameter"] == "tracker_id"


def test_number_inventory_control_route(callrail):
    assert callrail.control.get("/numbers/404")["available"] is None
    answer = set_available(callrail, "404", 7)
    assert answer["available"] == 7 and answer["area_code"] == "404" and answer["known"] is True
    assert set_available(callrail, "404", None)["available"] is None
    for bad in (-1, "3", True, 10**30, 1.5):
        response = callrail.control.request("PUT", "/numbers/404", {"available": bad})
        assert response.status_code == 400 and response.json()["parameter"] == "available"
    response = callrail.control.request("PUT", "/numbers/40", {"available": 1})
    assert response.status_code == 400 and response.json()["parameter"] == "area_code"


@pytest.mark.parametrize("tracker_id,body", [
    (WIDGET_SESSION, {"name": "x", "pool_size": 5, "replace_tracking_number": "+14045551111", "call_flow": flow(),
                      "source": {"google": ["paid"]}, "swap_targets": [], "sms_enabled": True,
                      "whisper_message": "m"}),
    (MY_BILLBOARD, {"name": "x", "campaign_name": "c", "source": {"type": "direct"}, "call_flow": flow()}),
])
def test_hostile_values_are_400s_naming_the_parameter(callrail, tracker_id, body):
    assert 400 in probe_hostile(callrail.api, "PUT", f"trackers/{tracker_id}.json", body)
