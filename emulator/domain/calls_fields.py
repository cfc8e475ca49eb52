"""The call object: its output schemas (doc order; `fields=`-selectable fields marked optional)
and how each documented field derives from the stored columns, a page of rows at a time."""
from __future__ import annotations

from urllib.parse import parse_qsl, urlparse

from marshmallow import Schema, fields

from emulator.db import loads
from emulator.domain import calls_data, money, people, phones, recordings, tags
from emulator.engine.resource import Flag, optional


def _opt(field_cls=fields.Str, **kw):
    return field_cls(allow_none=True, metadata=optional(), **kw)


class CallSchema(Schema):
    answered = Flag(allow_none=True)
    business_phone_number = fields.Str(allow_none=True)
    customer_city = fields.Str(allow_none=True)
    customer_country = fields.Str(allow_none=True)
    customer_name = fields.Str(allow_none=True)
    customer_phone_number = fields.Str(allow_none=True)
    customer_state = fields.Str(allow_none=True)
    direction = fields.Str(allow_none=True)
    duration = fields.Int(allow_none=True)
    id = fields.Str()
    recording = fields.Str(allow_none=True)
    recording_duration = fields.Str(allow_none=True)
    recording_player = fields.Str(allow_none=True)
    start_time = fields.Str(allow_none=True)
    tracking_phone_number = fields.Str(allow_none=True)
    voicemail = Flag(allow_none=True)
    call_type = _opt()
    company_id = _opt()
    company_name = _opt()
    company_time_zone = _opt()
    created_at = _opt()
    device_type = _opt()
    first_call = _opt(Flag)
    formatted_call_type = _opt()
    formatted_customer_location = _opt()
    formatted_business_phone_number = _opt()
    formatted_customer_name = _opt()
    prior_calls = _opt(fields.Int)
    formatted_customer_name_or_phone_number = _opt()
    formatted_customer_phone_number = _opt()
    formatted_duration = _opt()
    formatted_tracking_phone_number = _opt()
    formatted_tracking_source = _opt()
    formatted_value = _opt()
    good_lead_call_id = _opt(fields.Int)
    good_lead_call_time = _opt()
    lead_status = _opt()
    note = _opt()
    source = _opt()
    source_name = _opt()
    tags = _opt(fields.Raw)
    total_calls = _opt(fields.Int)
    value = _opt(fields.Float)
    waveforms = _opt(fields.Raw)
    tracker_id = _opt()
    speaker_percent = _opt(fields.Raw)
    keywords = _opt()
    medium = _opt()
    campaign = _opt()
    referring_url = _opt()
    landing_page_url = _opt()
    last_requested_url = _opt()
    referrer_domain = _opt()
    utm_source = _opt()
    utm_medium = _opt()
    utm_term = _opt()
    utm_content = _opt()
    utm_campaign = _opt()
    utma = _opt()
    utmb = _opt()
    utmc = _opt()
    utmv = _opt()
    utmz = _opt()
    ga = _opt()
    gclid = _opt()
    fbclid = _opt()
    msclkid = _opt()
    milestones = _opt(fields.Raw)
    timeline_url = _opt()
    person_id = _opt()
    transcription = _opt()
    keywords_spotted = _opt(fields.Raw)
    call_highlights = _opt(fields.Raw)
    call_summary = _opt(fields.Raw)
    sentiment = _opt()
    agent_email = _opt()
    keypad_entries = _opt(fields.Raw)
    zip_code = _opt(fields.Raw)


class SingleCallSchema(CallSchema):
    """Retrieving a Single Call adds integration_data and conversational_transcript (A18)."""
    integration_data = _opt(fields.Raw)
    conversational_transcript = _opt(fields.Raw)


class WrittenCallSchema(SingleCallSchema):
    """Creating and Updating a Call answer with the 15 fields of their examples and tables:
    no recording_player by default (1331-1347, 1377-1399, 1417-1433, 1465-1495)."""
    recording_player = _opt()


# -- display forms --------------------------------------------------------------------------



def duration_text(seconds: int | None) -> str | None:
    """`13s`, `2m 59s`, `1h 2m 3s` (the summary examples' formatted_average_duration form)."""
    if seconds is None:
        return None
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h {minutes}m {secs}s"
    return f"{minutes}m {secs}s" if minutes else f"{secs}s"


def name_text(name: str | None) -> str | None:
    """Caller-ID names come in capitals ("RUEGSEGGER SIMO", "BLUE RIDGE, GA"): title case,
    keeping a trailing state abbreviation."""
    if not name:
        return name
    if name != name.upper():
        return name
    words = []
    for word in name.split(" "):
        bare = word.rstrip(",")
        keep = len(bare) == 2 and bare.isalpha() and words and words[-1].endswith(",")
        words.append(word if keep else word.capitalize())
    return " ".join(words)


def location_text(city, state) -> str | None:
    parts = [p for p in (city, state) if p]
    return ", ".join(parts) if parts else None


# -- derivation -----------------------------------------------------------------------------

def prepare(scope, rows, selected, single: bool = False) -> list[dict]:
    rows = [dict(r) for r in rows]
    conn = scope.conn
    wanted = set(selected)
    account = scope.account
    call_ids = [r["id"] for r in rows]
    companies = _by_id(conn, "companies", {r["company_id"] for r in rows}) \
        if wanted & {"company_name", "company_time_zone"} else {}
    agents = _by_id(conn, "users", {r["agent_id"] for r in rows if r["agent_id"]}) if "agent_email" in wanted else {}
    tag_names = tags.names_for(conn, "call", call_ids) if "tags" in wanted else {}
    lead_fields = {"lead_status", "good_lead_call_id", "good_lead_call_time", "milestones"}
    firsts = people.first_good_leads(conn, [r["person_id"] for r in rows]) if wanted & lead_fields else {}
    totals = _totals(conn, rows) if "total_calls" in wanted else {}
    milestone_rows = _milestone_rows(conn, rows, firsts) if "milestones" in wanted else {}
    good_numbers = _numeric_ids(conn, [g["id"] for g in firsts.values() if g["record_type"] == "call"]) \
        if "good_lead_call_id" in wanted else {}
    objects = []
    for row in rows:
        recorded = row["recording_duration"] is not None and row["recording_key"]
        status, good = people.lead_status(row["lead_status"], row["person_id"], row["start_time"], firsts)
        good = good if good and good["record_type"] == "call" else None  # "the id of the call"
        obj = dict(row)
        obj.update({
            "start_time": scope.local_time(row["start_time"]),
            "created_at": scope.local_time(row["created_at"]),
            "recording": (f"{scope.base_url}/v3/a/{account['numeric_id']}/calls/{row['numeric_id'] or row['id']}"
                          "/recording.json"
                          if recorded else None),
            "recording_duration": str(row["recording_duration"]) if recorded else None,
            "recording_player": recordings.player_url(scope.base_url, row) if recorded else None,
            "call_type": "abandonded" if row["call_type"] == "abandoned" else row["call_type"],
            "formatted_call_type": calls_data.CALL_TYPE_LABELS.get(row["call_type"]),
            "formatted_customer_location": location_text(row["customer_city"], row["customer_state"]),
            "formatted_business_phone_number": phones.formatted(row["business_phone_number"]),
            "formatted_customer_name": name_text(row["customer_name"]),
            "formatted_customer_name_or_phone_number": (name_text(row["customer_name"])
                                                        or phones.formatted(row["customer_phone_number"])),
            "formatted_customer_phone_number": phones.formatted(row["customer_phone_number"]),
            "formatted_duration": duration_text(row["duration"]),
            "formatted_tracking_phone_number": phones.formatted(row["tracking_phone_number"]),
            "formatted_tracking_source": row["source"],
            "formatted_value": money.formatted(row["value"]),
            "lead_status": status,
            "good_lead_call_id": good_numbers.get(good["id"]) if good else None,
            "good_lead_call_time": scope.local_time(good["time"]) if good else None,
            "tags": tag_names.get(row["id"], []),
            "total_calls": totals.get((row["company_id"], row["customer_phone_number"]), 0),
            "waveforms": ([f"https://app.callrail.com/calls/{row['id']}/waveforms/{side}.png"
                           for side in ("agent", "customer")] if recorded else None),
            "speaker_percent": (None if row["agent_talk_percent"] is None else
                                {"agent": row["agent_talk_percent"], "customer": 100 - row["agent_talk_percent"]}),
            "timeline_url": (f"https://app.callrail.com/analytics/a/{account['numeric_id']}/timeline/{row['person_id']}"
                             if row["person_id"] else None),
            "keywords_spotted": loads(row["keywords_spotted"]),
            "call_highlights": loads(row["call_highlights"], []),
            "call_summary": _summary(row["call_summary"], single),
            "keypad_entries": loads(row["keypad_entries"]),
            "zip_code": loads(row["zip_code"]),
            "integration_data": loads(row["integration_data"], []),
            "conversational_transcript": loads(row["conversational_transcript"]),
            "agent_email": agents.get(row["agent_id"], {}).get("email"),
            "company_name": companies.get(row["company_id"], {}).get("name"),
            "company_time_zone": companies.get(row["company_id"], {}).get("time_zone"),
        })
        if "milestones" in wanted:
            obj["milestones"] = _milestones(scope, row, milestone_rows, firsts)
        objects.append(obj)
    return objects


def _summary(text, single: bool):
    """A string in the list, an array of sentences on a single call (A18)."""
    if text is None or not single:
        return text
    return [s.strip() + "." for s in text.split(".") if s.strip()]


def _by_id(conn, table: str, keys) -> dict:
    keys = [k for k in keys if k]
    if not keys:
        return {}
    marks = ",".join("?" * len(keys))
    return {r["id"]: dict(r) for r in conn.execute(f"SELECT * FROM {table} WHERE id IN ({marks})", keys)}


def _totals(conn, rows) -> dict:
    """total_calls: every non-spam inbound call from that number to that company."""
    pairs = sorted({(r["company_id"], r["customer_phone_number"]) for r in rows})
    out = {}
    for start in range(0, len(pairs), 200):
        chunk = pairs[start:start + 200]
        clause = " OR ".join("(company_id = ? AND customer_phone_number = ?)" for _ in chunk)
        for r in conn.execute(
                f"SELECT company_id, customer_phone_number, COUNT(*) FROM calls WHERE spam = 0 "
                f"AND direction = 'inbound' AND ({clause}) GROUP BY company_id, customer_phone_number",
                [v for pair in chunk for v in pair]):
            out[(r[0], r[1])] = r[2]
    return out


def _numeric_ids(conn, call_ids) -> dict:
    """good_lead_call_id is the good call's numeric id: an integer, as typed and shown (878, 6496)."""
    call_ids = sorted(set(call_ids))
    marks = ",".join("?" * len(call_ids))
    return {r[0]: r[1] for r in conn.execute(f"SELECT id, numeric_id FROM calls WHERE id IN ({marks})",
                                             call_ids)} if call_ids else {}


def _milestone_rows(conn, rows, firsts) -> dict:
    """The person's first call (first touch, lead created) and first good-lead call (qualified)."""
    persons = sorted({r["person_id"] for r in rows if r["person_id"]})
    out: dict = {}
    if not persons:
        return out
    marks = ",".join("?" * len(persons))
    for r in conn.execute(
            f"SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY person_id ORDER BY start_time, id) AS n "
            f"FROM calls WHERE person_id IN ({marks}) AND spam = 0) WHERE n = 1", persons):
        out[("first", r["person_id"])] = dict(r)
    good_ids = [g["id"] for g in firsts.values() if g["record_type"] == "call"]
    if good_ids:
        marks = ",".join("?" * len(good_ids))
        for r in conn.execute(f"SELECT * FROM calls WHERE id IN ({marks})", good_ids):
            out[("qualified", r["person_id"])] = dict(r)
    return out


def _touch(scope, row, at=None) -> dict | None:
    if row is None:
        return None
    landing_params = dict(parse_qsl(urlparse(row.get("landing_page_url") or "").query))
    referrer_params = dict(parse_qsl(urlparse(row.get("referring_url") or "").query))
    return {
        "event_date": scope.local_time(at or row.get("session_started_at") or row.get("start_time")),
        "ad_position": None, "campaign": row.get("campaign"), "device": row.get("device_type"),
        "keywords": row.get("keywords"), "landing": row.get("landing_page_url"),
        "landing_page_url_params": landing_params, "match_type": None, "medium": row.get("medium"),
        "referrer": row.get("referring_url"), "referrer_url_params": referrer_params,
        "session_browser": row.get("browser"),
        "url_utm_params": {k: v for k, v in landing_params.items() if k.startswith("utm_")},
        "source": row.get("source"),
    }


def _milestones(scope, row, found, firsts) -> dict:
    """First touch and lead created: the person's first call; qualified: their first good-lead
    call, once it happened; last touch: this call (doc 1020-1089)."""
    first = found.get(("first", row["person_id"])) or row
    good = firsts.get(row["person_id"])
    qualified = None
    if good and good["time"] <= row["start_time"]:
        qualified = found.get(("qualified", row["person_id"])) or {"start_time": good["time"]}
    return {"first_touch": _touch(scope, first), "lead_created": _touch(scope, first),
            "qualified": _touch(scope, qualified), "last_touch": _touch(scope, row, row["start_time"])}
