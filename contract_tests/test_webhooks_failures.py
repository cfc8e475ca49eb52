"""Webhook failures: recorded, never retried, the integration goes `failed` after consecutive
failures ("Webhooks" > "Responding"), and a slow or unreachable receiver never slows or breaks
the API's answer."""
from __future__ import annotations

import socket

import pytest

from contract_tests.test_webhooks import configure, deliveries, first_company, submit_form
from contract_tests.webhook_receiver import Receiver

pytestmark = pytest.mark.callrail_seed("docs")


@pytest.fixture
def failing():
    server = Receiver(status=500)
    yield server
    server.close()


def integration_state(callrail, integration_id: int) -> str:
    return callrail.api.get(f"/v3/a/{callrail.account_id}/integrations/{integration_id}.json").json()["state"]


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_non_2xx_is_recorded_and_never_retried(callrail, failing):
    company = first_company(callrail)
    configure(callrail, failing, company["id"])
    submit_form(callrail, company["id"])
    [delivery] = deliveries(callrail)
    assert delivery["status_code"] == 500 and delivery["status"] == "failed"
    assert "500" in delivery["error"] and delivery["attempted_at"]
    callrail.control.post("/webhooks/flush")
    assert len(failing.requests) == 1 and len(deliveries(callrail)) == 1


def forms_delivered_to(callrail, receiver, url):
    """Points form webhooks at `url`, submits one form in async and one in sync mode (each must
    answer 201 whatever the receiver does), and returns the delivery log."""
    company = first_company(callrail)
    integration = configure(callrail, receiver, company["id"])
    callrail.api.put(f"/v3/a/{callrail.account_id}/integrations/{integration['id']}.json",
                     json={"config": {"form_captured_webhook": [url]}})
    for mode in ("async", "sync"):
        callrail.control.put("/webhooks/settings", {"mode": mode})
        submit_form(callrail, company["id"])  # asserts 201
    return deliveries(callrail)


def test_unreachable_receiver_is_recorded_and_the_api_answers(callrail, failing):
    url = f"http://127.0.0.1:{closed_port()}/gone"
    logged = forms_delivered_to(callrail, failing, url)
    assert [d["url"] for d in logged] == [url, url]
    for delivery in logged:
        assert delivery["status_code"] is None and "connection" in delivery["error"]


def test_a_host_that_cannot_resolve_fails_at_once_without_a_dns_lookup(callrail, failing):
    """`.invalid` never resolves (RFC 6761): the emulator does not even ask a DNS server."""
    url = "http://nonexistent.invalid/hook"
    logged = forms_delivered_to(callrail, failing, url)
    assert [d["url"] for d in logged] == [url, url] and failing.requests == []
    for delivery in logged:
        assert delivery["status"] == "failed" and delivery["status_code"] is None
        assert "never resolves" in delivery["error"]


def test_consecutive_failures_mark_the_integration_failed(callrail, failing):
    company = first_company(callrail)
    integration = configure(callrail, failing, company["id"])
    callrail.control.put("/webhooks/settings", {"failure_limit": 3})
    for _ in range(2):
        submit_form(callrail, company["id"])
    deliveries(callrail)
    assert integration_state(callrail, integration["id"]) == "active"
    submit_form(callrail, company["id"])
    assert len(deliveries(callrail)) == 3
    assert integration_state(callrail, integration["id"]) == "failed"
    submit_form(callrail, company["id"])  # a failed integration receives nothing
    assert len(deliveries(callrail)) == 3 and len(failing.requests) == 3
    # Re-activated through the API, it gets a fresh allowance.
    callrail.api.put(f"/v3/a/{callrail.account_id}/integrations/{integration['id']}.json", json={"state": "active"})
    submit_form(callrail, company["id"])
    assert len(deliveries(callrail)) == 4
    assert integration_state(callrail, integration["id"]) == "active"


def test_a_success_resets_the_failure_count(callrail, failing):
    company = first_company(callrail)
    integration = configure(callrail, failing, company["id"])
    callrail.control.put("/webhooks/settings", {"failure_limit": 2})
    submit_form(callrail, company["id"])
    deliveries(callrail)
    failing.status = 200
    submit_form(callrail, company["id"])
    deliveries(callrail)
    failing.status = 500
    submit_form(callrail, company["id"])
    assert [d["status_code"] for d in deliveries(callrail)] == [500, 200, 500]
    assert integration_state(callrail, integration["id"]) == "active"
    submit_form(callrail, company["id"])
    deliveries(callrail)
    assert integration_state(callrail, integration["id"]) == "failed"


def test_failure_limit_zero_never_disables(callrail, failing):
    company = first_company(callrail)
    integration = configure(callrail, failing, company["id"])
    callrail.control.put("/webhooks/settings", {"failure_limit": 0})
    for _ in range(3):
        submit_form(callrail, company["id"])
    assert len(deliveries(callrail)) == 3
    assert integration_state(callrail, integration["id"]) == "active"


def test_a_sleeping_receiver_does_not_hold_the_api_answer(callrail):
    sleeper = Receiver(delay=120)  # answers only when released
    try:
        company = first_company(callrail)
        configure(callrail, sleeper, company["id"])
        submit_form(callrail, company["id"])  # answered while the receiver has not answered yet
        [pending] = callrail.control.get("/webhooks")["deliveries"]
        assert pending["status"] in ("queued", "sending") and pending["attempted_at"] is None
        assert pending["status_code"] is None
        submit_form(callrail, company["id"])  # a second write is not blocked either
        sleeper.release.set()
        logged = deliveries(callrail)
        assert [d["status_code"] for d in logged] == [200, 200]
    finally:
        sleeper.close()


def test_a_receiver_slower_than_the_timeout_is_a_recorded_failure(callrail):
    sleeper = Receiver(delay=120)
    try:
        company = first_company(callrail)
        configure(callrail, sleeper, company["id"])
        callrail.control.put("/webhooks/settings", {"timeout": 0.2})
        submit_form(callrail, company["id"])
        [delivery] = deliveries(callrail)
        assert delivery["status"] == "failed" and "timeout" in delivery["error"]
        assert delivery["status_code"] is None
    finally:
        sleeper.close()


def test_a_receiver_streaming_an_endless_answer_cannot_hold_a_sender(callrail):
    """The status decides the outcome; only the start of the answer is read (and logged)."""
    streamer = Receiver(body=b"x" * 3000, endless=True)
    try:
        company = first_company(callrail)
        configure(callrail, streamer, company["id"])
        callrail.control.put("/webhooks/settings", {"timeout": 30})
        submit_form(callrail, company["id"])
        [delivery] = callrail.control.post("/webhooks/flush", {"timeout": 20}) and deliveries(callrail)
        assert delivery["status"] == "delivered" and delivery["status_code"] == 200
        assert delivery["response_body"] == "x" * 2000
    finally:
        streamer.close()
