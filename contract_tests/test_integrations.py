"""Integrations ("Integrations", "Configuring Integrations") against the `docs` seed: every
company has a Webhooks integration with no URLs; Widget Shop also has a Custom one."""
from __future__ import annotations

import re

import pytest

from docs_seed import (A, BOBS_BURGERS, FORBIDDEN, OTHER_ACCOUNT, WIDGET_SHOP, WIDGET_SHOP_2, WIDGET_SHOP_NUMERIC,
                       as_role, error, listing, probe_hostile)

pytestmark = pytest.mark.callrail_seed("docs")


def integrations(callrail, company=WIDGET_SHOP, api=None, **params):
    return listing(api or callrail.api, "integrations.json", company_id=company, **params)


def by_type(callrail, company, kind):
    return next(i for i in integrations(callrail, company)["integrations"] if i["type"] == kind)


def new_company(callrail, name="Integration Test Co"):
    response = callrail.api.post(f"{A}/companies.json", json={"name": name})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def test_list_requires_company_id(callrail):
    error(callrail.api.get(f"{A}/integrations.json"), 400, "company_id")


def test_list_shows_the_seeded_integrations_of_one_company(callrail):
    body = integrations(callrail)
    assert body["total_records"] == 2 and body["page"] == 1 and body["per_page"] == 100
    webhooks, custom = body["integrations"]
    assert list(webhooks) == ["id", "type", "state", "config"]
    assert webhooks["type"] == "Webhooks" and webhooks["state"] == "active" and webhooks["config"] == {}
    assert isinstance(webhooks["id"], int)
    assert custom["type"] == "Custom" and custom["config"] == {"grab_cookies": ["_ga", "mycookie31"]}
    assert integrations(callrail, WIDGET_SHOP_NUMERIC)["integrations"] == body["integrations"]
    assert [i["type"] for i in integrations(callrail, BOBS_BURGERS)["integrations"]] == ["Webhooks"]


def test_signing_key_is_selectable_for_webhooks_only_and_per_company(callrail):
    webhooks, custom = integrations(callrail, fields="signing_key")["integrations"]
    assert re.fullmatch(r"[0-9a-f]{32}", webhooks["signing_key"])
    assert "signing_key" not in custom
    shown = callrail.api.get(f"{A}/integrations/{webhooks['id']}.json", params={"fields": "signing_key"}).json()
    assert shown["signing_key"] == webhooks["signing_key"]
    other = integrations(callrail, BOBS_BURGERS, fields="signing_key")["integrations"][0]
    assert other["signing_key"] != webhooks["signing_key"]
    error(callrail.api.get(f"{A}/integrations.json", params={"company_id": WIDGET_SHOP, "fields": "secret"}),
          400, "fields")


def test_show_and_unknown_ids(callrail):
    webhooks = by_type(callrail, WIDGET_SHOP, "Webhooks")
    response = callrail.api.get(f"{A}/integrations/{webhooks['id']}.json")
    assert response.status_code == 200 and response.json() == webhooks
    error(callrail.api.get(f"{A}/integrations/999999.json"), 404)
    error(callrail.api.get(f"{A}/integrations/abc.json"), 404)


def test_other_accounts_integrations_are_not_found(callrail):
    webhooks = by_type(callrail, WIDGET_SHOP, "Webhooks")
    # The admin is a member of both accounts: the record belongs to the other one.
    error(callrail.api.get(f"/v3/a/{OTHER_ACCOUNT}/integrations/{webhooks['id']}.json"), 404)
    error(callrail.api.put(f"/v3/a/{OTHER_ACCOUNT}/integrations/{webhooks['id']}.json",
                           json={"state": "disabled"}), 404)
    outsider = as_role(callrail, "admin", OTHER_ACCOUNT)
    error(outsider.get(f"{A}/integrations/{webhooks['id']}.json"), 404)
    error(callrail.api.get(f"{A}/integrations.json", params={"company_id": WIDGET_SHOP_2}), 400, "company_id")
    assert by_type(callrail, WIDGET_SHOP, "Webhooks")["state"] == "active"


def test_create_webhooks_returns_the_signing_key(callrail):
    company = new_company(callrail)
    config = {"pre_call_webhook": ["http://example.com/webhook.php"],
              "post_call_webhook": ["https://a.example.com/post", "https://b.example.com/post?x=1"]}
    response = callrail.api.post(f"{A}/integrations.json",
                                 json={"type": "Webhooks", "company_id": company, "config": config})
    assert response.status_code == 201, response.text
    created = response.json()
    assert list(created) == ["id", "type", "state", "config", "signing_key"]
    assert created["type"] == "Webhooks" and created["state"] == "active" and created["config"] == config
    assert re.fullmatch(r"[0-9a-f]{32}", created["signing_key"])
    listed = integrations(callrail, company, fields="signing_key")["integrations"]
    assert listed == [created]


def test_create_custom_requires_grab_cookies(callrail):
    company = new_company(callrail)
    for config, parameter in (({}, "config.grab_cookies"), ({"grab_cookies": []}, "config.grab_cookies"),
                              ({"grab_cookies": "_ga"}, "config.grab_cookies"),
                              ({"grab_cookies": [""]}, "config.grab_cookies"),
                              ({"grab_cookies": ["_ga"], "other": 1}, "config.other")):
        error(callrail.api.post(f"{A}/integrations.json",
                                json={"type": "Custom", "company_id": company, "config": config}), 400, parameter)
    assert integrations(callrail, company)["total_records"] == 0
    response = callrail.api.post(f"{A}/integrations.json", json={
        "type": "Custom", "company_id": company, "config": {"grab_cookies": ["_ga", "mycookie31"]}})
    assert response.status_code == 201
    assert response.json()["config"] == {"grab_cookies": ["_ga", "mycookie31"]}
    assert "signing_key" not in response.json()


@pytest.mark.parametrize("body, parameter", [
    ({"company_id": "NEW"}, "type"),
    ({"type": "Slack", "company_id": "NEW"}, "type"),
    ({"type": "GoogleAnalytics", "company_id": "NEW"}, "type"),
    ({"type": "Webhooks"}, "company_id"),
    ({"type": "Webhooks", "company_id": "COM000"}, "company_id"),
    ({"type": "Webhooks", "company_id": "NEW", "config": {"pre_call_webhook": "http://example.com"}},
     "config.pre_call_webhook"),
    ({"type": "Webhooks", "company_id": "NEW", "config": {"post_call_webhook": ["not a url"]}},
     "config.post_call_webhook"),
    ({"type": "Webhooks", "company_id": "NEW", "config": {"post_call_webhook": ["ftp://example.com/x"]}},
     "config.post_call_webhook"),
    ({"type": "Webhooks", "company_id": "NEW", "config": {"sms_sent_webhook": ["https://"]}},
     "config.sms_sent_webhook"),
    ({"type": "Webhooks", "company_id": "NEW", "config": {"sms_sent_webhook": [42]}}, "config.sms_sent_webhook"),
    ({"type": "Webhooks", "company_id": "NEW", "config": {"convert_assist_webhook": ["https://example.com"]}},
     "config.convert_assist_webhook"),
    ({"type": "Webhooks", "company_id": "NEW", "config": ["https://example.com"]}, "config"),
])
def test_create_validation_stores_nothing(callrail, body, parameter):
    company = new_company(callrail)
    if body.get("company_id") == "NEW":
        body = {**body, "company_id": company}
    error(callrail.api.post(f"{A}/integrations.json", json=body), 400, parameter)
    assert integrations(callrail, company)["total_records"] == 0


def test_every_documented_webhook_key_is_accepted(callrail):
    keys = ["pre_call_webhook", "answered_call_webhook", "post_call_webhook", "updated_call_webhook",
            "post_outbound_call_webhook", "updated_outbound_call_webhook", "sms_received_webhook",
            "sms_sent_webhook", "form_captured_webhook"]
    config = {k: [f"https://hooks.example.com/{k}"] for k in keys}
    response = callrail.api.post(f"{A}/integrations.json",
                                 json={"type": "Webhooks", "company_id": new_company(callrail), "config": config})
    assert response.status_code == 201 and response.json()["config"] == config


def test_one_integration_per_type_per_company(callrail):
    for kind, config in (("Webhooks", {}), ("Custom", {"grab_cookies": ["x"]})):
        error(callrail.api.post(f"{A}/integrations.json",
                                json={"type": kind, "company_id": WIDGET_SHOP, "config": config}), 400, "type")
    assert integrations(callrail)["total_records"] == 2
    # A disabled integration still counts: re-activate it instead.
    webhooks = by_type(callrail, WIDGET_SHOP, "Webhooks")
    assert callrail.api.delete(f"{A}/integrations/{webhooks['id']}.json").status_code == 204
    error(callrail.api.post(f"{A}/integrations.json", json={"type": "Webhooks", "company_id": WIDGET_SHOP}),
          400, "type")


def test_update_state_and_merge_config(callrail):
    webhooks = by_type(callrail, WIDGET_SHOP, "Webhooks")
    url = f"{A}/integrations/{webhooks['id']}.json"
    response = callrail.api.put(url, json={"state": "disabled",
                                           "config": {"pre_call_webhook": ["http://example.com/webhook.php"]}})
    assert response.status_code == 200, response.text
    assert response.json() == {**webhooks, "state": "disabled",
                               "config": {"pre_call_webhook": ["http://example.com/webhook.php"]}}
    response = callrail.api.put(url, json={"state": "active", "config": {"post_call_webhook": ["https://x.example.com"]}})
    assert response.json()["state"] == "active"
    assert response.json()["config"] == {"pre_call_webhook": ["http://example.com/webhook.php"],
                                         "post_call_webhook": ["https://x.example.com"]}
    # An empty list removes that webhook.
    response = callrail.api.put(url, json={"config": {"pre_call_webhook": []}})
    assert response.json()["config"] == {"post_call_webhook": ["https://x.example.com"]}
    assert callrail.api.get(url).json() == response.json()


def test_update_custom_cookies(callrail):
    custom = by_type(callrail, WIDGET_SHOP, "Custom")
    url = f"{A}/integrations/{custom['id']}.json"
    response = callrail.api.put(url, json={"config": {"grab_cookies": ["_fbp"]}})
    assert response.status_code == 200 and response.json()["config"] == {"grab_cookies": ["_fbp"]}
    error(callrail.api.put(url, json={"config": {"grab_cookies": []}}), 400, "config.grab_cookies")
    error(callrail.api.put(url, json={"config": {"pre_call_webhook": ["https://example.com"]}}),
          400, "config.pre_call_webhook")
    assert callrail.api.get(url).json()["config"] == {"grab_cookies": ["_fbp"]}


@pytest.mark.parametrize("body, parameter", [
    ({"state": "failed"}, "state"), ({"state": "pending"}, "state"), ({"state": 1}, "state"),
    ({"config": {"post_call_webhook": ["javascript:alert(1)"]}}, "config.post_call_webhook"),
    ({"state": "disabled", "config": {"nope_webhook": ["https://example.com"]}}, "config.nope_webhook"),
    ({"config": "x"}, "config"),
])
def test_update_validation_changes_nothing(callrail, body, parameter):
    webhooks = by_type(callrail, WIDGET_SHOP, "Webhooks")
    error(callrail.api.put(f"{A}/integrations/{webhooks['id']}.json", json=body), 400, parameter)
    assert callrail.api.get(f"{A}/integrations/{webhooks['id']}.json").json() == webhooks


def test_delete_disables(callrail):
    webhooks = by_type(callrail, WIDGET_SHOP, "Webhooks")
    response = callrail.api.delete(f"{A}/integrations/{webhooks['id']}.json")
    assert response.status_code == 204 and response.content == b""
    assert callrail.api.get(f"{A}/integrations/{webhooks['id']}.json").json()["state"] == "disabled"
    assert integrations(callrail)["total_records"] == 2
    error(callrail.api.delete(f"{A}/integrations/999999.json"), 404)


def test_reporting_users_may_read_but_not_change(callrail):
    reporting = as_role(callrail, "reporting")
    webhooks = by_type(callrail, BOBS_BURGERS, "Webhooks")
    assert integrations(callrail, BOBS_BURGERS, api=reporting)["integrations"] == [webhooks]
    url = f"{A}/integrations/{webhooks['id']}.json"
    assert reporting.get(url).json() == webhooks
    for response in (reporting.post(f"{A}/integrations.json", json={
                         "type": "Custom", "company_id": BOBS_BURGERS, "config": {"grab_cookies": ["_ga"]}}),
                     reporting.put(url, json={"state": "disabled"}), reporting.delete(url)):
        assert response.status_code == 403 and response.json() == FORBIDDEN
    assert [i["type"] for i in integrations(callrail, BOBS_BURGERS)["integrations"]] == ["Webhooks"]
    assert callrail.api.get(url).json() == webhooks


def test_managers_manage_their_own_companies_only(callrail):
    manager = as_role(callrail, "manager")
    response = manager.post(f"{A}/integrations.json", json={
        "type": "Custom", "company_id": BOBS_BURGERS, "config": {"grab_cookies": ["_ga"]}})
    assert response.status_code == 201, response.text
    webhooks = by_type(callrail, BOBS_BURGERS, "Webhooks")
    response = manager.put(f"{A}/integrations/{webhooks['id']}.json",
                           json={"config": {"post_call_webhook": ["https://crm.example.com/hook"]}})
    assert response.status_code == 200
    assert manager.delete(f"{A}/integrations/{webhooks['id']}.json").status_code == 204
    # Widget Shop is not one of the manager's companies.
    widget = by_type(callrail, WIDGET_SHOP, "Webhooks")
    error(manager.get(f"{A}/integrations/{widget['id']}.json"), 404)
    error(manager.put(f"{A}/integrations/{widget['id']}.json", json={"state": "disabled"}), 404)
    error(manager.delete(f"{A}/integrations/{widget['id']}.json"), 404)
    error(manager.get(f"{A}/integrations.json", params={"company_id": WIDGET_SHOP}), 400, "company_id")
    error(manager.post(f"{A}/integrations.json", json={"type": "Webhooks", "company_id": new_company(callrail)}),
          400, "company_id")
    assert by_type(callrail, WIDGET_SHOP, "Webhooks") == widget


@pytest.mark.callrail_seed("demo")
def test_demo_companies_have_a_webhooks_integration_without_urls_and_a_default_trigger(callrail):
    for account in {k["account_id"] for k in callrail.credentials}:
        api = as_role(callrail, "admin", account)
        companies = api.get(f"/v3/a/{account}/companies.json").json()["companies"]
        assert companies
        for company in companies:
            listed = api.get(f"/v3/a/{account}/integrations.json",
                             params={"company_id": company["id"], "fields": "signing_key"}).json()["integrations"]
            assert [(i["type"], i["state"], i["config"]) for i in listed] == [("Webhooks", "active", {})]
            assert re.fullmatch(r"[0-9a-f]{32}", listed[0]["signing_key"])
            criteria = api.get(f"/v3/a/{account}/integration_triggers.json",
                               params={"company_id": company["id"]}).json()["integration_criteria"]
            assert [(t["integration_id"], t["integration"]["type"]) for t in criteria] == \
                [(None, "All (Default Integration Trigger)")]


def test_hostile_values_are_400s_naming_the_parameter(callrail):
    company = new_company(callrail)
    for kind, config in (("Webhooks", {"pre_call_webhook": ["https://example.com/a"]}),
                         ("Custom", {"grab_cookies": ["_ga"]})):
        assert 400 in probe_hostile(callrail.api, "POST", "integrations.json",
                                    {"company_id": company, "type": kind, "config": config})
    webhooks = by_type(callrail, WIDGET_SHOP, "Webhooks")
    assert 400 in probe_hostile(callrail.api, "PUT", f"integrations/{webhooks['id']}.json",
                                {"state": "active", "config": {"post_call_webhook": ["https://example.com/b"]}})
