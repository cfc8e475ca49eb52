"""Text messages under hostile input: wrong types, huge numbers, nested objects, unicode and
length at the 140-character edge, other accounts' ids. Never a 5xx; every 400 names the
parameter; nothing is stored or published."""
from __future__ import annotations

import pytest

from contract_tests.docs_seed import (
    ACCOUNT,
    OTHER_ACCOUNT,
    OTHER_ADMIN_KEY,
    WIDGET_SHOP,
    WIDGET_SHOP_2,
    A,
)

pytestmark = pytest.mark.callrail_seed("docs")
TEXTS = f"{A}/text-messages.json"
INBOUND = f"/a/{ACCOUNT}/text-messages"
SMS_1 = "+14045556677"
BODY = {"company_id": WIDGET_SHOP, "tracking_number": SMS_1, "customer_phone_number": "404-444-7788",
        "content": "Hello STOP"}
HOSTILE = [10 ** 30, -1, 1.5, True, [], {}, {"a": {"b": [1]}}, ["x"]]


@pytest.fixture(autouse=True)
def frozen(callrail):
    callrail.control.freeze("2026-03-10T15:00:00Z")


def assert_400(response, parameter):
    assert response.status_code == 400, (parameter, response.status_code, response.text)
    assert response.json()["parameter"] == parameter, response.text


def nothing_stored(callrail):
    assert callrail.api.get(TEXTS, params={"date_range": "today"}).json()["total_records"] == 0
    assert [e for e in callrail.control.get("/events")["events"] if e["name"].startswith("sms_")] == []


def other_account_sms_number(callrail) -> str:
    trackers = callrail.api.get(f"/v3/a/{OTHER_ACCOUNT}/trackers.json").json()["trackers"]
    return next(t for t in trackers if t["sms_enabled"] and t["status"] == "active")["tracking_numbers"][0]


@pytest.mark.parametrize("field", list(BODY))
def test_send_rejects_wrong_types_for_every_field(callrail, field):
    extra = {"content": [None, ""], "tracking_number": ["😀"]}.get(field, [None, "😀", ""])
    for value in HOSTILE + extra:  # an omitted tracking_number is its own rule (test_text_messages)
        assert_400(callrail.api.post(TEXTS, json={**BODY, field: value}), field)
    nothing_stored(callrail)


@pytest.mark.parametrize("content, status", [
    ("😀" * 140, 201), ("😀" * 141, 400), ("é" * 140, 201), ("é" * 141, 400), ("日本語" * 46 + "ab", 201),
    ("x" * 141, 400), ("x" * 5000, 400), ("\n" * 3, 400)])
def test_content_length_counts_characters(callrail, content, status):
    response = callrail.api.post(TEXTS, json={**BODY, "content": content})
    assert response.status_code == status, response.text
    if status == 400:
        assert response.json()["parameter"] == "content"
        nothing_stored(callrail)
    else:
        sent = response.json()["recent_messages"][0]["content"]
        assert sent.startswith(content) and len(sent) > 140  # opt-out text appended after the limit check


def test_other_accounts_company_and_number_are_rejected(callrail):
    assert_400(callrail.api.post(TEXTS, json={**BODY, "company_id": WIDGET_SHOP_2}), "company_id")
    number = other_account_sms_number(callrail)
    assert_400(callrail.api.post(TEXTS, json={**BODY, "tracking_number": number}), "tracking_number")
    nothing_stored(callrail)
    inbound = callrail.control.request("POST", INBOUND, {"tracking_phone_number": number,
                                                         "customer_phone_number": "4044447788", "content": "hi"})
    assert inbound.status_code == 404
    nothing_stored(callrail)


def test_other_accounts_cannot_read_a_conversation(callrail):
    created = callrail.api.post(TEXTS, json=BODY).json()
    assert callrail.api.get(f"/v3/a/{OTHER_ACCOUNT}/text-messages/{created['id']}.json").status_code == 404
    assert callrail.api.get(f"/v3/a/{OTHER_ACCOUNT}/text-messages.json").json()["total_records"] == 0
    stranger = callrail.api.with_key(OTHER_ADMIN_KEY)
    assert stranger.get(f"{A}/text-messages/{created['id']}.json").status_code == 404
    for weird in ("ZZZZZ", "%F0%9F%98%80", "x" * 500, created["id"].lower() if created["id"] != created[
            "id"].lower() else created["id"].upper()):
        assert callrail.api.get(f"{A}/text-messages/{weird}.json").status_code == 404, weird


@pytest.mark.parametrize("field", ["tracking_phone_number", "customer_phone_number", "content", "customer_name"])
def test_simulated_inbound_rejects_wrong_types(callrail, field):
    body = {"tracking_phone_number": SMS_1, "customer_phone_number": "4044447788", "content": "hi"}
    for value in HOSTILE:
        response = callrail.control.request("POST", INBOUND, {**body, field: value})
        assert_400(response, field)
    nothing_stored(callrail)


def test_unicode_round_trips_through_a_conversation(callrail):
    created = callrail.api.post(TEXTS, json={**BODY, "content": "Grüße 😀 STOP"}).json()
    reply = callrail.control.request("POST", INBOUND, {"tracking_phone_number": SMS_1,
                                                       "customer_phone_number": "4044447788",
                                                       "content": "Danke 🙏", "customer_name": "ZOË MÜLLER"})
    assert reply.status_code == 201 and reply.json()["id"] == created["id"]
    assert reply.json()["formatted_customer_name"] == "Zoë Müller"
    found = callrail.api.get(TEXTS, params={"search": "MÜLLER"}).json()["conversations"]
    assert [c["id"] for c in found] == [created["id"]]
    messages = callrail.api.get(f"{A}/text-messages/{created['id']}.json").json()["messages"]
    assert [m["content"] for m in messages] == ["Danke 🙏", "Grüße 😀 STOP"]
