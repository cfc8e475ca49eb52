"""Text messages: sending (validation, opt-out rule), threading with simulated replies, the
conversation list and a single conversation with its paginated messages."""
from __future__ import annotations

import re

import pytest

from contract_tests.docs_seed import (
    ACCOUNT,
    BOBS_BURGERS,
    KEVIN,
    MANAGER_KEY,
    REPORTING_KEY,
    WIDGET_SHOP,
    WIDGET_SHOP_NUMERIC,
    A,
)

pytestmark = pytest.mark.callrail_seed("docs")
TEXTS = f"{A}/text-messages.json"
INBOUND = f"/a/{ACCOUNT}/text-messages"
SMS_1, SMS_2 = "+14045556677", "+17703334455"   # Widget Shop, SMS-enabled
NO_SMS = "+14045559999"                          # Widget Shop, SMS not enabled
CUSTOMER = "+14044447788"                       # not a docs-seed customer
OPT_OUT = "Reply STOP to unsubscribe."
CONVERSATION_KEYS = ["id", "company_id", "initial_tracker_id", "current_tracker_id", "customer_name",
                     "customer_phone_number", "initial_tracking_number", "current_tracking_number", "last_message_at",
                     "state", "company_time_zone", "formatted_customer_phone_number",
                     "formatted_initial_tracking_number", "formatted_current_tracking_number",
                     "formatted_customer_name", "recent_messages"]


@pytest.fixture(autouse=True)
def frozen(callrail):
    callrail.control.freeze("2026-03-10T15:00:00Z")


def send(callrail, content="Thanks for your interest!", key=None, **overrides):
    data = {"company_id": WIDGET_SHOP, "tracking_number": SMS_1, "customer_phone_number": "404-444-7788",
            "content": content, **overrides}
    data = {k: v for k, v in data.items() if v is not ...}
    api = callrail.api.with_key(key) if key else callrail.api
    return api.post(TEXTS, json=data)


def sent(callrail, content="Thanks for your interest!", **overrides) -> dict:
    response = send(callrail, content, **overrides)
    assert response.status_code == 201, response.text
    return response.json()


def reply(callrail, content="Sounds good", tracking=SMS_2, customer=CUSTOMER, **extra):
    response = callrail.control.request("POST", INBOUND, {"tracking_phone_number": tracking,
                                                          "customer_phone_number": customer, "content": content,
                                                          **extra})
    return response


def conversations(callrail, **params) -> dict:
    response = callrail.api.get(TEXTS, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def conversation(callrail, conversation_id, **params) -> dict:
    response = callrail.api.get(f"{A}/text-messages/{conversation_id}.json", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_send_opens_a_conversation_in_the_documented_shape(callrail):
    result = sent(callrail)
    assert list(result) == CONVERSATION_KEYS
    assert re.fullmatch(r"[A-Za-z0-9]{5}", result["id"])
    assert result["company_id"] == WIDGET_SHOP
    assert result["customer_phone_number"] == CUSTOMER
    assert result["formatted_customer_phone_number"] == "404-444-7788"
    assert result["initial_tracking_number"] == result["current_tracking_number"] == SMS_1
    assert result["formatted_current_tracking_number"] == "404-555-6677"
    assert result["initial_tracker_id"] == result["current_tracker_id"] == "TRK8154748ae6bd4e278a7cddd38a662f5f"
    assert result["last_message_at"] == "2026-03-10T15:00:00.000Z"
    assert result["state"] == "active" and result["company_time_zone"] == "America/New_York"
    assert result["recent_messages"] == [{"direction": "outgoing", "content": f"Thanks for your interest! {OPT_OUT}",
                                          "created_at": "2026-03-10T15:00:00.000Z"}]
    event = callrail.control.get("/events", name="sms_sent")["events"][-1]
    assert event["company_id"] == WIDGET_SHOP and event["data"]["conversation_id"] == result["id"]


@pytest.mark.parametrize("content", ["Text STOP to opt out", "reply cancel anytime", "Unsubscribe: reply U",
                                     "Say QUIT to leave", "Text End to end", "stop."])
def test_no_opt_out_added_when_a_keyword_is_present(callrail, content):
    assert sent(callrail, content)["recent_messages"][0]["content"] == content


@pytest.mark.parametrize("content, expected", [
    ("See you this weekend", f"See you this weekend. {OPT_OUT}"),   # "weekend" is not the word END
    ("Hi!", f"Hi! {OPT_OUT}"), ("Nonstop deals", f"Nonstop deals. {OPT_OUT}")])
def test_opt_out_added_to_the_first_text(callrail, content, expected):
    assert sent(callrail, content)["recent_messages"][0]["content"] == expected


def test_opt_out_only_on_the_first_text_to_a_lead(callrail):
    assert reply(callrail, "Hello?", tracking=SMS_1).status_code == 201
    first = sent(callrail, "Hi there")
    assert first["recent_messages"][0]["content"] == f"Hi there. {OPT_OUT}"
    second = sent(callrail, "Following up")
    assert second["recent_messages"][0]["content"] == "Following up"
    other = sent(callrail, "Hello", customer_phone_number="(404) 444-9999")
    assert other["recent_messages"][0]["content"] == f"Hello. {OPT_OUT}"


def test_threading_across_sends_and_simulated_replies(callrail):
    first = sent(callrail, "One STOP")
    callrail.control.advance(60)
    answer = reply(callrail, "Two")
    assert answer.status_code == 201
    assert answer.json()["id"] == first["id"]
    assert answer.json()["current_tracking_number"] == SMS_2
    assert answer.json()["initial_tracking_number"] == SMS_1
    assert answer.json()["last_message_at"] == "2026-03-10T15:01:00.000Z"
    callrail.control.advance(60)
    third = sent(callrail, "Three", tracking_number=...)  # continues on the current number
    assert third["id"] == first["id"] and third["current_tracking_number"] == SMS_2
    assert [m["content"] for m in third["recent_messages"]] == ["Three", "Two"]
    whole = conversation(callrail, first["id"])
    assert [(m["direction"], m["content"], m["status"]) for m in whole["messages"]] == [
        ("outgoing", "Three", "sent"), ("incoming", "Two", None), ("outgoing", "One STOP", "sent")]
    assert whole["messages"][0]["user"] == {"id": KEVIN, "name": "Kevin Mann"}
    assert whole["messages"][1]["user"] is None
    assert (whole["page"], whole["total_records"], whole["total_pages"]) == (1, 3, 1)
    assert conversations(callrail)["total_records"] == 1
    names = [e["name"] for e in callrail.control.get("/events")["events"] if e["name"].startswith("sms_")]
    assert names == ["sms_sent", "sms_received", "sms_sent"]


def test_messages_are_paginated_newest_first(callrail):
    sent(callrail, "m0 STOP")
    for n in range(1, 5):
        callrail.control.advance(10)
        sent(callrail, f"m{n}")
    conversation_id = conversations(callrail)["conversations"][0]["id"]
    page = conversation(callrail, conversation_id, per_page=2, page=2)
    assert [m["content"] for m in page["messages"]] == ["m2", "m1"]
    assert (page["page"], page["per_page"], page["total_pages"], page["total_records"]) == (2, 2, 3, 5)
    assert "recent_messages" not in page
    assert isinstance(page["messages"][0]["id"], int)
    response = callrail.api.get(f"{A}/text-messages/{conversation_id}.json", params={"per_page": 0})
    assert response.status_code == 400 and response.json()["parameter"] == "per_page"


def nothing_sent(callrail):
    assert conversations(callrail, date_range="today")["total_records"] == 0
    assert callrail.control.get("/events", name="sms_sent")["events"] == []


@pytest.mark.parametrize("field", ["company_id", "customer_phone_number", "content"])
def test_required_fields(callrail, field):
    response = send(callrail, **{field: ...})
    assert response.status_code == 400 and response.json()["parameter"] == field
    nothing_sent(callrail)


@pytest.mark.parametrize("overrides, parameter", [
    ({"content": "x" * 141}, "content"), ({"content": ""}, "content"), ({"content": "   "}, "content"),
    ({"content": 5}, "content"), ({"customer_phone_number": "12345"}, "customer_phone_number"),
    ({"customer_phone_number": "+442071234567"}, "customer_phone_number"),
    ({"tracking_number": "555"}, "tracking_number"), ({"tracking_number": NO_SMS}, "tracking_number"),
    ({"tracking_number": "+14045550000"}, "tracking_number"), ({"tracking_number": ...}, "tracking_number"),
    ({"company_id": BOBS_BURGERS}, "tracking_number"), ({"company_id": "COM123"}, "company_id"),
])
def test_invalid_sends_store_nothing(callrail, overrides, parameter):
    response = send(callrail, **overrides)
    assert response.status_code == 400, response.text
    assert response.json()["parameter"] == parameter
    nothing_sent(callrail)


def test_content_of_exactly_140_characters_is_accepted(callrail):
    assert send(callrail, "STOP " + "x" * 135).status_code == 201


def test_tracking_number_formats_and_numeric_company(callrail):
    result = sent(callrail, company_id=WIDGET_SHOP_NUMERIC, tracking_number=4045556677,
                  customer_phone_number="14044447788")
    assert result["current_tracking_number"] == SMS_1 and result["customer_phone_number"] == CUSTOMER


def test_roles(callrail):
    bobs = callrail.api.get(f"{A}/trackers.json", params={"company_id": BOBS_BURGERS}).json()["trackers"]
    number = next(t for t in bobs if t["sms_enabled"] and t["status"] == "active")["tracking_numbers"][0]
    response = send(callrail, key=REPORTING_KEY, company_id=BOBS_BURGERS, tracking_number=number)
    assert response.status_code == 403
    response = send(callrail, key=MANAGER_KEY)
    assert response.status_code == 400 and response.json()["parameter"] == "company_id"
    nothing_sent(callrail)
    mine = send(callrail, key=MANAGER_KEY, company_id=BOBS_BURGERS, tracking_number=number)
    assert mine.status_code == 201
    widget = sent(callrail, customer_phone_number="4044441111")
    manager = callrail.api.with_key(MANAGER_KEY)
    assert [c["id"] for c in manager.get(TEXTS).json()["conversations"]] == [mine.json()["id"]]
    assert manager.get(f"{A}/text-messages/{widget['id']}.json").status_code == 404


# -- the conversation list

def test_list_order_recent_messages_filters_and_search(callrail):
    a = sent(callrail, "first STOP", customer_phone_number="4041110000")
    callrail.control.advance(86400)
    b = sent(callrail, "second STOP", customer_phone_number="4042220000")
    callrail.control.advance(60)
    reply(callrail, "a replies", customer="4041110000", customer_name="WU ALICE")
    callrail.control.advance(60)
    reply(callrail, "a again", customer="4041110000")
    listing = conversations(callrail)["conversations"]
    assert [c["id"] for c in listing] == [a["id"], b["id"]]
    assert [m["content"] for m in listing[0]["recent_messages"]] == ["a again", "a replies"]
    assert listing[0]["customer_name"] == "WU ALICE" and listing[0]["formatted_customer_name"] == "Wu Alice"

    def ids(**params):
        return [c["id"] for c in conversations(callrail, **params)["conversations"]]

    assert ids(search="4042220000") == [b["id"]]
    assert ids(search="404-222-0000") == [b["id"]]
    assert ids(search="(404) 222-0000") == [b["id"]]
    assert ids(search="+1 404 222 0000") == [b["id"]]
    assert ids(search="404.111") == [a["id"]]
    assert ids(search="alice") == [a["id"]]
    assert ids(search="nobody") == []
    assert ids(start_date="2026-03-10", end_date="2026-03-10") == []
    assert ids(start_date="2026-03-11", end_date="2026-03-11") == [a["id"], b["id"]]
    assert ids(company_id=BOBS_BURGERS) == []
    assert ids(company_id=WIDGET_SHOP_NUMERIC) == [a["id"], b["id"]]
    assert conversations(callrail, fields="lead_status")["conversations"][0]["lead_status"] is None
    for params, parameter in [({"fields": "person_id"}, "fields"), ({"date_range": "x"}, "date_range"),
                              ({"company_id": "COM0"}, "company_id"), ({"sort": "id"}, "sort")]:
        response = callrail.api.get(TEXTS, params=params)
        assert response.status_code == 400 and response.json()["parameter"] == parameter


def test_unknown_conversation_is_404(callrail):
    assert callrail.api.get(f"{A}/text-messages/ZZZZZ.json").status_code == 404


# -- simulated inbound texts

def test_inbound_text_opens_a_conversation(callrail):
    response = reply(callrail, "Is anyone there?", tracking=SMS_1, customer="(678) 555-0100")
    assert response.status_code == 201
    result = response.json()
    assert list(result) == CONVERSATION_KEYS
    assert result["customer_phone_number"] == "+16785550100"
    assert result["recent_messages"] == [{"direction": "incoming", "content": "Is anyone there?",
                                          "created_at": "2026-03-10T15:00:00.000Z"}]
    event = callrail.control.get("/events", name="sms_received")["events"][-1]
    assert event["data"]["conversation_id"] == result["id"] and event["company_id"] == WIDGET_SHOP


@pytest.mark.parametrize("overrides, status, parameter", [
    ({"tracking_phone_number": "+14045550000"}, 404, None),
    ({"tracking_phone_number": NO_SMS}, 400, "tracking_phone_number"),
    ({"tracking_phone_number": "abc"}, 400, "tracking_phone_number"),
    ({"customer_phone_number": "123"}, 400, "customer_phone_number"),
    ({"content": ""}, 400, "content"), ({"content": None}, 400, "content"),
    ({"content": "x" * 1601}, 400, "content"), ({"content": " \n "}, 400, "content"),
])
def test_inbound_validation(callrail, overrides, status, parameter):
    body = {"tracking_phone_number": SMS_1, "customer_phone_number": CUSTOMER, "content": "hi", **overrides}
    response = callrail.control.request("POST", INBOUND, body)
    assert response.status_code == status
    if parameter:
        assert response.json()["parameter"] == parameter
    assert conversations(callrail, date_range="today")["total_records"] == 0
    assert callrail.control.get("/events", name="sms_received")["events"] == []


def test_a_long_inbound_text_is_kept_whole(callrail):
    response = reply(callrail, "y" * 1600, tracking=SMS_1)
    assert response.status_code == 201
    assert response.json()["recent_messages"][0]["content"] == "y" * 1600


def test_inbound_for_an_unknown_account_is_404(callrail):
    response = callrail.control.request("POST", "/a/ACC00000000000000000000000000000000/text-messages",
                                        {"tracking_phone_number": SMS_1, "customer_phone_number": CUSTOMER,
                                         "content": "hi"})
    assert response.status_code == 404


def test_docs_seed_has_the_doc_conversations(callrail):
    callrail.control.freeze("2016-08-01T12:00:00Z")
    callrail.control.reset("docs", keep_clock=True)
    listing = conversations(callrail, start_date="2016-07-01")["conversations"]
    assert {c["id"] for c in listing} >= {"KZaGR", "KZaGY", "KkMhr"}
    kzagr = next(c for c in listing if c["id"] == "KZaGR")
    assert kzagr["customer_name"] == "MANN KEVIN" and kzagr["formatted_customer_name"] == "Mann Kevin"
    assert (kzagr["initial_tracking_number"], kzagr["current_tracking_number"]) == (SMS_1, SMS_2)
    assert kzagr["recent_messages"][0]["content"].startswith("Awww!")
    single = conversation(callrail, "KkMhr")
    assert single["messages"][0]["id"] == 23456
