"""One person across channels: a caller who texts and submits a form keeps one person_id, and a
good lead on one channel shows as previously_marked_good_lead on the others."""
from __future__ import annotations

import json

import pytest

from contract_tests.docs_seed import ACCOUNT, WIDGET_SHOP, A
from contract_tests.webhook_receiver import Receiver

pytestmark = pytest.mark.callrail_seed("docs")
CALL_NUMBER = "+14045559999"   # Widget Shop tracker without SMS
SMS_NUMBER = "+14045556677"    # Widget Shop, SMS-enabled


@pytest.fixture(autouse=True)
def frozen(callrail):
    callrail.control.freeze("2026-03-10T15:00:00Z")


def call(callrail, customer, name=None) -> dict:
    body = {"tracking_phone_number": CALL_NUMBER, "customer_phone_number": customer}
    if name:
        body["customer_name"] = name
    created = callrail.control.post(f"/a/{ACCOUNT}/calls", body)
    response = callrail.api.get(f"{A}/calls/{created['id']}.json", params={"fields": "person_id,lead_status"})
    assert response.status_code == 200
    return response.json()


def form(callrail, phone) -> dict:
    response = callrail.api.post(f"{A}/form_submissions.json", json={"form_submission": {
        "company_id": WIDGET_SHOP, "referrer": "direct", "referring_url": "", "landing_page_url": "https://w.example/",
        "form_url": "https://w.example/contact", "form_data": {"full_name": "Jane Doe", "phone": phone}}})
    assert response.status_code == 201, response.text
    return response.json()


def text_in(callrail, customer, content="Hello") -> dict:
    conversation = callrail.control.post(f"/a/{ACCOUNT}/text-messages", {
        "tracking_phone_number": SMS_NUMBER, "customer_phone_number": customer, "content": content})
    event = callrail.control.get("/events", name="sms_received")["events"][-1]
    return {**conversation, "person_id": event["data"]["person_id"]}


def text_out(callrail, customer, content="Thanks STOP") -> str:
    response = callrail.api.post(f"{A}/text-messages.json", json={
        "company_id": WIDGET_SHOP, "customer_phone_number": customer, "content": content})
    assert response.status_code == 201, response.text
    return callrail.control.get("/events", name="sms_sent")["events"][-1]["data"]["person_id"]


def lead_status_of(callrail, conversation_id):
    return callrail.api.get(f"{A}/text-messages/{conversation_id}.json",
                            params={"fields": "lead_status"}).json()["lead_status"]


def test_a_caller_who_texts_and_submits_a_form_is_one_person(callrail):
    caller = call(callrail, "404-555-0123", "DOE JANE")
    person = caller["person_id"]
    assert person.startswith("PER")
    callrail.control.advance(60)
    conversation = text_in(callrail, "(404) 555-0123")
    assert conversation["person_id"] == person
    assert conversation["customer_name"] == "DOE JANE"
    assert text_out(callrail, "4045550123") == person
    callrail.control.advance(60)
    submission = form(callrail, "+1 404 555 0123")
    assert submission["person_id"] == person
    assert submission["first_form"] is True


def test_a_texter_who_later_calls_is_the_same_person(callrail):
    conversation = text_in(callrail, "770-555-0101")
    callrail.control.advance(60)
    assert call(callrail, "7705550101")["person_id"] == conversation["person_id"]
    assert form(callrail, "770.555.0101")["person_id"] == conversation["person_id"]


def test_a_good_lead_call_marks_later_forms_and_the_conversation(callrail):
    caller = call(callrail, "404-555-0123")
    conversation = text_in(callrail, "404-555-0123")
    assert lead_status_of(callrail, conversation["id"]) is None
    assert callrail.api.put(f"{A}/calls/{caller['id']}.json", json={"lead_status": "good_lead"}).status_code == 200
    assert lead_status_of(callrail, conversation["id"]) == "previously_marked_good_lead"
    callrail.control.advance(3600)
    submission = form(callrail, "4045550123")
    listed = callrail.api.get(f"{A}/form_submissions.json", params={"fields": "lead_status"}).json()
    assert next(f for f in listed["form_submissions"] if f["id"] == submission["id"])["lead_status"] == \
        "previously_marked_good_lead"
    response = callrail.api.put(f"{A}/form_submissions/{submission['id']}.json", json={"lead_status": "good_lead"})
    assert response.status_code == 400 and response.json()["parameter"] == "lead_status"


def test_a_good_lead_form_marks_later_calls(callrail):
    submission = form(callrail, "678-555-0142")
    callrail.api.put(f"{A}/form_submissions/{submission['id']}.json", json={"lead_status": "good_lead"})
    callrail.control.advance(3600)
    later = call(callrail, "6785550142")
    assert later["person_id"] == submission["person_id"]
    assert later["lead_status"] == "previously_marked_good_lead"
    conversation = text_in(callrail, "6785550142")
    assert lead_status_of(callrail, conversation["id"]) == "previously_marked_good_lead"


def test_webhooks_show_a_client_the_callers_person_on_texts(callrail):
    """What a client sees without the control plane: the call's person_id (field selection) is the
    person_resource_id of both text webhooks and the form's person_id."""
    receiver = Receiver()
    try:
        base = f"{A}/integrations"
        config = {"sms_received_webhook": [receiver.url("/in")], "sms_sent_webhook": [receiver.url("/out")]}
        listed = callrail.api.get(f"{base}.json", params={"company_id": WIDGET_SHOP}).json()["integrations"]
        hook = next((i for i in listed if i["type"] == "Webhooks"), None)
        if hook is None:
            hook = callrail.api.post(f"{base}.json", json={"type": "Webhooks", "company_id": WIDGET_SHOP,
                                                           "config": config}).json()
        assert callrail.api.put(f"{base}/{hook['id']}.json",
                                json={"state": "active", "config": config}).status_code == 200
        person = call(callrail, "404-555-0123")["person_id"]
        text_in(callrail, "4045550123")
        text_out(callrail, "(404) 555-0123")
        callrail.control.post("/webhooks/flush")
        bodies = {d["event"]: json.loads(d["request_body"]) for d in callrail.control.get("/webhooks")["deliveries"]}
        assert bodies["sms_received"]["person_resource_id"] == person
        assert bodies["sms_sent"]["person_resource_id"] == person
        assert form(callrail, "404.555.0123")["person_id"] == person
    finally:
        receiver.close()
