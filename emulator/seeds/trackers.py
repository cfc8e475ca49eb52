"""Trackers with their tracking numbers, advanced call flows and outbound caller IDs.

Every active company gets a session tracker (a pool of 4+ numbers) and at least two source
trackers (Google paid search and an offline one); `docs` also has the doc's example trackers.
"""
from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta

from emulator import ids
from emulator.clock import iso_z
from emulator.db import insert
from emulator.domain import call_flows, numbers, trackers
from emulator.seeds import step

METRO_AREA_CODES = ("404", "770", "212", "303", "312", "415", "512", "617", "206", "305", "615", "704")
ALL_SEARCH = {"google": ["paid", "organic"], "bing": ["paid", "organic"], "yahoo": ["paid", "organic"]}
DOC_FLOW_UUID = "4d28a8d3-0137-4c9f-9c1f-a5505cef0674"   # doc 5660
DOC_ADVANCED_FLOW = {   # "Advanced Call Flow Object - New" (doc 5670-5707)
    "recording_enabled": False, "initial_step_id": "CRS8154748ae6bd4e278a7cddd38a662f4f",
    "steps": [
        {"destination_number": "+15551234567", "timeout": 60, "timeout_step_id": None, "id": 344126405,
         "type": "dial"},
        {"prompt_type": "text", "prompt_recording_id": None,
         "prompt_text": "Thank you for your support call. Please leave a message.", "transcribe": False,
         "id": 250778404, "type": "voicemail"},
        {"prompt_type": "text", "prompt_recording_id": None,
         "prompt_text": "Press 1 for Sales, press 2 for Support.",
         "menu_options": [{"key": "1", "description": "Forward to Sales", "next_step_id": 344126405},
                          {"key": "2", "description": "Forward to Support", "next_step_id": 250778404}],
         "id": 210884509, "type": "menu"}]}


def basic_flow(destination: str, recording: bool = True,
               greeting: str | None = "This call will be recorded for quality assurance") -> dict:
    return {"type": "basic", "recording_enabled": recording, "destination_number": destination,
            "greeting_text": greeting, "greeting_recording_url": None}


def add_tracker(ctx, company: dict, name: str, kind: str, destination: str, source: dict,
                numbers_: list[str], created_at: str, tracker_id: str | None = None, **values) -> dict:
    for number in numbers_:
        numbers.claim(ctx.conn, number, created_at)
    if values.get("call_flow", {}).get("type") == "advanced":
        destination = call_flows.destination(ctx.conn, values["call_flow"]) or ""
    toll_free = all(numbers.is_toll_free(n[-10:-7]) for n in numbers_)
    row = {"id": tracker_id or ids.prefixed(ctx.db, "TRK"), "account_id": company["account_id"],
           "company_id": company["id"], "name": name, "type": kind, "status": "active",
           "destination_number": destination, "swap_targets": json.dumps([destination] if destination else []),
           "whisper_message": None, "sms_supported": int(not toll_free), "sms_enabled": 0,
           "campaign_name": None, "source": json.dumps(source),
           "call_flow": json.dumps(basic_flow(destination)), "created_at": created_at,
           "disabled_at": None, "pool_size": len(numbers_) if kind == "session" else None}
    for key, value in values.items():
        row[key] = json.dumps(value) if isinstance(value, (dict, list)) else (
            int(value) if isinstance(value, bool) else value)
    trackers.store(ctx.conn, row, numbers_)
    return row


def _fresh(ctx, area_code: str, count: int, when: str) -> list[str]:
    return numbers.provision(ctx.db, ctx.conn, when, count, area_code=area_code)


def _between(ctx, start: str, end: datetime) -> str:
    begin = datetime.fromisoformat(start.replace("Z", "+00:00"))
    span = max(int((end - begin).total_seconds()), 1)
    return iso_z(begin + timedelta(seconds=ctx.rng.randint(0, span)))


def _advanced_flows(ctx, company: dict, destination: str) -> list[str]:
    """Two advanced flows per company in the documented format; their uuids."""
    made = []
    for name, voicemail_only in (("Sales and Support Menu", False), ("After Hours Voicemail", True)):
        flow_uuid = str(uuid.UUID(int=ctx.rng.getrandbits(128), version=4))
        base = ctx.rng.randint(100_000_000, 899_999_999)
        voicemail = {"prompt_type": "text", "prompt_recording_id": None,
                     "prompt_text": f"Thank you for calling {company['name']}. Please leave a message.",
                     "transcribe": True, "id": base + 1, "type": "voicemail"}
        if voicemail_only:
            flow = {"recording_enabled": False, "initial_step_id": ids.prefixed(ctx.db, "CRS"),
                    "steps": [voicemail]}
        else:
            flow = {"recording_enabled": True, "initial_step_id": ids.prefixed(ctx.db, "CRS"), "steps": [
                {"destination_number": destination, "timeout": 30, "timeout_step_id": base + 1,
                 "id": base, "type": "dial"}, voicemail,
                {"prompt_type": "text", "prompt_recording_id": None,
                 "prompt_text": "Press 1 for Sales, press 2 to leave a message.",
                 "menu_options": [{"key": "1", "description": "Forward to Sales", "next_step_id": base},
                                  {"key": "2", "description": "Voicemail", "next_step_id": base + 1}],
                 "id": base + 2, "type": "menu"}]}
        call_flows.add_advanced(ctx.conn, company["account_id"], company["id"], flow_uuid, name, flow,
                                company["created_at"])
        made.append(flow_uuid)
    return made


def _caller_id(ctx, company: dict, name: str, number: str, verified: bool, created_at: str,
               caller_id: int | None = None) -> None:
    row = {"account_id": company["account_id"], "company_id": company["id"], "name": name,
           "phone_number": number, "verified": int(verified),
           "validation_code": f"{ctx.rng.randint(0, 999_999):06d}", "created_at": created_at}
    if caller_id is not None:
        row["id"] = caller_id
    insert(ctx.conn, "caller_ids", row)


def _standard_set(ctx, company: dict, area_code: str, destination: str) -> list[dict]:
    """A session tracker plus Google-paid and offline source trackers, with flows and caller IDs."""
    rng = ctx.rng
    made = []
    flows = _advanced_flows(ctx, company, destination)
    when = _between(ctx, company["created_at"], ctx.now - timedelta(days=30))
    pool = rng.randint(4, 6)
    made.append(add_tracker(
        ctx, company, "Website Visitors", "session", destination,
        {"type": "all"} if rng.random() < 0.5 else ALL_SEARCH, _fresh(ctx, area_code, pool, when), when,
        whisper_message="Call from [source].", sms_enabled=True,
        swap_targets=[destination]))
    when = _between(ctx, when, ctx.now - timedelta(days=20))
    made.append(add_tracker(
        ctx, company, "Google Ads", "source", destination,
        {"type": "search", "search_engine": "google", "search_type": "paid"},
        _fresh(ctx, area_code, 1, when), when, campaign_name="Google Ads", sms_enabled=rng.random() < 0.5))
    when = _between(ctx, when, ctx.now - timedelta(days=10))
    toll_free = rng.random() < 0.4
    made.append(add_tracker(
        ctx, company, "Billboard" if toll_free else "Direct Mail", "source", destination, {"type": "offline"},
        numbers.provision(ctx.db, ctx.conn, when, 1, toll_free=True) if toll_free
        else _fresh(ctx, area_code, 1, when), when, campaign_name="Offline",
        call_flow={"type": "advanced", "uuid": flows[0]}))
    _caller_id(ctx, company, "Main Office", destination, True, when)
    return made


def _demo_destination(ctx, area_code: str) -> str:
    return numbers.provision(ctx.db, ctx.conn, iso_z(ctx.now), 1, area_code=area_code)[0]


@step("demo", 20)
def demo(ctx):
    companies = [dict(r) for r in ctx.conn.execute("SELECT * FROM companies ORDER BY rowid")]
    for company in companies:
        area_code = ctx.rng.choice(METRO_AREA_CODES)
        destination = _demo_destination(ctx, area_code)
        if company["status"] != "active":
            tracker = add_tracker(ctx, company, "Retired Campaign", "source", destination, {"type": "direct"},
                                  _fresh(ctx, area_code, 1, company["created_at"]), company["created_at"])
            _disable(ctx, tracker, company["disabled_at"])
            continue
        made = _standard_set(ctx, company, area_code, destination)
        when = _between(ctx, made[-1]["created_at"], ctx.now - timedelta(days=5))
        if ctx.rng.random() < 0.5:
            made.append(add_tracker(ctx, company, "Facebook", "source", destination,
                                    {"type": "web_referrer", "referrer": "facebook.com"},
                                    _fresh(ctx, area_code, 1, when), when, sms_enabled=True))
        old = add_tracker(ctx, company, "Spring Promo", "source", destination,
                          {"type": "landing_params", "landing": "promo=spring"},
                          _fresh(ctx, area_code, 1, when), when, campaign_name="Spring Promo")
        _disable(ctx, old, iso_z(ctx.now - timedelta(days=2)))
        cell = ctx.faker.numerify(f"+1{area_code}5#####")
        if cell[5] in "01":
            cell = cell[:5] + "5" + cell[6:]
        _caller_id(ctx, company, f"{ctx.faker.first_name()}'s Cell", cell, False, when)


def _disable(ctx, tracker: dict, when: str) -> None:
    ctx.conn.execute("UPDATE trackers SET status='disabled', disabled_at=? WHERE id=?", (when, tracker["id"]))


@step("docs", 20)
def docs(ctx):
    """The doc's trackers (4884-4948, 5015-5047), its text-message and call numbers, and its caller IDs."""
    companies = {r["id"]: dict(r) for r in ctx.conn.execute("SELECT * FROM companies ORDER BY rowid")}
    widget = companies.get("COM8154748ae6bd4e278a7cddd38a662f4f")
    doc_destination = "+15553104554"
    created = "2011-07-05T19:06:10Z"
    if widget:
        call_flows.add_advanced(ctx.conn, widget["account_id"], widget["id"], DOC_FLOW_UUID,
                                "Sales and Support Menu", DOC_ADVANCED_FLOW, widget["created_at"])
        flow = basic_flow(doc_destination)
        add_tracker(ctx, widget, "My Billboard", "source", doc_destination,
                    {"type": "search", "search_engine": "google", "search_type": "organic"},
                    ["+14045559999"], created, "TRK8154748ae6bd4e278a7cddd38a662f4f",
                    campaign_name="Billboard", call_flow=flow)
        add_tracker(ctx, widget, "Widget Shop", "session", doc_destination, ALL_SEARCH,
                    ["+14045551111", "+14045552222", "+14045553333", "+14045554444"], created,
                    "TRK8154748ae6bd4e278a7cddd38a662d5d", whisper_message="Call from [source].",
                    sms_enabled=True, call_flow=flow, swap_targets=["+17704761456", "+17705551234"])
        add_tracker(ctx, widget, "Google Paid", "source", doc_destination,
                    {"type": "search", "search_engine": "google", "search_type": "paid"},
                    ["+14045556677"], created, "TRK8154748ae6bd4e278a7cddd38a662f5f",
                    sms_enabled=True, campaign_name="Google AdWords", call_flow=flow)
        add_tracker(ctx, widget, "Text Line", "source", doc_destination, {"type": "direct"},
                    ["+17703334455"], created, "TRK8154748ae6bd4e278a7cddd38a662d4d", sms_enabled=True,
                    whisper_message="Call from [source].", call_flow=flow)
        add_tracker(ctx, widget, "Support Menu", "source", doc_destination,
                    {"type": "landing_url", "landing": "www.example.com/promo1"},
                    ["+13038163491"], created, call_flow={"type": "advanced",
                                                                                "uuid": DOC_FLOW_UUID})
        add_tracker(ctx, widget, "Facebook", "source", doc_destination,
                    {"type": "web_referrer", "referrer": "facebook.com"}, ["+17708243899"], created)
        add_tracker(ctx, widget, "Google Call Extension", "source", doc_destination,
                    {"type": "google_ad_extension"}, ["+14045555466"], created)
        add_tracker(ctx, widget, "Toll Free", "source", doc_destination, {"type": "offline"},
                    ["+18885550123"], created)
        _caller_id(ctx, widget, "Bob's Cell", "+17704445555", True, "2015-04-17T15:02:36Z", 10)
        _caller_id(ctx, widget, "Bob's Cell", "+14043334455", True, "2016-08-26T13:29:00Z", 13)
        _caller_id(ctx, widget, "Gene's Cell", "+14043345566", True, "2016-08-26T13:29:00Z", 14)
    for company in companies.values():
        if company is widget:
            continue
        if company["status"] != "active":
            tracker = add_tracker(ctx, company, "Retired Campaign", "source", doc_destination,
                                  {"type": "direct"}, _fresh(ctx, "404", 1, company["created_at"]),
                                  company["created_at"])
            _disable(ctx, tracker, company["disabled_at"])
            continue
        _standard_set(ctx, company, "404", doc_destination)
