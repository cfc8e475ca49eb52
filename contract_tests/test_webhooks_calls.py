"""Call webhooks: the six call events in order and in the documented shape, `changes` on call
modified, outbound calls, firing any event for an existing record, and integration triggers."""
from __future__ import annotations

import json

import pytest

from contract_tests.test_webhooks import EVENTS, configure, deliveries, first_company, sms_tracker, submit_form
from contract_tests.webhook_receiver import receiver_fixture  # noqa: F401 (the `receiver` fixture)
from emulator.webhooks.signing import verify
from tests.test_signing import DOC_BODY

pytestmark = pytest.mark.callrail_seed("docs")
DOC_CALL_KEYS = list(json.loads(DOC_BODY))


@pytest.fixture
def hooked(callrail, receiver):
    """The first company's Webhooks integration pointed at the receiver: (company, integration, tracker)."""
    company = first_company(callrail)
    integration = configure(callrail, receiver, company["id"])
    return company, integration, sms_tracker(callrail, company["id"])


def simulate(callrail, tracker: dict, customer: str = "+14045550123", **extra) -> dict:
    return callrail.control.post(f"/a/{callrail.account_id}/calls", {
        "tracking_phone_number": tracker["tracking_numbers"][0], "customer_phone_number": customer, **extra})


def bodies(receiver, path: str) -> list[dict]:
    return [r["json"] for r in receiver.requests if r["path"] == path]


def update_call(callrail, call_id: str, changes: dict) -> dict:
    answer = callrail.api.put(f"/v3/a/{callrail.account_id}/calls/{call_id}.json", json=changes)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_answered_call_fires_pre_call_routing_complete_and_post_call_in_order(callrail, receiver, hooked):
    company, integration, tracker = hooked
    call = simulate(callrail, tracker, answered=True, duration=95, customer_name="Kaylah Mills")
    logged = deliveries(callrail)
    assert [d["event"] for d in logged] == ["pre_call", "answered_call", "post_call"]
    assert receiver.paths() == ["/pre_call", "/answered_call", "/post_call"]
    for request in receiver.requests:
        assert verify(integration["signing_key"], request["raw"], request["headers"]["Signature"])
        assert request["json"]["id"] == call["id"] and request["json"]["timestamp"]
        assert request["json"]["company_id"] == company["id"] and request["json"]["tracker_id"] == tracker["id"]
    pre, routed, post = (r["json"] for r in receiver.requests)
    assert pre["duration"] is None and pre["answered"] is None and pre["call_type"] == "in_progress"
    assert routed["answered"] is True and routed["duration"] is None
    assert post["answered"] is True and post["duration"] == 95 and post["call_type"] == "answered"
    assert post["callername"] == post["customer_name"] and post["trackingnum"] == tracker["tracking_numbers"][0]


def test_call_body_has_every_key_of_the_doc_example_in_its_order(callrail, receiver, hooked):
    _, _, tracker = hooked
    simulate(callrail, tracker, answered=False, voicemail=True, duration=13)
    deliveries(callrail)
    [post] = bodies(receiver, "/post_call")
    assert [k for k in post if k in DOC_CALL_KEYS] == DOC_CALL_KEYS
    assert post["voicemail"] is True and post["call_type"] == "voicemail" and post["direction"] == "inbound"
    single = callrail.api.get(f"/v3/a/{callrail.account_id}/calls/{post['id']}.json").json()
    for key, value in single.items():  # the "Retrieving a Single Call" object, field for field
        assert post[key] == value, key
    assert bodies(receiver, "/answered_call") == []  # a missed call is never routed


def test_call_modified_carries_the_new_values_and_changes(callrail, receiver, hooked):
    _, _, tracker = hooked
    call = simulate(callrail, tracker, answered=True, duration=40)
    update_call(callrail, call["id"], {"note": "this is a note written after the call was completed"})
    update_call(callrail, call["id"], {"tags": ["Existing Customer"], "value": "12.50"})
    update_call(callrail, call["id"], {"note": "this is a note written after the call was completed"})  # no change
    assert [d["event"] for d in deliveries(callrail)] == ["pre_call", "answered_call", "post_call",
                                                          "updated_call", "updated_call"]
    first, second = bodies(receiver, "/updated_call")
    assert first["note"] == "this is a note written after the call was completed"
    assert first["changes"] == ["note"] and list(first)[-1] == "changes"
    assert sorted(second["changes"]) == ["tags", "value"] and second["tags"] == ["Existing Customer"]
    assert second["tag"] == "Existing Customer"


def test_marking_spam_fires_call_modified(callrail, receiver, hooked):
    _, _, tracker = hooked
    call = simulate(callrail, tracker, answered=True, duration=40)
    update_call(callrail, call["id"], {"spam": True})
    deliveries(callrail)
    [modified] = bodies(receiver, "/updated_call")
    assert modified["id"] == call["id"] and "spam" in modified["changes"]


def test_outbound_call_and_its_modification(callrail, receiver, hooked):
    _, integration, tracker = hooked
    answer = callrail.api.post(f"/v3/a/{callrail.account_id}/calls.json", json={
        "caller_id": tracker["tracking_numbers"][0], "customer_phone_number": "+14045550177",
        "business_phone_number": "+14045550100"})
    assert answer.status_code == 201, answer.text
    call_id = answer.json()["id"]
    update_call(callrail, call_id, {"note": "called back"})
    assert [d["event"] for d in deliveries(callrail)] == ["post_outbound_call", "updated_outbound_call"]
    [post] = bodies(receiver, "/post_outbound_call")
    [modified] = bodies(receiver, "/updated_outbound_call")
    for body in (post, modified):
        assert body["id"] == call_id and body["call_type"] == "outbound" and body["direction"] == "outbound"
    assert modified["changes"] == ["note"] and modified["note"] == "called back"
    assert all(verify(integration["signing_key"], r["raw"], r["headers"]["Signature"]) for r in receiver.requests)
    assert bodies(receiver, "/updated_call") == [] and bodies(receiver, "/post_call") == []


def test_fire_any_event_for_existing_records(callrail, receiver, hooked):
    company, integration, tracker = hooked
    inbound = simulate(callrail, tracker, answered=True, duration=30)
    outbound = callrail.api.post(f"/v3/a/{callrail.account_id}/calls.json", json={
        "caller_id": tracker["tracking_numbers"][0], "customer_phone_number": "+14045550178",
        "business_phone_number": "+14045550100"}).json()
    conversation = callrail.control.post(f"/a/{callrail.account_id}/text-messages", {
        "tracking_phone_number": tracker["tracking_numbers"][0], "customer_phone_number": "+14045550179",
        "content": "Hello"})
    callrail.api.post(f"/v3/a/{callrail.account_id}/text-messages.json", json={
        "company_id": company["id"], "customer_phone_number": "+14045550179", "content": "Hi back"})
    form = submit_form(callrail, company["id"])
    deliveries(callrail)
    texts = {r["path"]: r["json"]["resource_id"] for r in receiver.requests if r["path"].startswith("/sms")}
    receiver.requests.clear()
    records = {"pre_call": {"call_id": inbound["id"]}, "answered_call": {"call_id": inbound["id"]},
               "post_call": {"call_id": inbound["id"]},
               "updated_call": {"call_id": inbound["id"], "changes": ["note"]},
               "post_outbound_call": {"call_id": outbound["id"]},
               "updated_outbound_call": {"call_id": outbound["id"], "changes": ["tags"]},
               "sms_received": {"text_message_id": texts["/sms_received"]},
               "sms_sent": {"text_message_id": texts["/sms_sent"]},
               "form_captured": {"form_submission_id": form["id"]}}
    assert set(records) == set(EVENTS) and conversation
    for name in EVENTS:
        answer = callrail.control.request("POST", f"/a/{callrail.account_id}/events", {"event": name, **records[name]})
        assert answer.status_code == 201, answer.text
    deliveries(callrail)
    assert receiver.paths() == [f"/{name}" for name in EVENTS]
    sent = {r["path"][1:]: r["json"] for r in receiver.requests}
    assert sent["updated_call"]["changes"] == ["note"] and sent["updated_outbound_call"]["changes"] == ["tags"]
    assert sent["sms_sent"]["resource_id"] == texts["/sms_sent"] and sent["form_captured"]["id"] == form["id"]
    assert all(verify(integration["signing_key"], r["raw"], r["headers"]["Signature"]) for r in receiver.requests)


@pytest.mark.parametrize("body, status, parameter", [
    ({"event": "call_finished", "call_id": "x"}, 400, "event"),
    ({"event": "post_call"}, 400, "call_id"),
    ({"event": "post_call", "call_id": "CAL00000000000000000000000000000000"}, 404, "call_id"),
    ({"event": "post_outbound_call", "call_id": "INBOUND"}, 422, "call_id"),
    ({"event": "updated_call", "call_id": "INBOUND", "changes": "note"}, 400, "changes"),
    ({"event": "sms_sent", "text_message_id": "SCI0"}, 404, "text_message_id"),
    ({"event": "form_captured", "form_submission_id": True}, 400, "form_submission_id"),
    ({"event": {"name": "post_call"}, "call_id": "INBOUND"}, 400, "event"),
    ({"event": ["post_call"], "call_id": "INBOUND"}, 400, "event"),
    ({"event": "post_call", "call_id": {"id": "INBOUND"}}, 400, "call_id"),
    ({"event": "sms_received", "text_message_id": 10**30}, 404, "text_message_id"),
    ({"event": "updated_call", "call_id": "INBOUND", "changes": [{"field": "note"}]}, 400, "changes"),
    ({"event": "updated_call", "call_id": "INBOUND", "changes": [["note"]]}, 400, "changes"),
])
def test_fire_event_validation_stores_nothing(callrail, receiver, hooked, body, status, parameter):
    _, _, tracker = hooked
    inbound = simulate(callrail, tracker, answered=True, duration=30)
    before = len(deliveries(callrail))
    body = {k: inbound["id"] if v == "INBOUND" else v for k, v in body.items()}
    answer = callrail.control.request("POST", f"/a/{callrail.account_id}/events", body)
    assert answer.status_code == status and answer.json()["parameter"] == parameter
    assert len(deliveries(callrail)) == before
    for account in ("ACC00000000000000000000000000000000", "9" * 30):
        answer = callrail.control.request("POST", f"/a/{account}/events",
                                          {"event": "post_call", "call_id": inbound["id"]})
        assert answer.status_code == 404 and answer.json()["parameter"] == "account_id"


# -- integration triggers ------------------------------------------------------------------------

def triggers_url(callrail) -> str:
    return f"/v3/a/{callrail.account_id}/integration_triggers"


def own_trigger(callrail, company: dict, integration: dict, **criteria) -> dict:
    answer = callrail.api.post(f"{triggers_url(callrail)}.json", json={
        "company_id": company["id"], "integration_id": integration["id"], **criteria})
    assert answer.status_code == 201, answer.text
    return answer.json()


def default_trigger(callrail, company: dict, **criteria) -> None:
    listed = callrail.api.get(f"{triggers_url(callrail)}.json",
                              params={"company_id": company["id"]}).json()["integration_criteria"]
    default = next((t for t in listed if t["integration_id"] is None), None)
    if default is None:
        answer = callrail.api.post(f"{triggers_url(callrail)}.json", json={"company_id": company["id"], **criteria})
    else:
        answer = callrail.api.put(f"{triggers_url(callrail)}/{default['id']}.json", json=criteria)
    assert answer.status_code in (200, 201), answer.text


def events_for(callrail, call_id: str) -> list[str]:
    return [d["event"] for d in deliveries(callrail, record_id=call_id)]


def test_trigger_duration_applies_from_post_call(callrail, hooked):
    company, integration, tracker = hooked
    own_trigger(callrail, company, integration, min_duration=60, max_duration=300)
    short = simulate(callrail, tracker, "+14045550101", answered=True, duration=30)
    inside = simulate(callrail, tracker, "+14045550102", answered=True, duration=120)
    long = simulate(callrail, tracker, "+14045550103", answered=True, duration=301)
    assert events_for(callrail, short["id"]) == ["pre_call", "answered_call"]
    assert events_for(callrail, inside["id"]) == ["pre_call", "answered_call", "post_call"]
    assert events_for(callrail, long["id"]) == ["pre_call", "answered_call"]


def test_trigger_tracker_ids(callrail, hooked):
    company, integration, tracker = hooked
    trackers = callrail.api.get(f"/v3/a/{callrail.account_id}/trackers.json",
                                params={"company_id": company["id"]}).json()["trackers"]
    other = next(t for t in trackers if t["id"] != tracker["id"] and t["tracking_numbers"])
    trigger = own_trigger(callrail, company, integration, tracker_ids=[other["id"]])
    outside = simulate(callrail, tracker, "+14045550104", answered=True, duration=30)
    assert events_for(callrail, outside["id"]) == []
    inside = simulate(callrail, other, "+14045550105", answered=True, duration=30)
    assert events_for(callrail, inside["id"]) == ["pre_call", "answered_call", "post_call"]
    callrail.api.put(f"{triggers_url(callrail)}/{trigger['id']}.json", json={"tracker_ids": None})
    unscoped = simulate(callrail, tracker, "+14045550106", answered=True, duration=30)
    assert events_for(callrail, unscoped["id"]) == ["pre_call", "answered_call", "post_call"]


@pytest.mark.parametrize("call_type, outcome, delivered", [
    ("vm", {"answered": False, "voicemail": True}, True),
    ("vm", {"answered": True}, False),
    ("vm", {"answered": False}, False),
    ("missed_and_vm", {"answered": False}, True),
    ("missed_and_vm", {"answered": False, "voicemail": True}, True),
    ("missed_and_vm", {"answered": True}, False),
])
def test_trigger_call_type_outcomes(callrail, hooked, call_type, outcome, delivered):
    company, integration, tracker = hooked
    own_trigger(callrail, company, integration, call_type=call_type)
    call = simulate(callrail, tracker, "+14045550107", duration=20, **outcome)
    assert ("post_call" in events_for(callrail, call["id"])) is delivered


def test_trigger_first_call_applies_to_every_event(callrail, hooked):
    company, integration, tracker = hooked
    own_trigger(callrail, company, integration, call_type="first_call")
    first = simulate(callrail, tracker, "+14045550108", answered=True, duration=20)
    again = simulate(callrail, tracker, "+14045550108", answered=True, duration=20)
    assert events_for(callrail, first["id"]) == ["pre_call", "answered_call", "post_call"]
    assert events_for(callrail, again["id"]) == []


def test_trigger_lead_status(callrail, hooked):
    company, integration, tracker = hooked
    own_trigger(callrail, company, integration, lead_status="good_lead")
    call = simulate(callrail, tracker, "+14045550109", answered=True, duration=20)
    assert events_for(callrail, call["id"]) == ["pre_call", "answered_call"]  # not scored yet
    update_call(callrail, call["id"], {"note": "still unscored"})
    update_call(callrail, call["id"], {"lead_status": "good_lead"})
    assert events_for(callrail, call["id"]) == ["pre_call", "answered_call", "updated_call"]


def test_criteria_combine_with_and(callrail, hooked):
    company, integration, tracker = hooked
    own_trigger(callrail, company, integration, call_type="vm", min_duration=30)
    short_vm = simulate(callrail, tracker, "+14045550110", answered=False, voicemail=True, duration=10)
    long_vm = simulate(callrail, tracker, "+14045550111", answered=False, voicemail=True, duration=45)
    long_answered = simulate(callrail, tracker, "+14045550112", answered=True, duration=45)
    assert "post_call" not in events_for(callrail, short_vm["id"])
    assert "post_call" in events_for(callrail, long_vm["id"])
    assert "post_call" not in events_for(callrail, long_answered["id"])


def test_company_default_trigger_and_the_integration_override(callrail, hooked):
    company, integration, tracker = hooked
    default_trigger(callrail, company, min_duration=100)
    short = simulate(callrail, tracker, "+14045550113", answered=True, duration=50)
    assert events_for(callrail, short["id"]) == ["pre_call", "answered_call"]
    own = own_trigger(callrail, company, integration, min_duration=10)  # overrides the default
    again = simulate(callrail, tracker, "+14045550114", answered=True, duration=50)
    assert events_for(callrail, again["id"]) == ["pre_call", "answered_call", "post_call"]
    brief = simulate(callrail, tracker, "+14045550116", answered=True, duration=5)
    assert events_for(callrail, brief["id"]) == ["pre_call", "answered_call"]
    # an own trigger whose criteria are all null filters nothing, whatever the default says
    callrail.api.put(f"{triggers_url(callrail)}/{own['id']}.json", json={"min_duration": None})
    brief_again = simulate(callrail, tracker, "+14045550117", answered=True, duration=5)
    assert events_for(callrail, brief_again["id"]) == ["pre_call", "answered_call", "post_call"]
    # without its own trigger the integration falls back to the company default
    assert callrail.api.delete(f"{triggers_url(callrail)}/{own['id']}.json").status_code in (200, 204)
    fallback = simulate(callrail, tracker, "+14045550118", answered=True, duration=50)
    assert events_for(callrail, fallback["id"]) == ["pre_call", "answered_call"]


def test_triggers_do_not_scope_texts_and_forms(callrail, receiver, hooked):
    company, integration, tracker = hooked
    own_trigger(callrail, company, integration, call_type="vm", min_duration=1000, tracker_ids=[tracker["id"]])
    submit_form(callrail, company["id"])
    callrail.control.post(f"/a/{callrail.account_id}/text-messages", {
        "tracking_phone_number": tracker["tracking_numbers"][0], "customer_phone_number": "+14045550115",
        "content": "Hi"})
    assert [d["event"] for d in deliveries(callrail)] == ["form_captured", "sms_received"]
