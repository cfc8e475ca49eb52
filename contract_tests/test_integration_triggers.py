"""Integration triggers ("Integration Triggers") against the `docs` seed: every company has
its default trigger; Widget Shop's Custom integration has its own (the doc's list example)."""
from __future__ import annotations

import pytest

from docs_seed import (A, BOBS_BURGERS, FORBIDDEN, OTHER_ACCOUNT, WIDGET_SHOP, as_role, error, listing,
                       probe_hostile)

pytestmark = pytest.mark.callrail_seed("docs")

SESSION_TRACKER = "TRK8154748ae6bd4e278a7cddd38a662d5d"   # Widget Shop
SOURCE_TRACKER = "TRK8154748ae6bd4e278a7cddd38a662f4f"    # Widget Shop
DEFAULT = {"id": None, "type": "All (Default Integration Trigger)"}


def triggers(callrail, company=WIDGET_SHOP):
    return listing(callrail.api, "integration_triggers.json", company_id=company)["integration_criteria"]


def integration(callrail, company, kind):
    listed = listing(callrail.api, "integrations.json", company_id=company)["integrations"]
    return next(i for i in listed if i["type"] == kind)


def bobs_webhooks_trigger(callrail, **criteria):
    webhooks = integration(callrail, BOBS_BURGERS, "Webhooks")
    response = callrail.api.post(f"{A}/integration_triggers.json",
                                 json={"company_id": BOBS_BURGERS, "integration_id": webhooks["id"], **criteria})
    assert response.status_code == 201, response.text
    return response.json()


def test_list_requires_company_id(callrail):
    error(callrail.api.get(f"{A}/integration_triggers.json"), 400, "company_id")


def test_list_shows_the_default_and_integration_triggers(callrail):
    response = callrail.api.get(f"{A}/integration_triggers.json", params={"company_id": WIDGET_SHOP})
    body = response.json()
    assert list(body) == ["page", "per_page", "total_pages", "total_records", "integration_criteria"]
    assert body["total_records"] == 2
    default, custom = body["integration_criteria"]
    assert list(default) == ["id", "company_id", "integration_id", "tracker_ids", "call_type", "min_duration",
                             "max_duration", "lead_status", "integration"]
    assert default["company_id"] == WIDGET_SHOP and default["integration_id"] is None
    assert default["tracker_ids"] == [] and default["integration"] == DEFAULT
    assert all(default[k] is None for k in ("call_type", "min_duration", "max_duration", "lead_status"))
    custom_integration = integration(callrail, WIDGET_SHOP, "Custom")
    assert custom["integration_id"] == custom_integration["id"]
    assert custom["integration"] == {"id": custom_integration["id"], "type": "Custom"}
    assert custom["tracker_ids"] == [SESSION_TRACKER]
    assert (custom["min_duration"], custom["max_duration"]) == (1, 11)
    assert [t["integration"] for t in triggers(callrail, BOBS_BURGERS)] == [DEFAULT]


def test_show_and_not_found(callrail):
    default = triggers(callrail)[0]
    response = callrail.api.get(f"{A}/integration_triggers/{default['id']}.json")
    assert response.status_code == 200 and response.json() == default
    error(callrail.api.get(f"{A}/integration_triggers/999999.json"), 404)
    error(callrail.api.get(f"/v3/a/{OTHER_ACCOUNT}/integration_triggers/{default['id']}.json"), 404)
    outsider = as_role(callrail, "admin", OTHER_ACCOUNT)
    error(outsider.get(f"{A}/integration_triggers/{default['id']}.json"), 404)
    error(outsider.delete(f"/v3/a/{OTHER_ACCOUNT}/integration_triggers/{default['id']}.json"), 404)
    assert triggers(callrail)[0] == default


def test_create_for_an_integration(callrail):
    webhooks = integration(callrail, WIDGET_SHOP, "Webhooks")
    response = callrail.api.post(f"{A}/integration_triggers.json", json={
        "company_id": WIDGET_SHOP, "integration_id": webhooks["id"], "tracker_ids": [SOURCE_TRACKER],
        "call_type": "first_call", "min_duration": 3, "max_duration": None, "lead_status": None})
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["integration"] == {"id": webhooks["id"], "type": "Webhooks"}
    assert created["tracker_ids"] == [SOURCE_TRACKER] and created["call_type"] == "first_call"
    assert created["min_duration"] == 3 and created["max_duration"] is None and created["lead_status"] is None
    assert triggers(callrail)[-1] == created
    # "The API will return 400 Bad Request ... if a integration trigger already exists"
    error(callrail.api.post(f"{A}/integration_triggers.json",
                            json={"company_id": WIDGET_SHOP, "integration_id": webhooks["id"]}), 400, "integration_id")
    assert len(triggers(callrail)) == 3


def test_one_default_trigger_per_company(callrail):
    error(callrail.api.post(f"{A}/integration_triggers.json", json={"company_id": BOBS_BURGERS}),
          400, "integration_id")
    default = triggers(callrail, BOBS_BURGERS)[0]
    assert callrail.api.delete(f"{A}/integration_triggers/{default['id']}.json").status_code == 204
    response = callrail.api.post(f"{A}/integration_triggers.json",
                                 json={"company_id": BOBS_BURGERS, "integration_id": None, "lead_status": "good_lead"})
    assert response.status_code == 201
    assert response.json()["integration"] == DEFAULT and response.json()["lead_status"] == "good_lead"


@pytest.mark.parametrize("extra, parameter", [
    ({"call_type": "missed"}, "call_type"),
    ({"call_type": "nil"}, "call_type"),
    ({"min_duration": -1}, "min_duration"),
    ({"min_duration": "ten"}, "min_duration"),
    ({"max_duration": 1.5}, "max_duration"),
    ({"max_duration": True}, "max_duration"),
    ({"max_duration": 10**30}, "max_duration"),
    ({"min_duration": 2**63}, "min_duration"),
    ({"min_duration": 30, "max_duration": 10}, "max_duration"),
    ({"lead_status": "previously_marked_good_lead"}, "lead_status"),
    ({"lead_status": 1}, "lead_status"),
    ({"tracker_ids": "TRK8154748ae6bd4e278a7cddd38a662d5d"}, "tracker_ids"),
    ({"tracker_ids": [SESSION_TRACKER]}, "tracker_ids"),          # a Widget Shop tracker
    ({"tracker_ids": ["TRK00000000000000000000000000000000"]}, "tracker_ids"),
    ({"integration_id": 999999}, "integration_id"),
    ({"company_id": None}, "company_id"),
    ({"company_id": "COM0392748ae6bd4e278a7cddd38b254a2a"}, "company_id"),
])
def test_create_validation_stores_nothing(callrail, extra, parameter):
    webhooks = integration(callrail, BOBS_BURGERS, "Webhooks")
    body = {"company_id": BOBS_BURGERS, "integration_id": webhooks["id"], **extra}
    error(callrail.api.post(f"{A}/integration_triggers.json", json=body), 400, parameter)
    assert len(triggers(callrail, BOBS_BURGERS)) == 1


def test_integration_must_belong_to_the_company_and_be_active(callrail):
    widget_webhooks = integration(callrail, WIDGET_SHOP, "Webhooks")
    error(callrail.api.post(f"{A}/integration_triggers.json",
                            json={"company_id": BOBS_BURGERS, "integration_id": widget_webhooks["id"]}),
          400, "integration_id")
    bobs = integration(callrail, BOBS_BURGERS, "Webhooks")
    callrail.api.delete(f"{A}/integrations/{bobs['id']}.json")
    error(callrail.api.post(f"{A}/integration_triggers.json",
                            json={"company_id": BOBS_BURGERS, "integration_id": bobs["id"]}), 400, "integration_id")
    assert len(triggers(callrail, BOBS_BURGERS)) == 1


def test_company_trackers_and_durations_as_strings(callrail):
    webhooks = integration(callrail, WIDGET_SHOP, "Webhooks")
    response = callrail.api.post(f"{A}/integration_triggers.json", json={
        "company_id": WIDGET_SHOP, "integration_id": webhooks["id"],
        "tracker_ids": [SOURCE_TRACKER, SESSION_TRACKER], "min_duration": "5", "max_duration": "60",
        "call_type": "missed_and_vm", "lead_status": "not_a_lead"})
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["tracker_ids"] == [SOURCE_TRACKER, SESSION_TRACKER]
    assert (created["min_duration"], created["max_duration"]) == (5, 60)
    assert created["call_type"] == "missed_and_vm" and created["lead_status"] == "not_a_lead"


def test_update(callrail):
    created = bobs_webhooks_trigger(callrail, min_duration=1, max_duration=11)
    url = f"{A}/integration_triggers/{created['id']}.json"
    response = callrail.api.put(url, json={"call_type": "vm", "min_duration": 10})
    assert response.status_code == 200, response.text
    assert response.json() == {**created, "call_type": "vm", "min_duration": 10}
    response = callrail.api.put(url, json={"max_duration": "20", "call_type": None, "lead_status": "good_lead"})
    assert response.json() == {**created, "min_duration": 10, "max_duration": 20, "lead_status": "good_lead"}
    assert callrail.api.get(url).json() == response.json()


@pytest.mark.parametrize("body, parameter", [
    ({"call_type": "all"}, "call_type"),
    ({"min_duration": 100}, "min_duration"),          # above the stored max_duration 11
    ({"max_duration": "-3"}, "max_duration"),
    ({"max_duration": 10**30}, "max_duration"),
    ({"max_duration": str(2**64)}, "max_duration"),
    ({"lead_status": "good"}, "lead_status"),
    ({"tracker_ids": [SESSION_TRACKER]}, "tracker_ids"),
    ({"integration_id": None}, "integration_id"),
    ({"company_id": WIDGET_SHOP}, "company_id"),
])
def test_update_validation_changes_nothing(callrail, body, parameter):
    created = bobs_webhooks_trigger(callrail, min_duration=1, max_duration=11)
    url = f"{A}/integration_triggers/{created['id']}.json"
    error(callrail.api.put(url, json=body), 400, parameter)
    assert callrail.api.get(url).json() == created


def test_delete(callrail):
    created = bobs_webhooks_trigger(callrail)
    url = f"{A}/integration_triggers/{created['id']}.json"
    response = callrail.api.delete(url)
    assert response.status_code == 204 and response.content == b""
    error(callrail.api.get(url), 404)
    error(callrail.api.delete(url), 404)
    assert [t["integration"] for t in triggers(callrail, BOBS_BURGERS)] == [DEFAULT]


def test_roles(callrail):
    reporting, manager = as_role(callrail, "reporting"), as_role(callrail, "manager")
    webhooks = integration(callrail, BOBS_BURGERS, "Webhooks")
    default = triggers(callrail, BOBS_BURGERS)[0]
    url = f"{A}/integration_triggers/{default['id']}.json"
    assert reporting.get(url).json() == default
    for response in (reporting.post(f"{A}/integration_triggers.json",
                                    json={"company_id": BOBS_BURGERS, "integration_id": webhooks["id"]}),
                     reporting.put(url, json={"call_type": "vm"}), reporting.delete(url)):
        assert response.status_code == 403 and response.json() == FORBIDDEN
    assert triggers(callrail, BOBS_BURGERS) == [default]
    response = manager.post(f"{A}/integration_triggers.json",
                            json={"company_id": BOBS_BURGERS, "integration_id": webhooks["id"]})
    assert response.status_code == 201
    assert manager.put(url, json={"call_type": "vm"}).json()["call_type"] == "vm"
    widget_default = triggers(callrail, WIDGET_SHOP)[0]
    error(manager.get(f"{A}/integration_triggers/{widget_default['id']}.json"), 404)
    error(manager.put(f"{A}/integration_triggers/{widget_default['id']}.json", json={"call_type": "vm"}), 404)
    error(manager.get(f"{A}/integration_triggers.json", params={"company_id": WIDGET_SHOP}), 400, "company_id")
    assert triggers(callrail, WIDGET_SHOP)[0] == widget_default


def test_hostile_values_are_400s_naming_the_parameter(callrail):
    webhooks = integration(callrail, BOBS_BURGERS, "Webhooks")
    body = {"company_id": BOBS_BURGERS, "integration_id": webhooks["id"], "tracker_ids": [], "call_type": "vm",
            "min_duration": 1, "max_duration": 11, "lead_status": "good_lead"}
    assert 400 in probe_hostile(callrail.api, "POST", "integration_triggers.json", body)
    trigger = next(t for t in triggers(callrail) if t["integration_id"])
    assert 400 in probe_hostile(callrail.api, "PUT", f"integration_triggers/{trigger['id']}.json",
                                {"tracker_ids": [SESSION_TRACKER], "call_type": "first_call", "min_duration": 2,
                                 "max_duration": 20, "lead_status": None})
