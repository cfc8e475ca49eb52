"""Creating an Outbound Phone Call, Updating a Call (doc 1311-1495) and the simulated inbound
call of the control plane (DESIGN.md), with the events each publishes."""
from __future__ import annotations

import pytest

from calls_helpers import events, every_call, simulate, tracking_number
from docs_seed import error, ok

DEFAULT = ["answered", "business_phone_number", "customer_city", "customer_country", "customer_name",
           "customer_phone_number", "customer_state", "direction", "duration", "id", "recording",
           "recording_duration", "recording_player", "start_time", "tracking_phone_number", "voicemail"]
# Creating and Updating a Call answer without recording_player (their examples, 1331-1347, 1417-1433).
WRITTEN = [name for name in DEFAULT if name != "recording_player"]


def calls_url(callrail, call_id=None):
    suffix = f"/{call_id}" if call_id else ""
    return f"/v3/a/{callrail.account_id}/calls{suffix}.json"


def count(callrail) -> int:
    return ok(callrail.api.get(calls_url(callrail), params={"date_range": "today"}))["total_records"]


def get(callrail, call_id, fields=None, api=None):
    return ok((api or callrail.api).get(calls_url(callrail, call_id), params={"fields": fields} if fields else {}))


# -- outbound ---------------------------------------------------------------------------------

def outbound_body(callrail, **changes):
    body = {"caller_id": tracking_number(callrail)["number"], "business_phone_number": "+14045556666",
            "customer_phone_number": "+14044442233", "recording_enabled": True,
            "outbound_greeting_recording_url": "http://www.test.com/greeting.mp3",
            "outbound_greeting_text": "These are not the droids you are looking for."}
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


def test_outbound_call_is_placed_then_completes(callrail):
    callrail.control.freeze("2026-11-20T20:02:24.916Z")
    body = outbound_body(callrail)
    created = ok(callrail.api.post(calls_url(callrail), json=body), 201)
    assert list(created) == WRITTEN
    assert created["direction"] == "outbound" and created["answered"] is None and created["duration"] is None
    assert created["tracking_phone_number"] == body["caller_id"]
    assert created["business_phone_number"] == "+14045556666"
    assert created["customer_phone_number"] == "+14044442233"
    assert (created["customer_city"], created["customer_state"], created["customer_country"]) == ("Atlanta", "GA", "US")
    assert created["start_time"] == "2026-11-20T15:02:24.916-05:00"
    later = get(callrail, created["id"], "call_type,company_id,tracker_id,agent_email")
    assert later["direction"] == "outbound" and later["call_type"] == "outbound"
    assert isinstance(later["answered"], bool) and later["duration"] >= 0
    assert (later["recording"] is not None) == later["answered"]
    assert later["tracker_id"] == tracking_number(callrail)["id"]
    listed = ok(callrail.api.get(calls_url(callrail), params={"direction": "outbound", "date_range": "today"}))
    assert created["id"] in [c["id"] for c in listed["calls"]]
    published = events(callrail, record_id=created["id"])
    assert [e["name"] for e in published] == ["post_outbound_call"]


def test_outbound_from_a_verified_caller_id(callrail):
    company = tracking_number(callrail)["company_id"]
    caller_ids = ok(callrail.api.get(f"/v3/a/{callrail.account_id}/caller_ids.json",
                                     params={"company_id": company}))["caller_ids"]
    verified = next(c for c in caller_ids if c["verified"])
    created = ok(callrail.api.post(calls_url(callrail), json=outbound_body(
        callrail, caller_id=verified["phone_number"])), 201)
    assert get(callrail, created["id"], "company_id")["company_id"] == verified["company_id"]


@pytest.mark.parametrize("field", ["caller_id", "business_phone_number", "customer_phone_number"])
def test_outbound_numbers_must_be_us_or_canadian_10_digits(callrail, field):
    before = count(callrail)
    for bad in ("+442071838750", "12345", "not a number", None, 404555):
        body = outbound_body(callrail, **{field: bad})
        if bad is None:
            body.pop(field, None)
        error(callrail.api.post(calls_url(callrail), json=body), 400, field)
    assert count(callrail) == before
    # the doc's integer form and US formats are accepted
    ok(callrail.api.post(calls_url(callrail), json=outbound_body(callrail, **{field: "(404) 555-7777"}
                                                                  if field != "caller_id" else {})), 201)


def test_outbound_caller_id_must_be_tracking_or_verified(callrail):
    before = count(callrail)
    error(callrail.api.post(calls_url(callrail), json=outbound_body(callrail, caller_id="+14045550123")),
          400, "caller_id")
    company = tracking_number(callrail)["company_id"]
    pending = ok(callrail.api.post(f"/v3/a/{callrail.account_id}/caller_ids.json", json={
        "company_id": company, "phone_number": "+14045550124", "name": "Unverified"}), 201)
    assert pending["verified"] is False
    error(callrail.api.post(calls_url(callrail), json=outbound_body(callrail, caller_id="+14045550124")),
          400, "caller_id")
    error(callrail.api.post(calls_url(callrail), json=outbound_body(callrail, agent_id="USRnope")), 400, "agent_id")
    error(callrail.api.post(calls_url(callrail), json=outbound_body(callrail, recording_enabled="often")),
          400, "recording_enabled")
    assert count(callrail) == before
    assert events(callrail, name="post_outbound_call") == []


# -- updates ----------------------------------------------------------------------------------

def a_call(callrail, **where):
    calls = ok(callrail.api.get(calls_url(callrail), params={
        "per_page": 250, "fields": "lead_status,tags,note,value,company_id,person_id"}))["calls"]
    return next(c for c in calls if all(c[k] == v for k, v in where.items()))


def test_update_the_docs_example_body(callrail):
    call = a_call(callrail, lead_status=None, direction="inbound")
    body = {"note": "Call customer back tomorrow", "tags": ["New Client"], "lead_status": "good_lead",
            "value": "$1.00", "append_tags": True, "customer_name": "James Smith"}
    updated = ok(callrail.api.put(calls_url(callrail, call["id"]), json=body))
    assert list(updated) == WRITTEN and updated["customer_name"] == "James Smith"
    after = get(callrail, call["id"], "note,tags,lead_status,value,formatted_value,customer_name")
    assert after["note"] == "Call customer back tomorrow" and after["lead_status"] == "good_lead"
    assert after["value"] == 1.0 and after["formatted_value"] == "$1.00"
    assert after["tags"] == sorted(set(call["tags"]) | {"New Client"})
    tags = ok(callrail.api.get(f"/v3/a/{callrail.account_id}/tags.json",
                               params={"company_id": call["company_id"], "per_page": 250}))["tags"]
    assert "New Client" in [t["name"] for t in tags]
    modified = events(callrail, record_id=call["id"])
    assert [e["name"] for e in modified] == ["updated_call"]
    assert sorted(modified[0]["data"]["changes"]) == ["customer_name", "lead_status", "note", "tags", "value"]


def test_omitted_fields_stay_and_null_or_blank_clears(callrail):
    call = a_call(callrail, direction="inbound")
    url = calls_url(callrail, call["id"])
    ok(callrail.api.put(url, json={"note": "keep me", "value": "12.50", "tags": ["Sales", "Support"]}))
    ok(callrail.api.put(url, json={"customer_name": "Someone"}))
    kept = get(callrail, call["id"], "note,value,tags")
    assert kept["note"] == "keep me" and kept["value"] == 12.5 and kept["tags"] == ["Sales", "Support"]
    ok(callrail.api.put(url, json={"tags": ["Sales"]}))  # append_tags absent: replace
    assert get(callrail, call["id"], "tags")["tags"] == ["Sales"]
    ok(callrail.api.put(url, json={"note": "", "value": None, "tags": None, "customer_name": " "}))
    cleared = get(callrail, call["id"], "note,value,tags,formatted_value")
    assert (cleared["note"], cleared["value"], cleared["tags"], cleared["customer_name"]) == (None, None, [], None)
    assert cleared["formatted_value"] == "--"
    ok(callrail.api.put(url, json={}))
    names = [e["name"] for e in events(callrail, record_id=call["id"])]
    assert names == ["updated_call"] * 4  # an empty update changes nothing and publishes nothing


def test_update_validation_stores_nothing(callrail):
    call = a_call(callrail, direction="inbound", note=None)
    url = calls_url(callrail, call["id"])
    for body, parameter in [({"value": "one dollar", "note": "x"}, "value"), ({"lead_status": "great", "note": "x"},
                            "lead_status"), ({"tags": "Sales", "note": "x"}, "tags"), ({"spam": "yes please"}, "spam"),
                            ({"note": 5}, "note"), ({"append_tags": "sometimes", "note": "x"}, "append_tags")]:
        error(callrail.api.put(url, json=body), 400, parameter)
    assert get(callrail, call["id"], "note")["note"] is None
    assert events(callrail, record_id=call["id"]) == []
    error(callrail.api.put(calls_url(callrail, "CALnope"), json={"note": "x"}), 404)


def test_good_lead_on_a_previously_marked_good_lead_call_is_400(callrail):
    tracker = tracking_number(callrail)
    first = simulate(callrail, tracking_phone_number=tracker["number"], customer_phone_number="+13125550101",
                     start_time="2026-01-01T00:00:00Z")
    callrail.control.advance(60)
    second = simulate(callrail, tracking_phone_number=tracker["number"], customer_phone_number="+13125550101")
    assert get(callrail, second["id"], "lead_status")["lead_status"] is None
    ok(callrail.api.put(calls_url(callrail, first["id"]), json={"lead_status": "good_lead"}))
    inherited = get(callrail, second["id"], "lead_status,good_lead_call_id,good_lead_call_time")
    assert inherited["lead_status"] == "previously_marked_good_lead"
    # the good call's numeric id, an integer (878, 6496), which addresses the same call
    assert isinstance(inherited["good_lead_call_id"], int)
    assert get(callrail, inherited["good_lead_call_id"])["id"] == first["id"]
    error(callrail.api.put(calls_url(callrail, second["id"]), json={"lead_status": "good_lead", "note": "x"}),
          400, "lead_status")
    assert get(callrail, second["id"], "note")["note"] is None
    ok(callrail.api.put(calls_url(callrail, second["id"]), json={"lead_status": "not_a_lead"}))
    assert get(callrail, second["id"], "lead_status")["lead_status"] == "not_a_lead"
    ok(callrail.api.put(calls_url(callrail, first["id"]), json={"lead_status": None}))
    ok(callrail.api.put(calls_url(callrail, second["id"]), json={"lead_status": ""}))
    assert get(callrail, second["id"], "lead_status")["lead_status"] is None


def test_spam_leaves_the_log_and_cannot_be_undone(callrail):
    tracker = tracking_number(callrail)
    first = simulate(callrail, tracking_phone_number=tracker["number"], customer_phone_number="+13125550199")
    callrail.control.advance(60)
    second = simulate(callrail, tracking_phone_number=tracker["number"], customer_phone_number="+13125550199")
    assert get(callrail, second["id"], "first_call,prior_calls")["prior_calls"] == 1
    summary_url = f"/v3/a/{callrail.account_id}/calls/summary.json"
    total = ok(callrail.api.get(summary_url, params={"date_range": "today"}))["total_results"]["total_calls"]
    before = count(callrail)
    ok(callrail.api.put(calls_url(callrail, first["id"]), json={"spam": True}))
    assert count(callrail) == before - 1
    assert ok(callrail.api.get(summary_url, params={"date_range": "today"}))["total_results"]["total_calls"] == total - 1
    error(callrail.api.get(calls_url(callrail, first["id"])), 404)
    error(callrail.api.put(calls_url(callrail, first["id"]), json={"spam": False}), 404)
    moved = get(callrail, second["id"], "first_call,prior_calls,total_calls")
    assert (moved["first_call"], moved["prior_calls"], moved["total_calls"]) == (True, 0, 1)
    spam_events = [e for e in events(callrail, record_id=first["id"]) if e["name"] == "updated_call"]
    assert spam_events[-1]["data"]["changes"] == ["spam"]


def test_reporting_users_may_tag_and_score_calls_of_their_companies(callrail):
    reporting = callrail.api.with_key(callrail.key_for("reporting"))
    visible = every_call(callrail, api=reporting, fields="company_id")
    ok(reporting.put(calls_url(callrail, visible[0]["id"]), json={"note": "seen"}))
    hidden = next(c for c in every_call(callrail, fields="company_id")
                  if c["company_id"] not in {v["company_id"] for v in visible})
    error(reporting.put(calls_url(callrail, hidden["id"]), json={"note": "x"}), 404)


def test_outbound_update_publishes_the_outbound_event(callrail):
    created = ok(callrail.api.post(calls_url(callrail), json=outbound_body(callrail)), 201)
    ok(callrail.api.put(calls_url(callrail, created["id"]), json={"note": "follow up"}))
    assert [e["name"] for e in events(callrail, record_id=created["id"])] == [
        "post_outbound_call", "updated_outbound_call"]


# -- simulated inbound calls --------------------------------------------------------------------

def test_simulated_call_lands_on_the_tracker_with_events_in_order(callrail):
    callrail.control.freeze("2026-11-21T15:00:00Z")
    tracker = tracking_number(callrail, session=True)
    call = simulate(callrail, tracking_phone_number=tracker["number"], customer_phone_number="303-623-1131",
                    customer_name="RUEGSEGGER SIMO", duration=95, device_type="mobile", source="Google Ads",
                    medium="cpc", campaign="Spring", keywords="plumber",
                    landing_page_url="https://example.com/?utm_source=google&utm_medium=cpc&gclid=abc123",
                    referring_url="https://www.google.com/search?q=plumber")
    assert list(call) == DEFAULT + ["company_id", "tracker_id"]
    assert call["tracker_id"] == tracker["id"] and call["company_id"] == tracker["company_id"]
    assert call["answered"] is True and call["duration"] == 95 and call["direction"] == "inbound"
    assert (call["customer_city"], call["customer_state"]) == ("Denver", "CO")
    assert call["customer_phone_number"] == "+13036231131"
    assert [e["name"] for e in events(callrail, record_id=call["id"])] == ["pre_call", "answered_call", "post_call"]
    full = get(callrail, call["id"], "source,medium,campaign,keywords,gclid,utm_source,utm_medium,referrer_domain,"
                                     "device_type,first_call,formatted_customer_name,call_type")
    assert (full["source"], full["medium"], full["campaign"], full["keywords"]) == ("Google Ads", "cpc", "Spring",
                                                                                     "plumber")
    assert (full["gclid"], full["utm_source"], full["utm_medium"]) == ("abc123", "google", "cpc")
    assert full["referrer_domain"] == "www.google.com" and full["device_type"] == "mobile"
    assert full["first_call"] is True and full["formatted_customer_name"] == "Ruegsegger Simo"
    assert full["call_type"] == "answered" and full["start_time"] == "2026-11-21T10:00:00.000-05:00"
    admin = callrail.credentials[0]["user_id"]
    answered_by = simulate(callrail, tracking_phone_number=tracker["number"], customer_phone_number="+13036231131",
                           agent_id=admin)
    shown = get(callrail, answered_by["id"], "agent_email,prior_calls,first_call,total_calls")
    assert shown["agent_email"] and shown["prior_calls"] == 1 and shown["first_call"] is False
    assert shown["total_calls"] == 2


def test_simulated_missed_call_and_voicemail(callrail):
    tracker = tracking_number(callrail, session=False)
    missed = simulate(callrail, tracking_phone_number=tracker["number"], customer_phone_number="+14165550100",
                      answered=False, duration=20)
    assert [e["name"] for e in events(callrail, record_id=missed["id"])] == ["pre_call", "post_call"]
    assert missed["answered"] is False and missed["customer_country"] == "CA" and missed["recording"] is None
    voicemail = simulate(callrail, tracking_phone_number=tracker["number"], customer_phone_number="+14165550100",
                         answered=False, voicemail=True, duration=30)
    full = get(callrail, voicemail["id"], "call_type,prior_calls,source")
    assert full["voicemail"] is True and full["call_type"] == "voicemail" and full["prior_calls"] == 1
    assert full["recording"] is not None and full["source"]


def test_simulated_call_errors(callrail):
    control = callrail.control
    url = f"/a/{callrail.account_id}/calls"
    number = tracking_number(callrail)["number"]
    before = count(callrail)
    response = control.request("POST", url, {"tracking_phone_number": "+14045550000",
                                              "customer_phone_number": "+14045551234"})
    assert response.status_code == 404 and response.json()["error"]
    for body, parameter in [({"customer_phone_number": "+14045551234"}, "tracking_phone_number"),
                            ({"tracking_phone_number": number}, "customer_phone_number"),
                            ({"tracking_phone_number": number, "customer_phone_number": "123"}, "customer_phone_number"),
                            ({"tracking_phone_number": number, "customer_phone_number": "+14045551234",
                              "duration": -1}, "duration"),
                            ({"tracking_phone_number": number, "customer_phone_number": "+14045551234",
                              "start_time": "2999-01-01T00:00:00Z"}, "start_time"),
                            ({"tracking_phone_number": number, "customer_phone_number": "+14045551234",
                              "agent_id": "USRnope"}, "agent_id"),
                            ({"tracking_phone_number": number, "customer_phone_number": "+14045551234",
                              "device_type": "tablet"}, "device_type")]:
        response = control.request("POST", url, body)
        assert response.status_code == 400 and response.json()["parameter"] == parameter, (body, response.text)
    assert count(callrail) == before
    assert control.request("POST", "/a/ACCnope/calls", {}).status_code == 404
