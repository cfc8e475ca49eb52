"""Companies (doc lines 2071-2521): list, show, create, update, bulk_update, disable."""
import pytest

from docs_seed import (A, ACTIVE_COMPANIES, BOBS_BURGERS, BOBS_BURGERS_NUMERIC, GRAND_SYMPHONY, JOES_ICECREAM,
                       WIDGET_SHOP, WIDGET_SHOP_NUMERIC, error, names, ok)

pytestmark = pytest.mark.callrail_seed("docs")

FIELDS = ["id", "name", "status", "time_zone", "created_at", "disabled_at", "dni_active", "script_url",
          "callscore_enabled", "lead_scoring_enabled", "swap_exclude_jquery", "swap_ppc_override",
          "swap_landing_override", "swap_cookie_duration", "swap_cookie_duration_unit", "callscribe_enabled",
          "keyword_spotting_enabled", "form_capture"]


def company(callrail, ref=WIDGET_SHOP):
    return ok(callrail.api.get(f"{A}/companies/{ref}.json"))


def test_the_docs_widget_shop(callrail):
    assert company(callrail) == {
        "id": WIDGET_SHOP, "name": "Widget Shop", "status": "active", "time_zone": "America/New_York",
        "created_at": "2016-06-06T07:06:01.000Z", "disabled_at": None, "dni_active": True,
        "script_url": "//cdn.callrail.com/companies/183570817/5706dbe6dc972c634a65/12/swap.js",
        "callscore_enabled": False, "lead_scoring_enabled": True, "swap_exclude_jquery": None,
        "swap_ppc_override": None, "swap_landing_override": None, "swap_cookie_duration": 6,
        "swap_cookie_duration_unit": "months", "callscribe_enabled": False, "keyword_spotting_enabled": False,
        "form_capture": True}
    assert list(company(callrail)) == FIELDS
    assert company(callrail, WIDGET_SHOP_NUMERIC)["id"] == WIDGET_SHOP


def test_list_in_creation_order_with_the_doc_fields(callrail):
    listed = ok(callrail.api.get(f"{A}/companies.json"))["companies"]
    assert [c["created_at"] for c in listed] == sorted(c["created_at"] for c in listed)
    assert all(list(c) == FIELDS for c in listed)


def test_create_at_the_frozen_clock(callrail):
    callrail.control.freeze("2024-03-05T06:07:08.123Z")
    created = ok(callrail.api.post(f"{A}/companies.json", json={"name": "Taco Stand",
                                                                 "time_zone": "America/Phoenix"}), 201)
    assert created["name"] == "Taco Stand" and created["time_zone"] == "America/Phoenix"
    assert created["created_at"] == "2024-03-05T06:07:08.123Z"
    assert created["status"] == "active" and created["disabled_at"] is None and created["dni_active"] is None
    assert created["lead_scoring_enabled"] is False and created["swap_cookie_duration"] == 6
    assert created["id"].startswith("COM") and len(created["id"]) == 35
    assert created["script_url"].startswith("//cdn.callrail.com/companies/")
    assert company(callrail, created["id"]) == created


def test_create_defaults_to_the_account_time_zone(callrail):
    assert ok(callrail.api.post(f"{A}/companies.json", json={"name": "Plain"}), 201)["time_zone"] == \
        "America/New_York"


@pytest.mark.parametrize("zone", ["Pacific/Chatham", "Asia/Kathmandu", "America/Indiana/Indianapolis", "Etc/UTC"])
def test_any_iana_time_zone(callrail, zone):
    assert ok(callrail.api.post(f"{A}/companies.json", json={"name": zone, "time_zone": zone}), 201)["time_zone"] == zone
    assert ok(callrail.api.put(f"{A}/companies/{WIDGET_SHOP}.json", json={"time_zone": zone}))["time_zone"] == zone


@pytest.mark.parametrize("body,parameter", [({}, "name"), ({"name": ""}, "name"), ({"name": 7}, "name"),
                                            ({"name": "X", "time_zone": "Eastern"}, "time_zone"),
                                            ({"name": "X", "time_zone": "EST5EDT-ish"}, "time_zone"),
                                            ({"name": "X", "time_zone": ""}, "time_zone")])
def test_create_validation(callrail, body, parameter):
    before = names(callrail.api.get(f"{A}/companies.json"), "companies")
    error(callrail.api.post(f"{A}/companies.json", json=body), 400, parameter)
    assert names(callrail.api.get(f"{A}/companies.json"), "companies") == before


def test_update_the_docs_example(callrail):
    updated = ok(callrail.api.put(f"{A}/companies/{WIDGET_SHOP}.json", json={
        "swap_ppc_override": "true", "swap_landing_override": "utm_source", "callscribe_enabled": True,
        "external_form_capture": False}))
    assert updated["swap_ppc_override"] is True and updated["swap_landing_override"] == "utm_source"
    assert updated["callscribe_enabled"] is True and updated["form_capture"] is False
    cleared = ok(callrail.api.put(f"{A}/companies/{WIDGET_SHOP}.json", json={"swap_landing_override": None}))
    assert cleared["swap_landing_override"] is None
    assert company(callrail) == cleared


def test_update_every_flag(callrail):
    body = {"name": "Widget Emporium", "callscore_enabled": True, "keyword_spotting_enabled": True,
            "swap_exclude_jquery": True, "lead_scoring_enabled": False}
    updated = ok(callrail.api.put(f"{A}/companies/{WIDGET_SHOP}.json", json=body))
    assert {k: updated[k] for k in body} == body


@pytest.mark.parametrize("duration,unit,allowed", [
    (6, "months", True), (7, "months", False), (26, "weeks", True), (27, "weeks", False),
    (183, "days", True), (184, "days", False), (1, "days", True), (0, "days", False)])
def test_cookie_duration_at_most_6_months(callrail, duration, unit, allowed):
    response = callrail.api.put(f"{A}/companies/{WIDGET_SHOP}.json",
                                json={"swap_cookie_duration": duration, "swap_cookie_duration_unit": unit})
    if allowed:
        body = ok(response)
        assert (body["swap_cookie_duration"], body["swap_cookie_duration_unit"]) == (duration, unit)
    else:
        error(response, 400, "swap_cookie_duration")
        assert company(callrail)["swap_cookie_duration"] == 6


def test_changing_only_the_unit_is_checked_against_the_stored_duration(callrail):
    # Bob's Burgers: 30 days; 30 months would exceed the maximum.
    error(callrail.api.put(f"{A}/companies/{BOBS_BURGERS}.json", json={"swap_cookie_duration_unit": "months"}),
          400, "swap_cookie_duration_unit")
    error(callrail.api.put(f"{A}/companies/{BOBS_BURGERS}.json", json={"swap_cookie_duration_unit": "years"}),
          400, "swap_cookie_duration_unit")
    assert ok(callrail.api.put(f"{A}/companies/{BOBS_BURGERS}.json", json={"swap_cookie_duration_unit": "weeks",
                                                                           "swap_cookie_duration": 4}))[
        "swap_cookie_duration_unit"] == "weeks"


@pytest.mark.parametrize("body,parameter", [({"name": ""}, "name"), ({"callscore_enabled": "perhaps"},
                                                                      "callscore_enabled"),
                                            ({"time_zone": "Nowhere/Town"}, "time_zone"),
                                            ({"swap_cookie_duration": "six"}, "swap_cookie_duration")])
def test_update_validation_stores_nothing(callrail, body, parameter):
    before = company(callrail)
    error(callrail.api.put(f"{A}/companies/{WIDGET_SHOP}.json", json={"callscribe_enabled": True, **body}), 400,
          parameter)
    assert company(callrail) == before


def test_bulk_update_named_companies(callrail):
    response = ok(callrail.api.post(f"{A}/companies/bulk_update.json", json={
        "company_ids": [WIDGET_SHOP, BOBS_BURGERS_NUMERIC], "external_form_capture": False}))
    assert response == {"updated_records": 2}
    assert company(callrail)["form_capture"] is False and company(callrail, BOBS_BURGERS)["form_capture"] is False
    assert company(callrail, GRAND_SYMPHONY)["form_capture"] is True


def test_bulk_update_all(callrail):
    response = ok(callrail.api.post(f"{A}/companies/bulk_update.json",
                                    json={"company_ids": ["all"], "external_form_capture": True}))
    every = ok(callrail.api.get(f"{A}/companies.json"))["companies"]
    assert response == {"updated_records": len(every)}
    assert all(c["form_capture"] for c in every)


@pytest.mark.parametrize("body,parameter", [
    ({}, "company_ids"), ({"company_ids": []}, "company_ids"), ({"company_ids": ["COMnope"]}, "company_ids"),
    ({"company_ids": [WIDGET_SHOP, "COMnope"], "external_form_capture": False}, "company_ids"),
    ({"company_ids": [WIDGET_SHOP], "external_form_capture": "sometimes"}, "external_form_capture")])
def test_bulk_update_validation_stores_nothing(callrail, body, parameter):
    error(callrail.api.post(f"{A}/companies/bulk_update.json", json=body), 400, parameter)
    assert company(callrail)["form_capture"] is True


def test_disable_stamps_disabled_at_and_deactivates_the_script(callrail):
    callrail.control.freeze("2025-01-02T03:04:05Z")
    response = callrail.api.delete(f"{A}/companies/{WIDGET_SHOP}.json")
    assert response.status_code == 204 and response.content == b""
    disabled = company(callrail)
    assert disabled["status"] == "disabled" and disabled["disabled_at"] == "2025-01-02T03:04:05.000Z"
    assert disabled["dni_active"] is False
    assert "Widget Shop" in names(callrail.api.get(f"{A}/companies.json", params={"status": "disabled"}), "companies")
    # Disabling again changes nothing.
    callrail.control.advance(3600)
    assert callrail.api.delete(f"{A}/companies/{WIDGET_SHOP}.json").status_code == 204
    assert company(callrail)["disabled_at"] == "2025-01-02T03:04:05.000Z"


def test_the_last_active_company_cannot_be_disabled(callrail):
    for ref in (WIDGET_SHOP, BOBS_BURGERS, JOES_ICECREAM):
        assert callrail.api.delete(f"{A}/companies/{ref}.json").status_code == 204
    response = callrail.api.delete(f"{A}/companies/{GRAND_SYMPHONY}.json")
    assert response.status_code == 400
    assert response.json() == {"error": "You must have at least one active company."}
    assert company(callrail, GRAND_SYMPHONY)["status"] == "active"


def test_disabling_runs_the_registered_hooks(callrail):
    """Trackers register a hook that disables their numbers; any registered hook runs in the
    disabling transaction (in-process server only)."""
    if callrail.state is None:
        pytest.skip("needs the in-process server")
    from emulator.domain import companies

    seen = []

    def hook(scope, company_id):
        seen.append((company_id, scope.now.isoformat()))

    companies.on_disable(hook)
    try:
        callrail.control.freeze("2025-06-01T00:00:00Z")
        assert callrail.api.delete(f"{A}/companies/{JOES_ICECREAM}.json").status_code == 204
    finally:
        companies._disable_hooks.remove(hook)
    assert seen == [(JOES_ICECREAM, "2025-06-01T00:00:00+00:00")]


def test_active_companies_of_the_docs(callrail):
    assert sorted(names(callrail.api.get(f"{A}/companies.json", params={"status": "active"}), "companies")) == \
        sorted(ACTIVE_COMPANIES)
