"""Notifications ("Notifications") against the `docs` seed. Kevin (admin) has an account-wide
notification, company ones and a tracker one; Linda (manager, Bob's Burgers) has one for Bob's
Burgers; Widget Shop has one for an email-only user; Teddy (reporting) has none."""
from __future__ import annotations

import json

import pytest

from docs_seed import (A, ANDY, BOBS_BURGERS, FORBIDDEN, KEVIN, LINDA, OTHER_ACCOUNT, TEDDY, WIDGET_SHOP,
                       WIDGET_SHOP_2, as_role, error, listing, probe_hostile)

pytestmark = pytest.mark.callrail_seed("docs")

BILLBOARD = "TRK8154748ae6bd4e278a7cddd38a662f4f"        # Widget Shop's "My Billboard" tracker
FIELDS = ["id", "user_id", "email", "agent_id", "agent_name", "alert_type", "call_enabled", "company_id",
          "company_name", "name", "send_desktop", "send_email", "send_push", "sms_enabled", "tracker_id",
          "tracker_name"]


def notifications(api, **params):
    return listing(api, "notifications.json", **params)


def everything(callrail):
    return notifications(callrail.api, per_page=250)["notifications"]


def create(api, **body):
    response = api.post(f"{A}/notifications.json", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def test_list_everything_as_admin(callrail):
    body = notifications(callrail.api)
    assert body["page"] == 1 and body["per_page"] == 100 and body["total_records"] == len(body["notifications"])
    first = body["notifications"][0]
    assert list(first) == FIELDS
    assert first["user_id"] == KEVIN and first["company_id"] is None
    assert first["name"] == "First-Time Calls and All Texts for All Companies"
    assert {n["user_id"] for n in body["notifications"]} == {KEVIN, LINDA, None}


def test_list_by_user_id_from_the_query_string_or_the_get_body(callrail):
    by_query = notifications(callrail.api, user_id=KEVIN)["notifications"]
    assert by_query and {n["user_id"] for n in by_query} == {KEVIN}
    # The doc's curl sends the parameters as a JSON body on the GET (Listing All Notifications).
    response = callrail.api.get(f"{A}/notifications.json", data=json.dumps({"user_id": KEVIN}),
                                headers={"Content-Type": "application/json"})
    assert response.status_code == 200 and response.json()["notifications"] == by_query
    assert [n["user_id"] for n in notifications(callrail.api, user_id=LINDA)["notifications"]] == [LINDA]
    assert notifications(callrail.api, user_id=TEDDY)["total_records"] == 0
    error(callrail.api.get(f"{A}/notifications.json", params={"user_id": "USR000"}), 400, "user_id")


def test_list_by_email_only_user(callrail):
    email_only = [n for n in everything(callrail) if n["email"]]
    assert email_only and all(n["user_id"] is None and n["send_email"] for n in email_only)
    address = email_only[0]["email"]
    assert notifications(callrail.api, email=address)["notifications"] == email_only
    response = callrail.api.get(f"{A}/notifications.json", data=json.dumps({"email": address}),
                                headers={"Content-Type": "application/json"})
    assert response.json()["notifications"] == email_only
    assert notifications(callrail.api, email="nobody@example.com")["total_records"] == 0


def test_notification_type_filter(callrail):
    every = everything(callrail)
    for channel in ("send_desktop", "send_email", "send_push"):
        expected = [n for n in every if n[channel]]
        assert expected, channel
        assert notifications(callrail.api, notification_type=channel, per_page=250)["notifications"] == expected
    error(callrail.api.get(f"{A}/notifications.json", params={"notification_type": "send_sms"}),
          400, "notification_type")


def test_non_admins_list_only_their_own(callrail):
    manager = as_role(callrail, "manager")
    mine = notifications(manager)["notifications"]
    assert [n["user_id"] for n in mine] == [LINDA] and mine[0]["company_id"] == BOBS_BURGERS
    assert notifications(manager, user_id=KEVIN)["total_records"] == 0
    assert notifications(as_role(callrail, "reporting"))["total_records"] == 0


def test_create_defaults_to_the_key_user(callrail):
    manager = as_role(callrail, "manager")
    created = create(manager, company_id=BOBS_BURGERS, call_enabled=True, alert_type="missed_and_vm",
                     send_push=True)
    assert list(created) == FIELDS
    assert created["user_id"] == LINDA and created["email"] is None
    assert created["company_id"] == BOBS_BURGERS and created["company_name"] == "Bob's Burgers"
    assert created["tracker_id"] is None and created["tracker_name"] is None
    assert created["name"] == "Missed Calls and Voicemails for Bob's Burgers"
    assert (created["call_enabled"], created["sms_enabled"], created["send_push"], created["send_email"],
            created["send_desktop"]) == (True, False, True, False, False)
    assert notifications(manager)["notifications"][-1] == created


def test_create_for_a_tracker_as_in_the_doc(callrail):
    created = create(callrail.api, user_id=KEVIN, tracker_id=BILLBOARD, send_email=True, send_push=True,
                     send_desktop=True, alert_type="vm_only", sms_enabled=True, call_enabled=True)
    assert created["company_id"] == WIDGET_SHOP and created["company_name"] == "Widget Shop"
    assert created["tracker_id"] == BILLBOARD and created["tracker_name"] == "My Billboard"
    assert created["alert_type"] == "vm_only"
    assert created["name"] == "Voicemails and All Texts for My Billboard"
    assert isinstance(created["id"], int)


def test_create_with_agent_and_for_another_user(callrail):
    created = create(callrail.api, user_id=LINDA, agent_id=ANDY, company_id=BOBS_BURGERS, sms_enabled=True)
    assert created["user_id"] == LINDA and created["agent_id"] == ANDY
    assert created["agent_name"] == callrail.api.get(f"{A}/users/{ANDY}.json").json()["name"]
    assert created["name"] == "All Texts for Bob's Burgers"
    account_wide = create(callrail.api, user_id=ANDY, call_enabled=True, alert_type="all")
    assert account_wide["company_id"] is None and account_wide["name"] == "All Calls for All Companies"


def test_create_for_an_email_only_user(callrail):
    created = create(callrail.api, email="owner@example.com", company_id=WIDGET_SHOP, call_enabled=True,
                     alert_type="all")
    assert created["user_id"] is None and created["email"] == "owner@example.com"
    assert created["send_email"] is True and created["send_push"] is False
    by_tracker = create(callrail.api, email="owner@example.com", tracker_id=BILLBOARD, sms_enabled=True)
    assert by_tracker["company_id"] == WIDGET_SHOP
    assert [n["id"] for n in notifications(callrail.api, email="owner@example.com")["notifications"]] == \
        [created["id"], by_tracker["id"]]


@pytest.mark.parametrize("body, parameter", [
    ({"call_enabled": True}, "alert_type"),
    ({"call_enabled": True, "alert_type": None}, "alert_type"),
    ({"call_enabled": True, "alert_type": "voicemail"}, "alert_type"),
    ({"call_enabled": "sometimes", "alert_type": "all"}, "call_enabled"),
    ({"send_email": "maybe"}, "send_email"),
    ({"user_id": "USR00000000000000000000000000000000"}, "user_id"),
    ({"user_id": "USR9e8d7c6b5a4f30211f2e3d4c5b6a7988"}, "user_id"),      # another account's user
    ({"user_id": KEVIN, "email": "x@example.com", "company_id": WIDGET_SHOP}, "email"),
    ({"email": "not-an-email", "company_id": WIDGET_SHOP}, "email"),
    ({"email": "x@example.com"}, "company_id"),
    ({"email": "x@example.com", "company_id": WIDGET_SHOP, "send_push": True}, "send_push"),
    ({"email": "x@example.com", "tracker_id": BILLBOARD, "send_desktop": True}, "send_desktop"),
    ({"tracker_id": "TRK00000000000000000000000000000000"}, "tracker_id"),
    ({"tracker_id": BILLBOARD, "company_id": BOBS_BURGERS}, "tracker_id"),
    ({"company_id": WIDGET_SHOP_2}, "company_id"),
    ({"company_id": "COM000"}, "company_id"),
    ({"agent_id": "USR000"}, "agent_id"),
    ({"user_id": LINDA, "company_id": WIDGET_SHOP}, "company_id"),        # Linda has no access to it
])
def test_create_validation_stores_nothing(callrail, body, parameter):
    before = everything(callrail)
    error(callrail.api.post(f"{A}/notifications.json", json=body), 400, parameter)
    assert everything(callrail) == before


def test_non_admins_create_only_their_own(callrail):
    before = everything(callrail)
    manager = as_role(callrail, "manager")
    for body in ({"user_id": KEVIN, "company_id": BOBS_BURGERS},
                 {"email": "someone@example.com", "company_id": BOBS_BURGERS}):
        response = manager.post(f"{A}/notifications.json", json=body)
        assert response.status_code == 403 and response.json() == FORBIDDEN
    error(manager.post(f"{A}/notifications.json", json={"company_id": WIDGET_SHOP}), 400, "company_id")
    assert everything(callrail) == before
    mine = create(manager, user_id=LINDA, sms_enabled=True)
    assert mine["user_id"] == LINDA


def test_update_documented_settings(callrail):
    created = create(callrail.api, tracker_id=BILLBOARD, send_email=True, send_push=True, send_desktop=True,
                     alert_type="vm_only", sms_enabled=True, call_enabled=True)
    url = f"{A}/notifications/{created['id']}.json"
    response = callrail.api.put(url, json={"call_enabled": False, "sms_enabled": True})
    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated == {**created, "call_enabled": False, "name": "All Texts for My Billboard"}
    assert updated["alert_type"] == "vm_only"
    response = callrail.api.put(url, json={"company_id": BOBS_BURGERS, "send_push": False})
    assert response.json()["company_id"] == BOBS_BURGERS and response.json()["tracker_id"] is None
    assert response.json()["name"] == "All Texts for Bob's Burgers"
    response = callrail.api.put(url, json={"company_id": None, "call_enabled": True, "alert_type": "first_call"})
    assert response.json()["company_id"] is None
    assert response.json()["name"] == "First-Time Calls and All Texts for All Companies"
    assert notifications(callrail.api, user_id=KEVIN)["notifications"][-1] == response.json()


@pytest.mark.parametrize("body, parameter", [
    ({"user_id": LINDA}, "user_id"),
    ({"email": "x@example.com"}, "email"),
    ({"agent_id": ANDY}, "agent_id"),
    ({"alert_type": None}, "alert_type"),            # call_enabled stays true
    ({"alert_type": "some"}, "alert_type"),
    ({"sms_enabled": "yes please"}, "sms_enabled"),
    ({"tracker_id": "TRK00000000000000000000000000000000"}, "tracker_id"),
    ({"company_id": WIDGET_SHOP_2}, "company_id"),
])
def test_update_validation_changes_nothing(callrail, body, parameter):
    created = create(callrail.api, company_id=WIDGET_SHOP, call_enabled=True, alert_type="all")
    before = everything(callrail)
    error(callrail.api.put(f"{A}/notifications/{created['id']}.json", json=body), 400, parameter)
    assert everything(callrail) == before


def test_email_only_rules_hold_on_update(callrail):
    created = create(callrail.api, email="owner@example.com", company_id=WIDGET_SHOP, sms_enabled=True)
    url = f"{A}/notifications/{created['id']}.json"
    error(callrail.api.put(url, json={"send_push": True}), 400, "send_push")
    error(callrail.api.put(url, json={"company_id": None}), 400, "company_id")
    assert callrail.api.put(url, json={"tracker_id": BILLBOARD}).json()["tracker_name"] == "My Billboard"


def test_delete(callrail):
    created = create(callrail.api, company_id=WIDGET_SHOP, sms_enabled=True)
    url = f"{A}/notifications/{created['id']}.json"
    response = callrail.api.delete(url)
    assert response.status_code == 204 and response.content == b""
    assert created["id"] not in [n["id"] for n in everything(callrail)]
    error(callrail.api.delete(url), 404)
    error(callrail.api.put(url, json={"sms_enabled": False}), 404)


def test_only_the_owner_or_an_admin_may_change_or_delete(callrail):
    manager, reporting = as_role(callrail, "manager"), as_role(callrail, "reporting")
    kevins = notifications(callrail.api, user_id=KEVIN)["notifications"][0]
    lindas = notifications(manager)["notifications"][0]
    for api, target in ((manager, kevins), (reporting, lindas)):
        url = f"{A}/notifications/{target['id']}.json"
        for response in (api.put(url, json={"sms_enabled": False}), api.delete(url)):
            # "If the specified notification is not managed by the current authorized user"
            assert response.status_code == 403 and response.json() == FORBIDDEN
    assert notifications(callrail.api, user_id=KEVIN)["notifications"][0] == kevins
    assert manager.put(f"{A}/notifications/{lindas['id']}.json", json={"send_push": True}).status_code == 200
    assert callrail.api.delete(f"{A}/notifications/{lindas['id']}.json").status_code == 204   # admin
    assert notifications(manager)["total_records"] == 0


def test_other_accounts_notifications_are_not_found(callrail):
    kevins = notifications(callrail.api, user_id=KEVIN)["notifications"][0]
    outsider = as_role(callrail, "admin", OTHER_ACCOUNT)
    error(outsider.delete(f"{A}/notifications/{kevins['id']}.json"), 404)
    error(callrail.api.delete(f"/v3/a/{OTHER_ACCOUNT}/notifications/{kevins['id']}.json"), 404)
    error(callrail.api.put(f"/v3/a/{OTHER_ACCOUNT}/notifications/{kevins['id']}.json", json={}), 404)
    assert notifications(callrail.api, user_id=KEVIN)["notifications"][0] == kevins


@pytest.mark.callrail_seed("demo")
def test_demo_companies_have_notifications(callrail):
    for account in {k["account_id"] for k in callrail.credentials}:
        api = as_role(callrail, "admin", account)
        companies = {c["id"] for c in api.get(f"/v3/a/{account}/companies.json").json()["companies"]}
        listed = api.get(f"/v3/a/{account}/notifications.json", params={"per_page": 250}).json()["notifications"]
        assert companies <= {n["company_id"] for n in listed}
        assert any(n["tracker_id"] for n in listed) and any(n["email"] for n in listed)
        assert any(n["company_id"] is None for n in listed)


def test_deleting_a_user_removes_their_notifications_and_summary_emails(callrail):
    assert notifications(callrail.api, user_id=LINDA)["total_records"] == 1
    assert callrail.api.delete(f"{A}/users/{LINDA}.json").status_code == 204
    assert all(n["user_id"] != LINDA for n in everything(callrail))
    summaries = callrail.api.get(f"{A}/summary_emails", params={"per_page": 250}).json()["summary_emails"]
    assert all(s["user"] is None or s["user"]["id"] != LINDA for s in summaries)


@pytest.mark.parametrize("method,path,body", [
    ("POST", "notifications.json", {"user_id": KEVIN, "company_id": WIDGET_SHOP, "tracker_id": None, "agent_id": None,
                                    "alert_type": "all", "call_enabled": True, "sms_enabled": True,
                                    "send_email": True, "send_push": False, "send_desktop": False}),
    ("POST", "notifications.json", {"email": "a@example.com", "company_id": WIDGET_SHOP, "send_email": True}),
    ("PUT", "notifications/1.json", {"call_enabled": False, "sms_enabled": True, "alert_type": "all",
                                     "send_email": True, "company_id": WIDGET_SHOP, "tracker_id": BILLBOARD}),
])
def test_hostile_values_are_400s_naming_the_parameter(callrail, method, path, body):
    assert 400 in probe_hostile(callrail.api, method, path, body)


def test_reporting_users_manage_their_own(callrail):
    reporting = as_role(callrail, "reporting")
    mine = create(reporting, company_id=BOBS_BURGERS, sms_enabled=True)
    assert mine["user_id"] == TEDDY and mine["name"] == "All Texts for Bob's Burgers"
    url = f"{A}/notifications/{mine['id']}.json"
    assert reporting.put(url, json={"send_email": True}).json()["send_email"] is True
    assert [n["id"] for n in notifications(reporting)["notifications"]] == [mine["id"]]
    assert reporting.delete(url).status_code == 204
    assert notifications(reporting)["total_records"] == 0
