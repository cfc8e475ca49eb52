"""Webhooks: every documented event reaches a real local receiver, signed with the company's
key from the integrations API, in the documented shape ("Webhooks", "Integrations")."""
from __future__ import annotations

import pytest

from contract_tests.webhook_receiver import receiver_fixture  # noqa: F401 (the `receiver` fixture)
from emulator.webhooks.signing import verify

pytestmark = pytest.mark.callrail_seed("docs")  # small and quick to reset

EVENTS = ("pre_call", "answered_call", "post_call", "updated_call", "post_outbound_call",
          "updated_outbound_call", "sms_received", "sms_sent", "form_captured")


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


# The doc's example body (Webhooks > Form Submission), in its order; `timestamp` is appended.
FORM_KEYS = ["id", "company_id", "form_data", "form_url", "landing_page_url", "referrer", "referring_url",
             "submitted_at", "first_form", "source", "keywords", "campaign", "medium", "utm_source",
             "utm_medium", "utm_campaign", "timestamp"]


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
    assert list(body) == FORM_KEYS
    assert body["id"] == form["id"] and body["company_id"] == company["id"]
    assert body["form_data"]["email"] == "jane@example.com"
    assert body["timestamp"]


def sms_tracker(callrail, company_id: str) -> dict:
    listed = callrail.api.get(f"/v3/a/{callrail.account_id}/trackers.json",
                              params={"company_id": company_id}).json()["trackers"]
    return next(t for t in listed if t["status"] == "active" and t["sms_enabled"] and t["tracking_numbers"])


TEXT_KEYS = ["id", "resource_id", "source_number", "destination_number", "content", "timestamp", "lead_status",
             "conversation_id", "company_resource_id", "person_resource_id"]


def test_text_message_webhooks_received_and_sent(callrail, receiver):
    company = first_company(callrail)
    integration = configure(callrail, receiver, company["id"])
    number = sms_tracker(callrail, company["id"])["tracking_numbers"][0]
    callrail.control.post(f"/a/{callrail.account_id}/text-messages", {
        "tracking_phone_number": number, "customer_phone_number": "+14045550199", "content": "Hi there"})
    answer = callrail.api.post(f"/v3/a/{callrail.account_id}/text-messages.json", json={
        "company_id": company["id"], "customer_phone_number": "+14045550199", "tracking_number": number,
        "content": "Thanks, we will call you back."})
    assert answer.status_code in (200, 201), answer.text
    logged = deliveries(callrail)
    assert [d["event"] for d in logged] == ["sms_received", "sms_sent"]
    assert receiver.paths() == ["/sms_received", "/sms_sent"]
    received, sent = (r["json"] for r in receiver.requests)
    assert list(received) == TEXT_KEYS
    assert list(sent) == TEXT_KEYS[:2] + ["agent"] + TEXT_KEYS[2:]
    assert received["content"] == "Hi there" and received["company_resource_id"] == company["id"]
    assert received["source_number"] == "404-555-0199"
    assert sent["destination_number"] == "404-555-0199" and sent["agent"]
    assert received["conversation_id"] == sent["conversation_id"]
    for request in receiver.requests:
        assert verify(integration["signing_key"], request["raw"], request["headers"]["Signature"])


def test_sync_mode_delivers_before_the_api_answers(callrail, receiver):
    company = first_company(callrail)
    configure(callrail, receiver, company["id"], mode="sync")
    assert callrail.control.get("/webhooks/settings")["mode"] == "sync"
    submit_form(callrail, company["id"])
    assert receiver.paths() == ["/form_captured"]  # no flush: already delivered
    [delivery] = callrail.control.get("/webhooks")["deliveries"]
    assert delivery["status"] == "delivered" and delivery["attempted_at"]


def test_async_mode_delivers_in_the_background_without_a_flush(callrail, receiver):
    company = first_company(callrail)
    configure(callrail, receiver, company["id"], mode="async")
    submit_form(callrail, company["id"])
    assert receiver.arrived.wait(60)  # a bound, not a timing assertion
    assert receiver.paths() == ["/form_captured"]


def test_only_configured_events_and_active_integrations_are_delivered(callrail, receiver):
    company = first_company(callrail)
    integration = configure(callrail, receiver, company["id"], events=("sms_received",))
    submit_form(callrail, company["id"])
    assert deliveries(callrail) == [] and receiver.requests == []
    configure(callrail, receiver, company["id"])
    callrail.api.delete(f"/v3/a/{callrail.account_id}/integrations/{integration['id']}.json")
    submit_form(callrail, company["id"])
    assert deliveries(callrail) == [] and receiver.requests == []


def test_every_configured_url_gets_the_same_signed_body(callrail, receiver):
    company = first_company(callrail)
    integration = configure(callrail, receiver, company["id"])
    callrail.api.put(f"/v3/a/{callrail.account_id}/integrations/{integration['id']}.json", json={
        "config": {"form_captured_webhook": [receiver.url("/one"), receiver.url("/two")]}})
    submit_form(callrail, company["id"])
    logged = deliveries(callrail)
    assert sorted(d["url"] for d in logged) == [receiver.url("/one"), receiver.url("/two")]
    assert sorted(receiver.paths()) == ["/one", "/two"]
    first, second = receiver.requests
    assert first["raw"] == second["raw"] and first["headers"]["Signature"] == second["headers"]["Signature"]


def test_delivery_log_filters_and_single_delivery(callrail, receiver):
    company = first_company(callrail)
    configure(callrail, receiver, company["id"])
    submit_form(callrail, company["id"])
    number = sms_tracker(callrail, company["id"])["tracking_numbers"][0]
    callrail.control.post(f"/a/{callrail.account_id}/text-messages", {
        "tracking_phone_number": number, "customer_phone_number": "+14045550111", "content": "Hello"})
    everything = deliveries(callrail)
    assert [d["event"] for d in everything] == ["form_captured", "sms_received"]
    assert [d["id"] for d in everything] == sorted(d["id"] for d in everything)
    assert [d["event"] for d in deliveries(callrail, event="sms_received")] == ["sms_received"]
    assert deliveries(callrail, status="failed") == []
    one = callrail.control.get(f"/webhooks/{everything[0]['id']}")
    assert one["request_body"] == everything[0]["request_body"]
    for key in ("id", "event", "url", "request_headers", "request_body", "status_code", "error", "attempted_at"):
        assert key in one
    assert callrail.control.request("GET", "/webhooks/999999").status_code == 404
    first_id = everything[0]["id"]
    assert [d["id"] for d in deliveries(callrail, after=first_id)] == [everything[1]["id"]]
    assert [d["id"] for d in deliveries(callrail, limit=1)] == [first_id]
    for parameter, value in (("after", "-1"), ("limit", "-1"), ("limit", "9" * 30), ("event", "post-call"),
                             ("status", "done"), ("integration_id", "9" * 30), ("integration_id", "one")):
        answer = callrail.control.request("GET", "/webhooks", **{parameter: value})
        assert answer.status_code == 400 and answer.json()["parameter"] == parameter, (parameter, value)
    for route in (f"/webhooks/{'9' * 30}", "/webhooks/999999"):
        answer = callrail.control.request("GET", route)
        assert answer.status_code == 404 and answer.json()["parameter"] == "delivery_id"
        answer = callrail.control.request("POST", f"{route}/redeliver")
        assert answer.status_code == 404 and answer.json()["parameter"] == "delivery_id"


def test_seeding_and_reset_send_nothing_and_clear_the_log(callrail, receiver):
    company = first_company(callrail)
    configure(callrail, receiver, company["id"])
    submit_form(callrail, company["id"])
    assert len(deliveries(callrail)) == 1
    callrail.control.reset("docs")
    assert deliveries(callrail) == []
    assert callrail.control.get("/webhooks/settings")["mode"] == "async"
    assert len(receiver.requests) == 1


def test_redeliver_sends_the_same_signed_request_again(callrail, receiver):
    company = first_company(callrail)
    configure(callrail, receiver, company["id"])
    submit_form(callrail, company["id"])
    [original] = deliveries(callrail)
    answer = callrail.control.request("POST", f"/webhooks/{original['id']}/redeliver")
    assert answer.status_code == 201
    again = answer.json()
    assert again["id"] != original["id"] and again["redelivery_of"] == original["id"]
    assert again["request_body"] == original["request_body"]
    logged = deliveries(callrail)
    assert [d["id"] for d in logged] == [original["id"], again["id"]]
    assert logged[1]["status_code"] == 200
    first, second = receiver.requests
    assert first["raw"] == second["raw"] and first["headers"]["Signature"] == second["headers"]["Signature"]
    assert callrail.control.request("POST", "/webhooks/424242/redeliver").status_code == 404


@pytest.mark.parametrize("body, parameter", [
    ({"mode": "sometimes"}, "mode"),
    ({"timeout": 0}, "timeout"),
    ({"timeout": "5"}, "timeout"),
    ({"failure_limit": -1}, "failure_limit"),
    ({"failure_limit": 2.5}, "failure_limit"),
    ({"failure_limit": 10**30}, "failure_limit"),
    ({"timeout": 10**30}, "timeout"),
    ({"mode": {"nested": ["sync"]}}, "mode"),
    ({"mode": None}, "mode"),
    ({"retries": 3}, "retries"),
])
def test_settings_validation(callrail, body, parameter):
    before = callrail.control.get("/webhooks/settings")
    answer = callrail.control.request("PUT", "/webhooks/settings", body)
    assert answer.status_code == 400 and answer.json()["parameter"] == parameter
    assert callrail.control.get("/webhooks/settings") == before


def test_settings_round_trip(callrail):
    answer = callrail.control.put("/webhooks/settings", {"mode": "sync", "timeout": 2.5, "failure_limit": 4})
    assert answer == {"mode": "sync", "timeout": 2.5, "failure_limit": 4}
    assert callrail.control.get("/webhooks/settings") == answer
    assert callrail.control.put("/webhooks/settings", {"mode": "async"})["failure_limit"] == 4


def test_flush_validation(callrail):
    for timeout in ("soon", 10**30, -1, {"s": 1}, True):
        answer = callrail.control.request("POST", "/webhooks/flush", {"timeout": timeout})
        assert answer.status_code == 400 and answer.json()["parameter"] == "timeout"
    assert callrail.control.post("/webhooks/flush") == {"attempted": 0, "pending": 0}


@pytest.mark.parametrize("seed", ["docs", "demo"])
def test_seeded_integrations_point_nowhere(callrail, seed):
    """The emulator only ever POSTs to URLs a user configured: no seed configures one."""
    callrail.control.reset(seed)
    for account in {k["account_id"]: k for k in callrail.control.get("/credentials")["api_keys"]
                    if k["role"] == "admin"}.values():
        api = callrail.api.with_key(account["key"])
        companies = api.get(f"/v3/a/{account['account_id']}/companies.json",
                            params={"per_page": 250}).json()["companies"]
        for company in companies:
            listed = api.get(f"/v3/a/{account['account_id']}/integrations.json",
                             params={"company_id": company["id"], "per_page": 250}).json()["integrations"]
            for integration in listed:
                if integration["type"] == "Webhooks":
                    assert not any(integration["config"].get(f"{e}_webhook") for e in EVENTS), integration


def test_firing_an_event_for_a_unicode_digit_id_is_a_404(callrail):
    answer = callrail.control.request("POST", f"/a/{callrail.account_id}/events",
                                      {"event": "sms_received", "text_message_id": "²"})
    assert answer.status_code == 404, answer.text
