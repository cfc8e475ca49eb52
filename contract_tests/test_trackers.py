"""Trackers: listing, retrieving, roles and account scope ("Trackers", doc 4877-5093), docs seed."""
from __future__ import annotations

import pytest

from docs_seed import (A, ACCOUNT, BOBS_BURGERS, MANAGER_KEY, OTHER_ACCOUNT, OTHER_ADMIN_KEY, REPORTING_KEY,
                       WIDGET_SHOP, WIDGET_SHOP_NUMERIC, error, ok)
from trackers_helpers import (DEFAULT_FIELDS, DOC_FLOW_UUID, MY_BILLBOARD, WIDGET_SESSION, all_trackers,
                              session_body, source_body, total)

pytestmark = pytest.mark.callrail_seed("docs")


def listing(api, **params):
    return ok(api.get(f"{A}/trackers.json", params=params))


def test_the_doc_example_trackers_are_listed_with_the_default_fields(callrail):
    page = listing(callrail.api, company_id=WIDGET_SHOP)
    assert page["page"] == 1 and page["per_page"] == 100
    billboard = next(t for t in page["trackers"] if t["id"] == MY_BILLBOARD)
    assert list(billboard) == DEFAULT_FIELDS
    assert billboard == {
        "id": MY_BILLBOARD, "name": "My Billboard", "type": "source", "status": "active",
        "destination_number": "+15553104554", "tracking_numbers": ["+14045559999"], "whisper_message": None,
        "sms_enabled": False, "sms_supported": True, "company": {"id": WIDGET_SHOP, "name": "Widget Shop"},
        "call_flow": {"type": "basic", "recording_enabled": True, "destination_number": "+15553104554",
                      "greeting_text": "This call will be recorded for quality assurance",
                      "greeting_recording_url": None},
        "source": {"type": "search", "search_engine": "google", "search_type": "organic"},
        "created_at": "2011-07-05T19:06:10Z", "disabled_at": None}
    session = next(t for t in page["trackers"] if t["id"] == WIDGET_SESSION)
    assert session["type"] == "session" and session["whisper_message"] == "Call from [source]."
    assert session["tracking_numbers"] == ["+14045551111", "+14045552222", "+14045553333", "+14045554444"]
    assert session["source"] == {"google": ["paid", "organic"], "bing": ["paid", "organic"],
                                 "yahoo": ["paid", "organic"]}


def test_every_active_company_has_session_and_source_trackers_with_numbers(callrail):
    trackers = all_trackers(callrail.api)
    companies = ok(callrail.api.get(f"{A}/companies.json", params={"status": "active"}))["companies"]
    for company in companies:
        mine = [t for t in trackers if t["company"]["id"] == company["id"] and t["status"] == "active"]
        assert any(t["type"] == "session" and len(t["tracking_numbers"]) >= 4 for t in mine), company["name"]
        assert sum(t["type"] == "source" for t in mine) >= 2, company["name"]
    numbers = [n for t in trackers for n in t["tracking_numbers"]]
    assert len(numbers) == len(set(numbers))


def test_sort_by_name_both_ways(callrail):
    names = [t["name"] for t in listing(callrail.api, sort="name")["trackers"]]
    assert names == sorted(names)
    backwards = [t["name"] for t in listing(callrail.api, sort="name", order="desc")["trackers"]]
    assert backwards == sorted(names, reverse=True)
    error(callrail.api.get(f"{A}/trackers.json", params={"sort": "created_at"}), 400, "sort")


@pytest.mark.parametrize("kind", ["session", "source"])
def test_filter_by_type(callrail, kind):
    trackers = listing(callrail.api, type=kind)["trackers"]
    assert trackers and all(t["type"] == kind for t in trackers)


@pytest.mark.parametrize("status", ["active", "disabled"])
def test_filter_by_status(callrail, status):
    trackers = listing(callrail.api, status=status)["trackers"]
    assert trackers and all(t["status"] == status for t in trackers)
    assert all((t["disabled_at"] is None) == (status == "active") for t in trackers)


@pytest.mark.parametrize("name,value", [("type", "offline"), ("status", "enabled")])
def test_unknown_filter_values_are_400(callrail, name, value):
    error(callrail.api.get(f"{A}/trackers.json", params={name: value}), 400, name)


def test_search_by_name(callrail):
    found = listing(callrail.api, search="billboard")["trackers"]
    assert MY_BILLBOARD in [t["id"] for t in found]
    assert all("billboard" in t["name"].lower() for t in found)
    assert listing(callrail.api, search="no tracker is called this")["trackers"] == []


@pytest.mark.parametrize("company", [WIDGET_SHOP, WIDGET_SHOP_NUMERIC])
def test_company_id_limits_the_list(callrail, company):
    trackers = listing(callrail.api, company_id=company)["trackers"]
    assert trackers and all(t["company"]["id"] == WIDGET_SHOP for t in trackers)
    assert len(trackers) < total(callrail.api)


def test_company_id_of_another_account_is_400(callrail):
    other = ok(callrail.api.get(f"/v3/a/{OTHER_ACCOUNT}/companies.json"))["companies"][0]["id"]
    error(callrail.api.get(f"{A}/trackers.json", params={"company_id": other}), 400, "company_id")


def test_campaign_name_and_swap_targets_are_selectable(callrail):
    tracker = ok(callrail.api.get(f"{A}/trackers/{WIDGET_SESSION}.json",
                                  params={"fields": "campaign_name,swap_targets"}))
    assert list(tracker) == DEFAULT_FIELDS + ["campaign_name", "swap_targets"]
    assert tracker["swap_targets"] == ["+17704761456", "+17705551234"] and tracker["campaign_name"] is None
    listed = listing(callrail.api, fields="campaign_name", company_id=WIDGET_SHOP)["trackers"]
    assert next(t for t in listed if t["id"] == MY_BILLBOARD)["campaign_name"] == "Billboard"
    assert all("swap_targets" not in t for t in listed)
    error(callrail.api.get(f"{A}/trackers.json", params={"fields": "pool_size"}), 400, "fields")


def test_show_a_tracker(callrail):
    tracker = ok(callrail.api.get(f"{A}/trackers/{MY_BILLBOARD}.json"))
    assert list(tracker) == DEFAULT_FIELDS and tracker["name"] == "My Billboard"


def test_an_advanced_call_flow_is_shown_in_the_documented_format(callrail):
    tracker = next(t for t in listing(callrail.api, search="Support Menu")["trackers"])
    flow = tracker["call_flow"]
    assert flow["type"] == "advanced" and flow["uuid"] == DOC_FLOW_UUID
    assert flow["initial_step_id"] == "CRS8154748ae6bd4e278a7cddd38a662f4f" and flow["recording_enabled"] is False
    assert [s["type"] for s in flow["steps"]] == ["dial", "voicemail", "menu"]
    assert flow["steps"][2]["menu_options"][0] == {"key": "1", "description": "Forward to Sales",
                                                   "next_step_id": 344126405}
    assert tracker["destination_number"] == "+15551234567"   # the flow's dial step


@pytest.mark.parametrize("tracker_id", ["TRK00000000000000000000000000000000", "nope", "9" * 40])
def test_unknown_tracker_is_404(callrail, tracker_id):
    for method in ("GET", "PUT", "DELETE"):
        error(callrail.api.request(method, f"{A}/trackers/{tracker_id}.json", json={} if method == "PUT" else None),
              404)


def test_another_accounts_tracker_is_404(callrail):
    other = callrail.api.with_key(OTHER_ADMIN_KEY)
    theirs = ok(other.get(f"/v3/a/{OTHER_ACCOUNT}/trackers.json"))["trackers"][0]["id"]
    error(callrail.api.get(f"{A}/trackers/{theirs}.json"), 404)
    error(callrail.api.put(f"{A}/trackers/{theirs}.json", json={"name": "x"}), 404)
    error(callrail.api.delete(f"{A}/trackers/{theirs}.json"), 404)
    assert ok(other.get(f"/v3/a/{OTHER_ACCOUNT}/trackers/{theirs}.json"))["name"] != "x"
    error(other.get(f"/v3/a/{ACCOUNT}/trackers.json"), 404)


def test_managers_and_reporting_users_see_only_their_companies(callrail):
    for key in (MANAGER_KEY, REPORTING_KEY):
        api = callrail.api.with_key(key)
        trackers = all_trackers(api)
        assert trackers and {t["company"]["id"] for t in trackers} == {BOBS_BURGERS}
        error(api.get(f"{A}/trackers/{MY_BILLBOARD}.json"), 404)


def test_reporting_users_cannot_create_change_or_disable(callrail):
    api = callrail.api.with_key(REPORTING_KEY)
    theirs = all_trackers(api)[0]
    before = total(callrail.api)
    for response in (api.post(f"{A}/trackers.json", json=session_body(company_id=BOBS_BURGERS)),
                     api.post(f"{A}/trackers.json", json=source_body(company_id=BOBS_BURGERS)),
                     api.put(f"{A}/trackers/{theirs['id']}.json", json={"name": "Changed"}),
                     api.delete(f"{A}/trackers/{theirs['id']}.json")):
        assert error(response, 403) == {"error": "You do not have permission to perform the requested action"}
    assert total(callrail.api) == before
    assert ok(api.get(f"{A}/trackers/{theirs['id']}.json")) == theirs


def test_managers_can_manage_trackers_of_their_companies_only(callrail):
    api = callrail.api.with_key(MANAGER_KEY)
    made = ok(api.post(f"{A}/trackers.json", json=source_body(company_id=BOBS_BURGERS)), 201)
    assert made["company"]["id"] == BOBS_BURGERS
    assert ok(api.put(f"{A}/trackers/{made['id']}.json", json={"name": "Renamed"}))["name"] == "Renamed"
    assert api.delete(f"{A}/trackers/{made['id']}.json").status_code == 204
    before = total(callrail.api)
    error(api.post(f"{A}/trackers.json", json=source_body(company_id=WIDGET_SHOP)), 400, "company_id")
    error(api.put(f"{A}/trackers/{MY_BILLBOARD}.json", json={"name": "Mine"}), 404)
    error(api.delete(f"{A}/trackers/{MY_BILLBOARD}.json"), 404)
    assert total(callrail.api) == before
    assert ok(callrail.api.get(f"{A}/trackers/{MY_BILLBOARD}.json"))["status"] == "active"


def test_disabling_a_company_disables_its_trackers(callrail):
    callrail.control.freeze("2026-03-04T05:06:07Z")
    assert callrail.api.delete(f"{A}/companies/{BOBS_BURGERS}.json").status_code == 204
    trackers = listing(callrail.api, company_id=BOBS_BURGERS)["trackers"]
    assert trackers and all(t["status"] == "disabled" for t in trackers)
    assert {t["disabled_at"] for t in trackers} == {"2026-03-04T05:06:07.000Z"}
    others = listing(callrail.api, company_id=WIDGET_SHOP, status="active")["trackers"]
    assert MY_BILLBOARD in [t["id"] for t in others]


@pytest.mark.callrail_seed("demo")
def test_demo_seed_gives_every_active_company_of_every_account_trackers(callrail):
    accounts = ok(callrail.api.get("/v3/a.json"))["accounts"]
    assert len(accounts) == 2
    for account in accounts:
        base = f"/v3/a/{account['id']}"
        trackers = ok(callrail.api.get(f"{base}/trackers.json", params={"per_page": 250}))["trackers"]
        companies = ok(callrail.api.get(f"{base}/companies.json", params={"status": "active"}))["companies"]
        for company in companies:
            mine = [t for t in trackers if t["company"]["id"] == company["id"] and t["status"] == "active"]
            assert any(t["type"] == "session" and len(t["tracking_numbers"]) >= 4 for t in mine)
            assert sum(t["type"] == "source" for t in mine) >= 2
            assert any(t["sms_enabled"] for t in mine)
            assert any(t["call_flow"]["type"] == "advanced" for t in mine)
            caller_ids = ok(callrail.api.get(f"{base}/caller_ids.json", params={"company_id": company["id"]}))
            assert caller_ids["total_records"] >= 1
        numbers = [n for t in trackers for n in t["tracking_numbers"]]
        assert len(numbers) == len(set(numbers))
