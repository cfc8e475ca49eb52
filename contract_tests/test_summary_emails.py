"""Summary email subscriptions ("Summary Emails") against the `docs` seed: Kevin (admin) has an
account-level subscription and company ones, Linda (manager) one for Bob's Burgers, Widget Shop
one for an email-only address; Teddy (reporting) has none."""
from __future__ import annotations

import re

import pytest

from docs_seed import (A, ACCOUNT, BOBS_BURGERS, FORBIDDEN, KEVIN, LINDA, OTHER_ACCOUNT, TEDDY, WIDGET_SHOP,
                       WIDGET_SHOP_2, WIDGET_SHOP_NUMERIC, as_role, error, listing,
                       probe_hostile)

pytestmark = pytest.mark.callrail_seed("docs")

CONFIG = {"summary_statistics": True, "top_sources": True, "top_keywords": True, "call_log": True}


def subscriptions(api, **params):
    return listing(api, "summary_emails", **params)


def everything(callrail):
    return subscriptions(callrail.api, per_page=250)["summary_emails"]


def user(callrail, user_id):
    found = callrail.api.get(f"{A}/users/{user_id}.json").json()
    return {"id": found["id"], "name": found["name"], "email": found["email"]}


def create(api, **body):
    response = api.post(f"{A}/summary_emails.json", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def test_list_with_and_without_json_suffix(callrail):
    body = subscriptions(callrail.api)
    assert body["total_records"] == len(body["summary_emails"]) == 8
    assert callrail.api.get(f"{A}/summary_emails.json").json() == body
    first = body["summary_emails"][0]
    assert list(first) == ["id", "scope", "frequency", "filters", "config", "user", "email"]
    assert re.fullmatch(r"CSS[0-9a-f]{32}", first["id"])
    assert first["scope"] == {"id": ACCOUNT, "type": "Account", "name": "Last Mile Metrics"}
    assert first["frequency"] == ["daily", "weekly"] and first["config"] == CONFIG
    assert first["user"] == user(callrail, KEVIN) and first["email"] is None
    widget = [s for s in body["summary_emails"] if s["scope"]["id"] == WIDGET_SHOP]
    assert widget and all(s["scope"] == {"id": WIDGET_SHOP, "type": "Company", "name": "Widget Shop"}
                          for s in widget)


def test_frequency_filter(callrail):
    every = everything(callrail)
    daily = subscriptions(callrail.api, frequency="daily")["summary_emails"]
    assert daily == [s for s in every if "daily" in s["frequency"]] and daily
    both = callrail.api.get(f"{A}/summary_emails", params={"frequency[]": ["daily", "monthly"]}).json()
    assert both["summary_emails"] == [s for s in every if {"daily", "monthly"} & set(s["frequency"])]
    error(callrail.api.get(f"{A}/summary_emails", params={"frequency": "hourly"}), 400, "frequency")


def test_company_user_and_email_filters(callrail):
    every = everything(callrail)
    widget = subscriptions(callrail.api, company_id=WIDGET_SHOP)["summary_emails"]
    assert widget == [s for s in every if s["scope"]["id"] == WIDGET_SHOP] and len(widget) == 2
    assert subscriptions(callrail.api, company_id=WIDGET_SHOP_NUMERIC)["summary_emails"] == widget
    error(callrail.api.get(f"{A}/summary_emails", params={"company_id": WIDGET_SHOP_2}), 400, "company_id")
    lindas = subscriptions(callrail.api, user_id=LINDA)["summary_emails"]
    assert [s["user"]["id"] for s in lindas] == [LINDA]
    error(callrail.api.get(f"{A}/summary_emails", params={"user_id": "USR000"}), 400, "user_id")
    email_only = [s for s in every if s["email"]]
    assert len(email_only) == 1 and email_only[0]["user"] is None
    assert subscriptions(callrail.api, email=email_only[0]["email"])["summary_emails"] == email_only
    kevin_email = user(callrail, KEVIN)["email"]
    assert subscriptions(callrail.api, email=kevin_email)["summary_emails"] == \
        [s for s in every if s["user"] and s["user"]["id"] == KEVIN]


def test_non_admins_see_only_their_own(callrail):
    manager = as_role(callrail, "manager")
    mine = subscriptions(manager)["summary_emails"]
    assert [s["user"]["id"] for s in mine] == [LINDA]
    assert mine[0]["scope"]["id"] == BOBS_BURGERS
    assert subscriptions(manager, user_id=KEVIN)["total_records"] == 0
    assert subscriptions(as_role(callrail, "reporting"))["total_records"] == 0


def test_create_company_subscription_as_in_the_doc(callrail):
    created = create(callrail.api, user_id=KEVIN, company_id=WIDGET_SHOP, frequency=["weekly", "daily"],
                     filters={"lead_status": "Not a Lead"}, config=CONFIG)
    assert created["scope"] == {"id": WIDGET_SHOP, "type": "Company", "name": "Widget Shop"}
    assert created["frequency"] == ["weekly", "daily"]
    assert created["filters"] == {"lead_status": "Not a Lead"} and created["config"] == CONFIG
    assert created["user"] == user(callrail, KEVIN) and created["email"] is None
    assert callrail.api.get(f"{A}/summary_emails/{created['id']}.json").json() == created


def test_create_account_subscription_and_defaults(callrail):
    manager = as_role(callrail, "manager")
    created = create(manager, user_id=LINDA, frequency=["monthly"], config={"call_log": True})
    assert created["scope"] == {"id": ACCOUNT, "type": "Account", "name": "Last Mile Metrics"}
    # Sections left out are off; the lead-status filter defaults to All.
    assert created["config"] == {"summary_statistics": False, "top_sources": False, "top_keywords": False,
                                 "call_log": True}
    assert created["filters"] == {"lead_status": "All"}
    assert subscriptions(manager)["summary_emails"][-1] == created


def test_create_for_an_email_only_user(callrail):
    created = create(callrail.api, email="boss@example.com", company_id=BOBS_BURGERS, frequency=["daily"],
                     config=CONFIG)
    assert created["user"] is None and created["email"] == "boss@example.com"
    assert created["scope"]["type"] == "Company"


@pytest.mark.parametrize("body, parameter", [
    ({"user_id": KEVIN, "config": CONFIG}, "frequency"),
    ({"user_id": KEVIN, "frequency": [], "config": CONFIG}, "frequency"),
    ({"user_id": KEVIN, "frequency": ["hourly"], "config": CONFIG}, "frequency"),
    ({"user_id": KEVIN, "frequency": None, "config": CONFIG}, "frequency"),
    ({"user_id": KEVIN, "frequency": ["daily"]}, "config"),
    ({"user_id": KEVIN, "frequency": ["daily"], "config": {}}, "config"),
    ({"user_id": KEVIN, "frequency": ["daily"], "config": {"call_log": "yes"}}, "config.call_log"),
    ({"user_id": KEVIN, "frequency": ["daily"], "config": {"charts": True}}, "config.charts"),
    ({"user_id": KEVIN, "frequency": ["daily"], "config": CONFIG, "filters": {"lead_status": "Good"}},
     "filters.lead_status"),
    ({"user_id": KEVIN, "frequency": ["daily"], "config": CONFIG, "filters": {"tags": "x"}}, "filters.tags"),
    ({"frequency": ["daily"], "config": CONFIG}, "user_id"),
    ({"user_id": "USR000", "frequency": ["daily"], "config": CONFIG}, "user_id"),
    ({"user_id": KEVIN, "email": "a@example.com", "frequency": ["daily"], "config": CONFIG}, "email"),
    ({"email": "a@example.com", "frequency": ["daily"], "config": CONFIG}, "company_id"),
    ({"email": "nope", "company_id": WIDGET_SHOP, "frequency": ["daily"], "config": CONFIG}, "email"),
    ({"user_id": KEVIN, "company_id": WIDGET_SHOP_2, "frequency": ["daily"], "config": CONFIG}, "company_id"),
    ({"user_id": LINDA, "company_id": WIDGET_SHOP, "frequency": ["daily"], "config": CONFIG}, "company_id"),
])
def test_create_validation_stores_nothing(callrail, body, parameter):
    before = everything(callrail)
    error(callrail.api.post(f"{A}/summary_emails.json", json=body), 400, parameter)
    assert everything(callrail) == before


def test_only_admins_create_for_others(callrail):
    before = everything(callrail)
    manager = as_role(callrail, "manager")
    for body in ({"user_id": KEVIN, "frequency": ["daily"], "config": CONFIG},
                 {"email": "x@example.com", "company_id": BOBS_BURGERS, "frequency": ["daily"], "config": CONFIG}):
        response = manager.post(f"{A}/summary_emails.json", json=body)
        assert response.status_code == 403 and response.json() == FORBIDDEN
    assert everything(callrail) == before
    assert create(callrail.api, user_id=TEDDY, company_id=BOBS_BURGERS, frequency=["weekly"],
                  config=CONFIG)["user"]["id"] == TEDDY


def test_show_rules(callrail):
    every = everything(callrail)
    kevins = next(s for s in every if s["user"] and s["user"]["id"] == KEVIN)
    lindas = next(s for s in every if s["user"] and s["user"]["id"] == LINDA)
    manager = as_role(callrail, "manager")
    assert manager.get(f"{A}/summary_emails/{lindas['id']}.json").json() == lindas
    response = manager.get(f"{A}/summary_emails/{kevins['id']}.json")
    assert response.status_code == 403 and response.json() == FORBIDDEN
    error(callrail.api.get(f"{A}/summary_emails/CSS00000000000000000000000000000000.json"), 404)
    error(callrail.api.get(f"/v3/a/{OTHER_ACCOUNT}/summary_emails/{kevins['id']}.json"), 404)
    outsider = as_role(callrail, "admin", OTHER_ACCOUNT)
    error(outsider.get(f"{A}/summary_emails/{kevins['id']}.json"), 404)


def test_update_frequency_replaces_and_config_merges(callrail):
    created = create(callrail.api, user_id=KEVIN, company_id=WIDGET_SHOP, frequency=["daily", "weekly"],
                     config=CONFIG, filters={"lead_status": "Lead"})
    url = f"{A}/summary_emails/{created['id']}.json"
    response = callrail.api.put(url, json={"frequency": ["monthly", "weekly"], "config": {"call_log": False}})
    assert response.status_code == 200, response.text
    assert response.json() == {**created, "frequency": ["monthly", "weekly"], "config": {**CONFIG, "call_log": False}}
    response = callrail.api.put(url, json={"config": {"top_sources": False}, "filters": {"lead_status": "All"}})
    assert response.json()["frequency"] == ["monthly", "weekly"]
    assert response.json()["config"] == {**CONFIG, "call_log": False, "top_sources": False}
    assert response.json()["filters"] == {"lead_status": "All"}
    assert callrail.api.get(url).json() == response.json()


@pytest.mark.parametrize("body, parameter", [
    ({"frequency": []}, "frequency"),
    ({"frequency": ["yearly"]}, "frequency"),
    ({"config": {"call_log": None}}, "config.call_log"),
    ({"config": {"pie_chart": True}}, "config.pie_chart"),
    ({"config": []}, "config"),
    ({"filters": {"lead_status": "Maybe"}}, "filters.lead_status"),
    ({"user_id": LINDA}, "user_id"),
    ({"email": "x@example.com"}, "email"),
    ({"company_id": BOBS_BURGERS}, "company_id"),
])
def test_update_validation_changes_nothing(callrail, body, parameter):
    created = create(callrail.api, user_id=KEVIN, company_id=WIDGET_SHOP, frequency=["daily"], config=CONFIG)
    url = f"{A}/summary_emails/{created['id']}.json"
    error(callrail.api.put(url, json=body), 400, parameter)
    assert callrail.api.get(url).json() == created


def test_delete_and_the_403_rule(callrail):
    every = everything(callrail)
    kevins = next(s for s in every if s["user"] and s["user"]["id"] == KEVIN)
    lindas = next(s for s in every if s["user"] and s["user"]["id"] == LINDA)
    manager, reporting = as_role(callrail, "manager"), as_role(callrail, "reporting")
    for api, target in ((manager, kevins), (reporting, lindas)):
        url = f"{A}/summary_emails/{target['id']}.json"
        for response in (api.put(url, json={"frequency": ["daily"]}), api.delete(url)):
            assert response.status_code == 403 and response.json() == FORBIDDEN
    assert everything(callrail) == every
    response = manager.delete(f"{A}/summary_emails/{lindas['id']}.json")
    assert response.status_code == 204 and response.content == b""
    error(manager.delete(f"{A}/summary_emails/{lindas['id']}.json"), 404)
    assert callrail.api.delete(f"{A}/summary_emails/{kevins['id']}.json").status_code == 204
    assert len(everything(callrail)) == len(every) - 2


@pytest.mark.callrail_seed("demo")
def test_demo_companies_have_summary_emails(callrail):
    for account in {k["account_id"] for k in callrail.credentials}:
        api = as_role(callrail, "admin", account)
        companies = {c["id"] for c in api.get(f"/v3/a/{account}/companies.json").json()["companies"]}
        listed = api.get(f"/v3/a/{account}/summary_emails", params={"per_page": 250}).json()["summary_emails"]
        assert companies <= {s["scope"]["id"] for s in listed}
        assert any(s["scope"]["type"] == "Account" for s in listed) and any(s["email"] for s in listed)


def test_hostile_values_are_400s_naming_the_parameter(callrail):
    body = {"user_id": KEVIN, "company_id": WIDGET_SHOP, "frequency": ["daily"], "config": {"call_log": True},
            "filters": {"lead_status": "Lead"}}
    assert 400 in probe_hostile(callrail.api, "POST", "summary_emails.json", body)
    assert 400 in probe_hostile(callrail.api, "POST", "summary_emails.json",
                                {"email": "a@example.com", "company_id": WIDGET_SHOP, "frequency": ["weekly"],
                                 "config": {"top_sources": True}})
    mine = next(s for s in subscriptions(callrail.api, user_id=KEVIN)["summary_emails"])
    assert 400 in probe_hostile(callrail.api, "PUT", f"summary_emails/{mine['id']}.json",
                                {"frequency": ["weekly"], "config": {"call_log": False},
                                 "filters": {"lead_status": "All"}})


def test_reporting_users_manage_their_own(callrail):
    reporting = as_role(callrail, "reporting")
    mine = create(reporting, user_id=TEDDY, frequency=["daily"], config={"call_log": True})
    assert mine["scope"]["type"] == "Account" and mine["user"]["id"] == TEDDY
    url = f"{A}/summary_emails/{mine['id']}.json"
    assert reporting.put(url, json={"frequency": ["weekly"]}).json()["frequency"] == ["weekly"]
    assert reporting.get(url).json()["frequency"] == ["weekly"]
    assert reporting.delete(url).status_code == 204
    assert subscriptions(reporting)["total_records"] == 0
