"""Listing All Calls and Retrieving a Single Call (doc 687-1310): default and selectable
fields, their consistency, every filter value, sort field and search field (demo seed)."""
from __future__ import annotations

import json
import re
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from calls_helpers import every_call, since
from docs_seed import error, ok
from emulator.pytest_plugin import emulated

DEFAULT = ["answered", "business_phone_number", "customer_city", "customer_country", "customer_name",
           "customer_phone_number", "customer_state", "direction", "duration", "id", "recording",
           "recording_duration", "recording_player", "start_time", "tracking_phone_number", "voicemail"]
SELECTABLE = [
    "call_type", "company_id", "company_name", "company_time_zone", "created_at", "device_type", "first_call",
    "formatted_call_type", "formatted_customer_location", "formatted_business_phone_number",
    "formatted_customer_name", "prior_calls", "formatted_customer_name_or_phone_number",
    "formatted_customer_phone_number", "formatted_duration", "formatted_tracking_phone_number",
    "formatted_tracking_source", "formatted_value", "good_lead_call_id", "good_lead_call_time", "lead_status",
    "note", "source", "source_name", "tags", "total_calls", "value", "waveforms", "tracker_id",
    "speaker_percent", "keywords", "medium", "campaign", "referring_url", "landing_page_url",
    "last_requested_url", "referrer_domain", "utm_source", "utm_medium", "utm_term", "utm_content",
    "utm_campaign", "utma", "utmb", "utmc", "utmv", "utmz", "ga", "gclid", "fbclid", "msclkid", "milestones",
    "timeline_url", "person_id", "transcription", "keywords_spotted", "call_highlights", "call_summary",
    "sentiment", "agent_email", "keypad_entries", "zip_code"]
SINGLE_ONLY = ["integration_data", "conversational_transcript"]
OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$")


def calls_url(callrail):
    return f"/v3/a/{callrail.account_id}/calls.json"


@pytest.fixture(scope="module")
def callrail(callrail_server):
    """Every test here only reads: one reset of the demo seed serves the whole module."""
    return emulated(callrail_server, "demo")


@pytest.fixture(scope="module")
def company(callrail):
    """The checks below run over one company's calls (about 240) to stay fast."""
    return ok(callrail.api.get(f"/v3/a/{callrail.account_id}/companies.json"))["companies"][0]["id"]


@pytest.fixture(scope="module")
def everything(callrail, company):
    return every_call(callrail, {"company_id": company}, fields=",".join(SELECTABLE))


def test_default_fields_newest_first_in_the_request_time_zone(callrail):
    body = ok(callrail.api.get(calls_url(callrail), params={"time_zone": "America/Denver"}))
    assert body["page"] == 1 and body["per_page"] == 100 and body["total_records"] > 100
    calls = body["calls"]
    assert all(list(c) == DEFAULT for c in calls)
    assert all(OFFSET.match(c["start_time"]) for c in calls)
    assert calls[0]["start_time"][-6:] in ("-07:00", "-06:00")
    instants = [datetime.fromisoformat(c["start_time"]) for c in calls]
    assert instants == sorted(instants, reverse=True)


def test_every_selectable_field_is_returned_when_asked(callrail):
    body = ok(callrail.api.get(calls_url(callrail), params={"fields": ",".join(SELECTABLE), "per_page": 5}))
    assert all(list(c) == DEFAULT + SELECTABLE for c in body["calls"])
    for name in SELECTABLE:
        one = ok(callrail.api.get(calls_url(callrail), params={"fields": name, "per_page": 1}))["calls"][0]
        assert list(one) == DEFAULT + [name]


def test_the_field_lists_are_the_catalogs():
    """DEFAULT and SELECTABLE above are the doc's tables (catalog extracted from 745-972, 1137-1310)."""
    catalog = json.loads((Path(__file__).parent / "data" / "endpoints.json").read_text())["endpoints"]
    listing, single = (next(e for e in catalog if e["method"] == "GET" and e["path"] == f"/v3/a/{{account_id}}/{p}")
                       for p in ("calls.json", "calls/{call_id}.json"))
    assert listing["default_fields"] == single["default_fields"] == DEFAULT
    assert [f for f in listing["selectable_fields"] if ":" not in f] == SELECTABLE
    assert sorted(f for f in single["selectable_fields"] if ":" not in f) == sorted(SELECTABLE + SINGLE_ONLY)


def test_single_call_only_fields_are_rejected_on_the_list(callrail):
    error(callrail.api.get(calls_url(callrail), params={"fields": "integration_data"}), 400, "fields")
    error(callrail.api.get(calls_url(callrail), params={"fields": "nope"}), 400, "fields")


def test_single_call_with_every_field(callrail, everything):
    call = next(c for c in everything if c["call_summary"])
    url = f"/v3/a/{callrail.account_id}/calls/{call['id']}.json"
    assert list(ok(callrail.api.get(url, params={"time_zone": "UTC"}))) == DEFAULT
    full = ok(callrail.api.get(url, params={"fields": ",".join(SELECTABLE + SINGLE_ONLY), "time_zone": "UTC"}))
    assert list(full) == DEFAULT + SELECTABLE + SINGLE_ONLY
    assert {k: v for k, v in full.items() if k not in ("call_summary",) + tuple(SINGLE_ONLY)} == \
        {k: v for k, v in call.items() if k != "call_summary"}
    assert isinstance(call["call_summary"], str) and full["call_summary"] == [
        s.strip() + "." for s in call["call_summary"].split(".") if s.strip()]
    transcript = full["conversational_transcript"]
    assert transcript and {t["speaker"] for t in transcript} <= {"agent", "caller"}
    assert isinstance(full["integration_data"], list)
    # numeric account id in the path works too
    assert ok(callrail.api.get(f"/v3/a/{callrail.account_numeric_id}/calls/{call['id']}.json"))["id"] == call["id"]


def test_unknown_and_other_account_calls_are_404(callrail, everything):
    error(callrail.api.get(f"/v3/a/{callrail.account_id}/calls/CALnope.json"), 404)
    other = next(k for k in callrail.credentials if k["account_id"] != callrail.account_id)
    error(callrail.api.get(f"/v3/a/{other['account_id']}/calls/{everything[0]['id']}.json"), 404)


def test_formatted_fields_follow_the_raw_ones(callrail, everything):
    for call in everything:
        digits = call["customer_phone_number"][-10:]
        assert call["formatted_customer_phone_number"] == f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
        t = call["tracking_phone_number"][-10:]
        assert call["formatted_tracking_phone_number"] == f"{t[:3]}-{t[3:6]}-{t[6:]}"
        if call["business_phone_number"]:
            b = call["business_phone_number"][-10:]
            assert call["formatted_business_phone_number"] == f"{b[:3]}-{b[3:6]}-{b[6:]}"
        else:
            assert call["formatted_business_phone_number"] is None
        assert call["formatted_customer_location"] == ", ".join(
            p for p in (call["customer_city"], call["customer_state"]) if p)
        m, s = divmod(call["duration"], 60)
        assert call["formatted_duration"] in (f"{s}s" if not m else f"{m}m {s}s", f"{m // 60}h {m % 60}m {s}s")
        assert call["formatted_value"] == ("--" if call["value"] is None else f"${call['value']:,.2f}")
        assert call["formatted_tracking_source"] == call["source"]
        assert call["formatted_customer_name_or_phone_number"] == (
            call["formatted_customer_name"] or call["formatted_customer_phone_number"])
        if call["customer_name"] and call["customer_name"].isupper():
            assert call["formatted_customer_name"] != call["customer_name"]
            assert call["formatted_customer_name"].lower() == call["customer_name"].lower()
        assert call["formatted_call_type"]
        expected_type = ("outbound" if call["direction"] == "outbound" else
                         "voicemail" if call["voicemail"] else "answered" if call["answered"] else
                         ("abandonded" if call["duration"] < 5 else "missed"))
        assert call["call_type"] in (expected_type, "voicemail_transcription")
        if call["recording"]:
            # the doc's form: numeric account and call ids (709; docs/BEHAVIOUR.md "numeric call ids")
            assert re.fullmatch(rf"{callrail.base_url}/v3/a/{callrail.account_numeric_id}/calls/[1-9]\d{{8}}"
                                r"/recording\.json", call["recording"])
            assert call["recording_duration"] == str(call["duration"]) and len(call["waveforms"]) == 2
        else:
            assert call["recording_duration"] is None and call["waveforms"] is None
        if call["speaker_percent"]:
            assert call["speaker_percent"]["agent"] + call["speaker_percent"]["customer"] == 100
        assert call["timeline_url"].endswith(call["person_id"])


def test_caller_history_counts(everything):
    by_caller = {}
    for call in sorted(everything, key=lambda c: datetime.fromisoformat(c["start_time"])):
        key = (call["company_id"], call["customer_phone_number"])
        history = by_caller.setdefault(key, [])
        assert call["prior_calls"] == len(history), call
        assert call["first_call"] == (call["direction"] == "inbound" and not history)
        if call["direction"] == "inbound":
            history.append(call)
    for call in everything:
        inbound = [c for c in by_caller[(call["company_id"], call["customer_phone_number"])]]
        assert call["total_calls"] == len(inbound)
    assert any(c["prior_calls"] > 0 for c in everything) and any(c["first_call"] for c in everything)


def numbered(callrail, number) -> str:
    """The CAL id of the call with this numeric id (good_lead_call_id is the numeric id, 878, 6496)."""
    assert isinstance(number, int) and not isinstance(number, bool)
    return ok(callrail.api.get(f"{calls_url(callrail)[:-5]}/{number}.json"))["id"]


def test_lead_status_is_inherited_from_the_first_good_lead(callrail, everything):
    ids = {}
    by_person = {}
    for call in sorted(everything, key=lambda c: datetime.fromisoformat(c["start_time"])):
        by_person.setdefault(call["person_id"], []).append(call)
    inherited = 0
    for history in by_person.values():
        first_good = None
        for call in history:
            if call["lead_status"] == "previously_marked_good_lead":
                inherited += 1
                if call["good_lead_call_id"] is not None:  # None: a form submission was the good lead
                    number = call["good_lead_call_id"]
                    assert ids.setdefault(number, numbered(callrail, number)) == first_good["id"]
                    assert call["good_lead_call_time"] == first_good["start_time"]
            else:
                assert call["good_lead_call_id"] is None and call["good_lead_call_time"] is None
                if call["lead_status"] is None:
                    assert first_good is None
            if call["lead_status"] == "good_lead" and first_good is None:
                first_good = call
    assert inherited > 0


def test_attribution_and_milestones(callrail, everything):
    session = [c for c in everything if c["landing_page_url"]]
    assert session and all(c["device_type"] in ("desktop", "mobile") for c in session)
    for call in session:
        if call["gclid"]:
            assert f"gclid={call['gclid']}" in call["landing_page_url"] and call["medium"] == "cpc"
        if call["referring_url"]:
            assert call["referrer_domain"] in call["referring_url"]
    assert all(c["device_type"] is None for c in everything if not c["landing_page_url"])
    by_person, by_id = {}, {c["id"]: c for c in everything}
    for call in sorted(everything, key=lambda c: datetime.fromisoformat(c["start_time"])):
        first = by_person.setdefault(call["person_id"], call)
        milestones = call["milestones"]
        assert list(milestones) == ["first_touch", "lead_created", "qualified", "last_touch"]
        assert milestones["first_touch"]["source"] == first["source"]
        assert milestones["lead_created"] == milestones["first_touch"]
        assert milestones["last_touch"]["event_date"] == call["start_time"]
        assert milestones["last_touch"]["source"] == call["source"]
        assert milestones["last_touch"]["landing"] == call["landing_page_url"]
        assert datetime.fromisoformat(milestones["first_touch"]["event_date"]) <= \
            datetime.fromisoformat(call["start_time"])
        if call["good_lead_call_id"]:
            good = by_id[numbered(callrail, call["good_lead_call_id"])]
            assert milestones["qualified"]["source"] == good["source"]
            assert milestones["qualified"]["landing"] == good["landing_page_url"]
        if call["lead_status"] is None:
            assert milestones["qualified"] is None


@pytest.mark.parametrize("name,value,check", [
    ("call_type", "first_call", lambda c: c["first_call"]),
    ("call_type", "missed", lambda c: not c["answered"] and not c["voicemail"]),
    ("call_type", "voicemails", lambda c: c["voicemail"]),
    ("call_type", "inbound", lambda c: c["direction"] == "inbound"),
    ("call_type", "outbound", lambda c: c["direction"] == "outbound"),
    ("answer_status", "answered", lambda c: c["answered"]),
    ("answer_status", "missed", lambda c: not c["answered"] and not c["voicemail"]),
    ("answer_status", "voicemail", lambda c: c["voicemail"]),
    ("device", "desktop", lambda c: c["device_type"] == "desktop"),
    ("device", "mobile", lambda c: c["device_type"] == "mobile"),
    ("direction", "inbound", lambda c: c["direction"] == "inbound"),
    ("direction", "outbound", lambda c: c["direction"] == "outbound"),
    ("lead_status", "good_lead", lambda c: c["lead_status"] == "good_lead"),
    ("lead_status", "not_a_lead", lambda c: c["lead_status"] == "not_a_lead"),
    ("lead_status", "not_scored", lambda c: c["lead_status"] in (None, "previously_marked_good_lead")),
])
def test_every_filter_value(callrail, company, everything, name, value, check):
    expected = {c["id"] for c in everything if check(c)}
    assert expected and len(expected) < len(everything)
    got = every_call(callrail, {name: value, "company_id": company})
    assert {c["id"] for c in got} == expected


def test_bad_filter_values_are_400(callrail):
    for name in ("call_type", "answer_status", "device", "direction", "lead_status"):
        error(callrail.api.get(calls_url(callrail), params={name: "bogus"}), 400, name)


def test_company_and_tracker_filters(callrail, company, everything):
    assert {c["company_id"] for c in everything} == {company}
    assert len(every_call(callrail)) > len(everything)
    tracker = everything[0]["tracker_id"]
    got = every_call(callrail, {"tracker_id": tracker})
    assert {c["id"] for c in got} == {c["id"] for c in everything if c["tracker_id"] == tracker}
    error(callrail.api.get(calls_url(callrail), params={"company_id": "COMnope"}), 400, "company_id")


def test_tags_filter_single_and_either(callrail, company, everything):
    counts = Counter(t for c in everything for t in c["tags"])
    (a, _), (b, _) = counts.most_common(2)
    got = every_call(callrail, {"tags": a, "company_id": company})
    assert {c["id"] for c in got} == {c["id"] for c in everything if a in c["tags"]}
    response = callrail.api.get(calls_url(callrail), params=[("tags[]", a), ("tags[]", b), ("per_page", 250),
                                                            ("company_id", company), *since(callrail).items()])
    either = {c["id"] for c in everything if a in c["tags"] or b in c["tags"]}
    assert ok(response)["total_records"] == len(either)


@pytest.mark.parametrize("sort,key", [
    ("customer_name", "customer_name"), ("customer_phone_number", "customer_phone_number"),
    ("duration", "duration"), ("start_time", "start_time"), ("source", "source"),
    ("customer_city", "customer_city"), ("customer_country", "customer_country"),
    ("landing_page_url", "landing_page_url"), ("device_type", "device_type"), ("answered", "answered"),
    ("first_call", "first_call"), ("source_name", "source_name"), ("lead_status", "lead_status"),
    ("tags", "tags")])
def test_every_sort_field_both_orders(callrail, company, sort, key):
    fields = "source,landing_page_url,device_type,first_call,source_name,lead_status,tags"
    for order in ("asc", "desc"):
        calls = every_call(callrail, {"sort": sort, "order": order, "company_id": company}, fields=fields)
        values = [_key(c, key) for c in calls]
        assert values == sorted(values, reverse=order == "desc"), (sort, order)
    assert len({str(v) for v in values}) > 1


def _key(call, key):
    value = call[key]
    if key == "tags":
        value = min(value) if value else None
    if key == "lead_status" and value == "previously_marked_good_lead":
        value = None  # sorted by the call's own score (docs/BEHAVIOUR.md)
    if key == "start_time":
        return (1, datetime.fromisoformat(value).timestamp())
    # SQLite puts NULLs first when ascending
    return (0, "") if value is None else (1, value)


def test_sort_default_orders_and_errors(callrail):
    newest = ok(callrail.api.get(calls_url(callrail), params={"sort": "start_time"}))["calls"]
    assert newest[0]["start_time"] >= newest[-1]["start_time"]
    error(callrail.api.get(calls_url(callrail), params={"sort": "note"}), 400, "sort")
    error(callrail.api.get(calls_url(callrail), params={"order": "asc"}), 400, "order")


@pytest.mark.parametrize("field", ["business_phone_number", "customer_name", "customer_phone_number", "note",
                                   "source", "tracking_phone_number"])
def test_every_search_field(callrail, company, everything, field):
    sample = next(c[field] for c in everything if c[field] and (field != "customer_name" or " " in c[field]))
    term = sample[2:9] if "phone" in field else sample.split(" ")[0][1:]
    fields = ("business_phone_number", "customer_name", "customer_phone_number", "note", "source",
              "tracking_phone_number")
    expected = {c["id"] for c in everything if any(term.lower() in (c[f] or "").lower() for f in fields)}
    got = every_call(callrail, {"search": term, "company_id": company}, fields="note,source")
    assert {c["id"] for c in got} == expected and expected


def test_date_filters(callrail, company, everything):
    days = sorted({c["start_time"][:10] for c in everything})
    day = days[len(days) // 2]
    got = every_call(callrail, {"start_date": day, "end_date": day, "time_zone": "UTC", "company_id": company})
    assert {c["id"] for c in got} == {c["id"] for c in everything if c["start_time"][:10] == day}
    recent = ok(callrail.api.get(calls_url(callrail), params={"company_id": company}))["total_records"]
    thirty = ok(callrail.api.get(calls_url(callrail), params={"date_range": "last_30_days",
                                                              "company_id": company}))["total_records"]
    assert 0 < thirty <= recent < len(everything)
    error(callrail.api.get(calls_url(callrail), params={"date_range": "someday"}), 400, "date_range")
    error(callrail.api.get(calls_url(callrail), params={"time_zone": "Mars/Base"}), 400, "time_zone")


def test_manager_sees_only_their_companies(callrail):
    manager = callrail.api.with_key(callrail.key_for("manager"))
    seen = every_call(callrail, api=manager, fields="company_id")
    companies = {c["company_id"] for c in seen}
    every = every_call(callrail, fields="company_id")
    assert seen and companies < {c["company_id"] for c in every}
    hidden = next(c for c in every if c["company_id"] not in companies)
    error(manager.get(f"/v3/a/{callrail.account_id}/calls/{hidden['id']}.json"), 404)


def test_per_page_limits(callrail):
    assert len(ok(callrail.api.get(calls_url(callrail), params={"per_page": 250, **since(callrail)}))["calls"]) == 250
    error(callrail.api.get(calls_url(callrail), params={"per_page": 251}), 400, "per_page")


def test_a_phone_number_search_ignores_punctuation(callrail, company, everything):
    number = everything[0]["customer_phone_number"]
    shown = f"({number[2:5]}) {number[5:8]}-{number[8:]}"
    got = every_call(callrail, {"search": shown, "company_id": company})
    assert number in {c["customer_phone_number"] for c in got}
    assert all(number[2:] in (c["customer_phone_number"] + (c["tracking_phone_number"] or "") +
                              (c["business_phone_number"] or "")) for c in got)
