"""Webhooks: every documented event reaches a real local receiver, signed with the company's
key from the integrations API, in the documented shape ("Webhooks", "Integrations")."""
from __future__ import annotations

import pytest

from contract_tests.webhook_receiver import Receiver
from emulator.webhooks.signing import verify

EVENTS = ("pre_call", "answered_call", "post_call", "updated_call", "post_outbound_call",
          "updated_outbound_call", "sms_received", "sms_sent", "form_captured")


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


def first_company(callrail) -> dict:
    return callrail.api.get(f"/v3/a/{callrail.account_id}/companies.json",
                            params={"sort": "name"}).json()["companies"][0]


def configure(callrail, receiver, company_id: str, events=EVENTS, mode: str = "async") -> dict:
    """Point the company's Webhooks integration at the receiver (one path per event) through the
    public API; answer the integration with its signing key."""
    base = f"/v3/a/{callrail.account_id}/integrations"
    listed = callrail.api.get(f"{base}.json", params={"company_id": company_id}).json()["integrations"]
    hook = next((i for i in listed if i["type"] == "Webhooks"), None)
    config = {f"{e}_webhook": [receiver.url(f"/{e}")] if e in events else [] for e in EVENTS}
    if hook is None:
        answer = callrail.api.post(f"{base}.json", json={"type": "Webhooks", "company_id": company_id,
                                                          "config": config})
        assert answer.status_code == 201, answer.text
        hook = answer.json()
    answer = callrail.api.put(f"{base}/{hook['id']}.json", json={"state": "active", "config": config})
    assert answer.status_code == 200, answer.text
    shown = callrail.api.get(f"{base}/{hook['id']}.json", params={"fields": "signing_key"}).json()
    callrail.control.put("/webhooks/settings", {"mode": mode})
    return shown


def deliveries(callrail, **filters) -> list[dict]:
    callrail.control.post("/webhooks/flush")
    return callrail.control.get("/webhooks", **filters)["deliveries"]


def submit_form(callrail, company_id: str) -> dict:
    answer = callrail.api.post(f"/v3/a/{callrail.account_id}/form_submissions.json", json={
        "company_id": company_id, "referrer": "google", "referring_url": "https://www.google.com/",
        "landing_page_url": "https://www.example.com/?utm_source=google&utm_medium=cpc",
        "form_url": "https://www.example.com/contact",
        "form_data": {"name": "Jane Doe", "email": "jane@example.com", "phone": "404-555-0142"}})
    assert answer.status_code == 201, answer.text
    return answer.json()


FORM_KEYS = {"id", "company_id", "form_data", "form_url", "landing_page_url", "referrer", "submitted_at",
             "referring_url", "first_form", "source", "keywords", "campaign", "medium", "utm_source",
             "utm_medium", "utm_campaign", "timestamp"}


def test_form_submission_webhook_is_signed_and_documented(callrail, receiver):
    company = first_company(callrail)
    integration = configure(callrail, receiver, company["id"])
    form = submit_form(callrail, company["id"])
    [delivery] = deliveries(callrail, event="form_captured")
    assert delivery["status_code"] == 200 and delivery["error"] is None
    assert delivery["url"] == receiver.url("/form_captured")
    [received] = receiver.requests
    assert received["path"] == "/form_captured"
    assert received["raw"].decode() == delivery["request_body"]
    assert verify(integration["signing_key"], received["raw"], received["headers"]["Signature"])
    assert received["headers"]["Content-Type"] == "application/json"
    body = received["json"]
    assert FORM_KEYS <= set(body)
    assert body["id"] == form["id"] and body["company_id"] == company["id"]
    assert body["form_data"]["email"] == "jane@example.com"
    assert body["timestamp"]
