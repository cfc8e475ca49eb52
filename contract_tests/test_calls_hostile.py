"""Calls under hostile input (huge integers, nested objects, unicode, foreign ids): never a 5xx,
every error names the parameter, nothing is stored; and the doc's numeric call ids (A9)."""
from __future__ import annotations

import base64
import json

import pytest

from calls_helpers import every_call, events, since, tracking_number
from docs_seed import error, ok

HUGE = 10 ** 30


def url(callrail, suffix=""):
    return f"/v3/a/{callrail.account_id}/calls{suffix}.json"


def cursor(*raw) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(raw)).encode()).decode().rstrip("=")


def a_call(callrail, **where):
    calls = ok(callrail.api.get(url(callrail), params={"per_page": 250, "fields": "note,value,tags,lead_status"}))
    return next(c for c in calls["calls"] if all(c[k] == v for k, v in where.items()))


@pytest.mark.callrail_seed("demo")
def test_huge_integers_are_400s_naming_the_parameter(callrail):
    relative = {"relative_pagination": "true"}
    error(callrail.api.get(url(callrail), params={**relative, "offset": HUGE}), 400, "offset")
    for token in (cursor("start_time", "desc", "2026-01-01T00:00:00.000Z", HUGE),
                  cursor("start_time", "desc", HUGE, 1), cursor("start_time", "desc", {"a": 1}, 1)):
        error(callrail.api.get(url(callrail), params={**relative, "cursor": token}), 400, "cursor")
    for report in ("/summary", "/timeseries"):
        for name in ("min_duration", "max_duration"):
            error(callrail.api.get(url(callrail, report), params={name: HUGE}), 400, name)
    assert ok(callrail.api.get(url(callrail), params={"page": HUGE}))["calls"] == []  # beyond the end
    error(callrail.api.get(url(callrail, f"/{HUGE}")), 404)


@pytest.mark.callrail_seed("demo")
def test_update_values_that_are_no_amount_store_nothing(callrail):
    call = a_call(callrail, direction="inbound", note=None, value=None)
    for value in (HUGE ** 14, "1e400", "9" * 400, "NaN", "-1.00", -5, {"amount": 1}, [1], True, "$$1"):
        error(callrail.api.put(url(callrail, f"/{call['id']}"), json={"value": value, "note": "x"}), 400, "value")
    for body, parameter in (({"tags": [{"name": "x"}]}, "tags"), ({"tags": ["x", ["y"]]}, "tags"),
                            ({"customer_name": {"first": "A"}}, "customer_name"), ({"note": ["x"]}, "note"),
                            ({"lead_status": ["good_lead"]}, "lead_status"), ({"spam": {"yes": True}}, "spam")):
        error(callrail.api.put(url(callrail, f"/{call['id']}"), json=body), 400, parameter)
    after = ok(callrail.api.get(url(callrail, f"/{call['id']}"), params={"fields": "note,value,tags,lead_status"}))
    assert (after["note"], after["value"], after["tags"], after["lead_status"]) == (
        None, None, call["tags"], call["lead_status"])
    assert events(callrail, record_id=call["id"]) == []


@pytest.mark.callrail_seed("demo")
def test_unicode_round_trips(callrail):
    call = a_call(callrail, direction="inbound")
    body = {"note": "Rappeler demain 🙂 — ñ", "customer_name": "Zoë Ødegård", "tags": ["Très bien ✓"],
            "value": "$1,250.00"}
    ok(callrail.api.put(url(callrail, f"/{call['id']}"), json=body))
    after = ok(callrail.api.get(url(callrail, f"/{call['id']}"),
                                params={"fields": "note,tags,formatted_value,formatted_customer_name"}))
    assert after["note"] == body["note"] and after["customer_name"] == "Zoë Ødegård"
    assert "Très bien ✓" in after["tags"] and after["formatted_value"] == "$1,250.00"
    found = ok(callrail.api.get(url(callrail), params={**since(callrail), "search": "Ødegård"}))["calls"]
    assert call["id"] in [c["id"] for c in found]
    tagged = ok(callrail.api.get(url(callrail), params={**since(callrail), "tags": "Très bien ✓"}))["calls"]
    assert [c["id"] for c in tagged] == [call["id"]]


@pytest.mark.callrail_seed("demo")
def test_outbound_with_nested_or_foreign_values_stores_nothing(callrail):
    number = tracking_number(callrail)["number"]
    base = {"caller_id": number, "customer_phone_number": "+14044442233", "business_phone_number": "+14045556666"}
    before = len(every_call(callrail, {"direction": "outbound"}))
    for name, value in (("caller_id", {"n": number}), ("customer_phone_number", [base["customer_phone_number"]]),
                        ("business_phone_number", HUGE), ("caller_id", "+1 404 555 😀"),
                        ("recording_enabled", {"on": True}), ("agent_id", ["USR1"]),
                        ("outbound_greeting_text", {"t": "hi"}), ("agent_id", "USR" + "0" * 32)):
        error(callrail.api.post(url(callrail), json={**base, name: value}), 400, name)
    for body in ([base], "call me", None):
        response = callrail.api.post(url(callrail), json=body)
        assert 400 <= response.status_code < 500, response.text
    assert len(every_call(callrail, {"direction": "outbound"})) == before
    assert events(callrail, name="post_outbound_call") == []


@pytest.mark.callrail_seed("demo")
def test_relative_pages_with_a_filter_and_a_sort_return_every_call_once(callrail):
    """The doc's next_page carries the sort (api_sort[][start_time]=desc, 73): a sort and filters
    are part of the query every page repeats."""
    params = {**since(callrail), "answer_status": "answered", "sort": "customer_name", "order": "desc",
              "direction": "inbound"}
    expected = [c["id"] for c in every_call(callrail, params)]
    got, body = [], ok(callrail.api.get(url(callrail), params={**params, "relative_pagination": "true",
                                                                "per_page": 33}))
    while True:
        got.extend(c["id"] for c in body["calls"])
        if not body["has_next_page"]:
            break
        body = ok(callrail.api.get(body["next_page"]))
    assert len(expected) > 100 and got == expected and len(set(got)) == len(got)


@pytest.mark.callrail_seed("docs")
def test_the_docs_numeric_call_ids_address_the_same_call(callrail):
    """calls/111222333/recording.json (709) and calls/444941612.json?fields=... (184): a call also
    answers to its numeric id; the recording URL uses it."""
    call = ok(callrail.api.get(url(callrail, "/111222333"), params={"fields": "company_id,company_name"}))
    assert call["id"] == "CAL8154748ae6bd4e278a7cddd38a662f4f" and list(call)[-2:] == ["company_id", "company_name"]
    assert call["recording"] == (f"{callrail.base_url}/v3/a/{callrail.account_numeric_id}/calls/111222333/"
                                 "recording.json")
    assert ok(callrail.api.get(call["recording"]))["url"].endswith("access_key=3b91eb7f7cc08a4d01ed")
    ok(callrail.api.put(url(callrail, "/111222333"), json={"note": "by number"}))
    assert ok(callrail.api.get(url(callrail, f"/{call['id']}"), params={"fields": "note"}))["note"] == "by number"
    for missing in ("111222334", "0", "0111222333", str(HUGE)):
        error(callrail.api.get(url(callrail, f"/{missing}")), 404)
    other = next(k for k in callrail.credentials if k["account_id"] != callrail.account_id)
    error(callrail.api.get(f"/v3/a/{other['account_id']}/calls/111222333.json"), 404)
