"""Calls ("Calls"): the stored call log every call endpoint and report reads.

Table `calls`, one row per call. Every documented field is either a column or derived from
columns (emulator/domain/calls_fields.py). Timestamps are UTC `iso_z` text (they sort as text).

  id                    CAL + 32 hex
  numeric_id            nine digits, unique: the doc's numeric call ids (calls/111222333/recording.json,
                        calls/444941612.json) address the same call (docs/BEHAVIOUR.md)
  account_id            ACC id
  company_id            COM id of the tracker's company
  tracker_id            TRK id of the tracker owning the tracking number (NULL: outbound from a
                        verified caller id that is not a tracking number)
  person_id             PER id (emulator/domain/people.py): one person per customer number per company
  agent_id              USR id of the user who answered / placed the call (agent_email, summary `agent`)
  direction             'inbound' | 'outbound'
  start_time            UTC; the date column for date_range/start_date/end_date
  created_at            UTC; when the row was created (equals start_time for seeded calls)
  duration              seconds, NULL while in progress (outbound right after POST)
  answered              0/1, NULL while unknown (outbound just placed)
  voicemail             0/1
  call_type             answered | missed | voicemail | voicemail_transcription | abandoned |
                        in_progress | outbound   (derived once from answered/voicemail/direction/
                        duration/transcription at write time; rendered 'abandonded' as the doc spells it)
  first_call            0/1: no earlier non-spam call from customer_phone_number in this company
  prior_calls           number of earlier non-spam calls from that number in this company
                        (both maintained by calls.renumber() whenever that history changes)
  tracking_phone_number E.164 number dialled (inbound) / caller id shown (outbound)
  business_phone_number E.164 number that answered (tracker destination) or NULL
  customer_phone_number E.164
  customer_name, customer_city, customer_state (2 letters), customer_country ('US'/'CA')
  source                marketing source as shown ("Google Ads", "Google Organic", "Direct", ...)
  source_name           tracker name at call time ("The name of the tracking number")
  medium, campaign, keywords
  referring_url, referrer_domain, landing_page_url, last_requested_url
  utm_source, utm_medium, utm_term, utm_content, utm_campaign, utma, utmb, utmc, utmv, utmz, ga,
  gclid, fbclid, msclkid
  device_type           'desktop' | 'mobile' | NULL (session-tracker calls only)
  browser               session browser ("Chrome"), milestones' session_browser
  session_id            web session of a session-tracker call; `call_page_views.session_id`
  session_started_at    UTC time of the session's landing (milestones event_date)
  lead_status           the call's OWN score: 'good_lead' | 'not_a_lead' | NULL. The rendered
                        lead_status adds 'previously_marked_good_lead' when an earlier record of the
                        same person was scored good (people.previously_good_lead); not stored.
  value                 REAL dollars or NULL
  note                  text or NULL
  spam                  0/1; spam calls are excluded from every listing and report
  recording_duration    seconds of recording, NULL = no recording
  recording_key         hex access key of recording_player / recording URLs
  recording_enabled     0/1 (outbound request flag)
  transcription         text or NULL
  conversational_transcript JSON list of {speaker, phrase, start} or NULL
  agent_talk_percent    0-100 or NULL (speaker_percent: agent / customer = 100 - agent)
  sentiment             'positive' | 'neutral' | 'negative' | NULL
  call_summary          text or NULL
  call_highlights       JSON list of strings or NULL
  keywords_spotted      JSON list of {keyword, locations: [{speaker, start}]} or NULL
  keypad_entries        JSON list of {name, value} or NULL
  zip_code              JSON list of strings or NULL
  integration_data      JSON list of objects or NULL
  outbound_greeting_recording_url, outbound_greeting_text   (outbound request fields)

Table `call_page_views`: page views of a web session (Page Views endpoint); a call shows the
views of its session_id created before its start_time, newest first.
Tags of a call are rows of `taggings` (emulator/domain/tags.py) with record_type 'call'.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from urllib.parse import urlparse

from emulator import ids
from emulator.db import insert, schema
from emulator.domain import calls_data, calls_fields, people, phones, tags
from emulator.domain.calls_fields import CallSchema, SingleCallSchema, WrittenCallSchema
from emulator.engine import relative
from emulator.engine.collection import Query, list_collection
from emulator.engine.resource import Filter, Resource, Sort
from emulator.engine.shape import render_one
from emulator.errors import not_found

_DDL = """
CREATE TABLE IF NOT EXISTS calls (
    id TEXT PRIMARY KEY,
    numeric_id INTEGER,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    tracker_id TEXT,
    person_id TEXT,
    agent_id TEXT,
    direction TEXT NOT NULL DEFAULT 'inbound',
    start_time TEXT NOT NULL,
    created_at TEXT NOT NULL,
    duration INTEGER,
    answered INTEGER,
    voicemail INTEGER NOT NULL DEFAULT 0,
    call_type TEXT NOT NULL,
    first_call INTEGER NOT NULL DEFAULT 1,
    prior_calls INTEGER NOT NULL DEFAULT 0,
    tracking_phone_number TEXT,
    business_phone_number TEXT,
    customer_phone_number TEXT NOT NULL,
    customer_name TEXT,
    customer_city TEXT,
    customer_state TEXT,
    customer_country TEXT,
    source TEXT,
    source_name TEXT,
    medium TEXT,
    campaign TEXT,
    keywords TEXT,
    referring_url TEXT,
    referrer_domain TEXT,
    landing_page_url TEXT,
    last_requested_url TEXT,
    utm_source TEXT,
    utm_medium TEXT,
    utm_term TEXT,
    utm_content TEXT,
    utm_campaign TEXT,
    utma TEXT,
    utmb TEXT,
    utmc TEXT,
    utmv TEXT,
    utmz TEXT,
    ga TEXT,
    gclid TEXT,
    fbclid TEXT,
    msclkid TEXT,
    device_type TEXT,
    browser TEXT,
    session_id TEXT,
    session_started_at TEXT,
    lead_status TEXT,
    value REAL,
    note TEXT,
    spam INTEGER NOT NULL DEFAULT 0,
    recording_duration INTEGER,
    recording_key TEXT,
    recording_enabled INTEGER NOT NULL DEFAULT 1,
    transcription TEXT,
    conversational_transcript TEXT,
    agent_talk_percent INTEGER,
    sentiment TEXT,
    call_summary TEXT,
    call_highlights TEXT,
    keywords_spotted TEXT,
    keypad_entries TEXT,
    zip_code TEXT,
    integration_data TEXT,
    outbound_greeting_recording_url TEXT,
    outbound_greeting_text TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS calls_numeric ON calls(numeric_id);
CREATE INDEX IF NOT EXISTS calls_account_start ON calls(account_id, spam, start_time);
CREATE INDEX IF NOT EXISTS calls_company_start ON calls(company_id, spam, start_time);
CREATE INDEX IF NOT EXISTS calls_tracker_start ON calls(tracker_id, start_time);
CREATE INDEX IF NOT EXISTS calls_company_customer ON calls(company_id, customer_phone_number, start_time);
CREATE INDEX IF NOT EXISTS calls_person ON calls(person_id, start_time);
CREATE INDEX IF NOT EXISTS calls_agent ON calls(agent_id, start_time);
CREATE INDEX IF NOT EXISTS calls_account_customer_name ON calls(account_id, customer_name);
CREATE INDEX IF NOT EXISTS calls_account_duration ON calls(account_id, duration);
CREATE INDEX IF NOT EXISTS calls_account_source ON calls(account_id, source);
CREATE TABLE IF NOT EXISTS call_page_views (
    id INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL,
    session_id TEXT NOT NULL,
    page_url TEXT NOT NULL,
    referrer_url TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS call_page_views_session ON call_page_views(session_id, created_at);
"""
schema(_DDL)


def _columns() -> list[str]:
    ddl = _DDL.split("CREATE TABLE IF NOT EXISTS calls (", 1)[1].split(");", 1)[0]
    return [line.split()[0] for line in ddl.strip().splitlines()]


COLUMNS = _columns()

people.register_lead_source("calls", "start_time", "call", has_spam=True)

# History: first_call / prior_calls count the company's earlier non-spam INBOUND calls from the
# same number (docs/BEHAVIOUR.md "Call history"); outbound calls are never a first call.
_RECOUNT = """
UPDATE calls SET prior_calls = h.prior, first_call = (h.prior = 0 AND calls.direction = 'inbound')
FROM (SELECT id, COALESCE(COUNT(*) FILTER (WHERE spam = 0 AND direction = 'inbound') OVER (
          PARTITION BY customer_phone_number ORDER BY start_time, id
          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS prior
      FROM calls WHERE company_id = ? {extra}) AS h
WHERE calls.id = h.id AND (calls.prior_calls IS NOT h.prior
      OR calls.first_call IS NOT (h.prior = 0 AND calls.direction = 'inbound'))
"""


def recount_all(conn, company_id: str) -> None:
    conn.execute(_RECOUNT.format(extra=""), (company_id,))


def renumber(conn, company_id: str, customer_phone_number: str) -> None:
    """Refresh first_call/prior_calls of one caller's calls after their history changed."""
    conn.execute(_RECOUNT.format(extra="AND customer_phone_number = ?"), (company_id, customer_phone_number))


NUMERIC_BASE = 300_000_000  # above the doc's example numbers the docs seed gives (111222333)


def numeric_ids(db, count: int = 1) -> list[int]:
    """`count` fresh numeric call ids: a counter, so unique and the same for the same requests."""
    end = db.conn().execute(
        "INSERT INTO counters(name, value) VALUES('num:call', ?) "
        "ON CONFLICT(name) DO UPDATE SET value=value+? RETURNING value", (count, count)).fetchone()[0]
    return list(range(NUMERIC_BASE + end - count + 1, NUMERIC_BASE + end + 1))


def new_row(db, account_id: str, company_id: str, tracker: dict | None, start: str, **values) -> dict:
    """A complete calls row: defaults, then `values`, then what follows from them (customer
    location, attribution from the tracker unless given, call_type, recording key)."""
    row = dict.fromkeys(COLUMNS)
    row.update({"id": values.pop("id", None) or ids.prefixed(db, "CAL"),
                "numeric_id": values.pop("numeric_id", None) or numeric_ids(db)[0],
                "account_id": account_id, "company_id": company_id,
                "tracker_id": tracker["id"] if tracker else None, "direction": "inbound",
                "start_time": start, "created_at": start, "voicemail": 0, "first_call": 1,
                "prior_calls": 0, "spam": 0, "recording_enabled": 1,
                "source_name": tracker["name"] if tracker else None})
    if tracker and tracker["type"] == "source":
        row.update(calls_data.tracker_source(tracker))
    elif tracker:
        row.update({"source": "Direct", "medium": "direct"})
    row.update({k: v for k, v in values.items() if v is not None or k not in row})
    if row["tracker_id"] and tracker and tracker["type"] == "session" and row.get("landing_page_url"):
        params = calls_data.params_from(row["landing_page_url"])
        for key in ("utm_source", "utm_medium", "utm_term", "utm_content", "utm_campaign",
                    "gclid", "fbclid", "msclkid"):
            if row.get(key) is None and params.get(key):
                row[key] = params[key]
    if row.get("referring_url") and not row.get("referrer_domain"):
        row["referrer_domain"] = urlparse(row["referring_url"]).netloc or None
    city, state, country = calls_data.location(row["customer_phone_number"])
    for key, value in (("customer_city", city), ("customer_state", state), ("customer_country", country)):
        if row.get(key) is None:
            row[key] = value
    for key in ("answered", "voicemail", "spam", "recording_enabled"):
        if isinstance(row.get(key), bool):
            row[key] = int(row[key])
    for key in ("conversational_transcript", "call_highlights", "keywords_spotted", "keypad_entries",
                "zip_code", "integration_data"):
        if row.get(key) is not None and not isinstance(row[key], str):
            row[key] = json.dumps(row[key])
    if row.get("recording_duration") and not row.get("recording_key"):
        row["recording_key"] = hashlib.md5(row["id"].encode()).hexdigest()[:20]
    row["call_type"] = calls_data.call_type(row["direction"], row.get("answered"), row.get("voicemail"),
                                            row.get("duration"), row.get("transcription"))
    return row


def store(db, conn, now, row: dict) -> dict:
    """Insert a call: its person (one per customer number per company), then the caller's
    history counts."""
    person = people.find_or_create(db, conn, now, row["account_id"], row["company_id"],
                                   row["customer_phone_number"], name=row.get("customer_name"))
    row["person_id"] = person["id"]
    insert(conn, "calls", row)
    renumber(conn, row["company_id"], row["customer_phone_number"])
    return row


# -- the resource --------------------------------------------------------------------------

def _tracker_filter(scope, values):
    return "calls.tracker_id = ?", [values[0]]


MISSED = "calls.answered = 0 AND calls.voicemail = 0"
RESOURCE = Resource(
    name="call", table="calls", schema=CallSchema, collection_key="calls",
    sorts={
        "customer_name": Sort("calls.customer_name"),
        "customer_phone_number": Sort("calls.customer_phone_number", nullable=False),
        "duration": Sort("calls.duration"),
        "start_time": Sort("calls.start_time", "desc", nullable=False),
        "source": Sort("calls.source"),
        "customer_city": Sort("calls.customer_city"),
        "customer_country": Sort("calls.customer_country"),
        "landing_page_url": Sort("calls.landing_page_url"),
        "device_type": Sort("calls.device_type"),
        "answered": Sort("calls.answered"),
        "first_call": Sort("calls.first_call", nullable=False),
        "source_name": Sort("calls.source_name"),
        "lead_status": Sort("calls.lead_status"),
        # a call's tags sort by the first of its tag names
        "tags": Sort("(SELECT MIN(tags.name) FROM taggings t JOIN tags ON tags.id = t.tag_id "
                     "WHERE t.record_type = 'call' AND t.record_id = calls.id)"),
    },
    default_sort="calls.start_time DESC, calls.rowid DESC",
    relative_default_sort="start_time",
    filters={
        "tracker_id": Filter(sql=_tracker_filter),
        # `voicemails` is the doc's filter value (line 773); `voicemail` is accepted too (A11).
        "call_type": Filter(values={
            "first_call": "calls.first_call = 1", "missed": MISSED,
            "voicemails": "calls.voicemail = 1", "voicemail": "calls.voicemail = 1",
            "inbound": "calls.direction = 'inbound'", "outbound": "calls.direction = 'outbound'"}),
        "answer_status": Filter(values={"answered": "calls.answered = 1", "missed": MISSED,
                                        "voicemail": "calls.voicemail = 1"}),
        "device": Filter(values={"desktop": "calls.device_type = 'desktop'",
                                 "mobile": "calls.device_type = 'mobile'"}),
        "direction": Filter(values={"inbound": "calls.direction = 'inbound'",
                                    "outbound": "calls.direction = 'outbound'"}),
        "lead_status": Filter(values={"good_lead": "calls.lead_status = 'good_lead'",
                                      "not_a_lead": "calls.lead_status = 'not_a_lead'",
                                      "not_scored": "calls.lead_status IS NULL"}),
        "tags": Filter(sql=tags.filter_sql("call", "calls.id"), many=True),
    },
    # "customer_number" in the doc's list is the customer_phone_number column (A11).
    search=("calls.business_phone_number", "calls.customer_name", "calls.customer_phone_number",
            "calls.note", "calls.source", "calls.tracking_phone_number"),
    date_column="start_time",
    company_column="company_id",
    prepare=lambda scope, rows, selected: calls_fields.prepare(scope, rows, selected),
)
SINGLE = replace(RESOURCE, schema=SingleCallSchema,
                 prepare=lambda scope, rows, selected: calls_fields.prepare(scope, rows, selected, single=True))
WRITTEN = replace(SINGLE, schema=WrittenCallSchema)


def base(scope) -> Query:
    return Query().where("calls.account_id = ?", scope.account["id"]).where("calls.spam = 0")


def get(scope, call_id) -> dict:
    """A non-spam call of the account in a company the key can see, by CAL id or numeric id,
    else 404."""
    number = ids.as_int(call_id) if str(call_id).isdecimal() and not str(call_id).startswith("0") else None
    if number is not None:  # the doc's numeric form (A9)
        row = scope.conn.execute("SELECT * FROM calls WHERE numeric_id = ? AND account_id = ? AND spam = 0",
                                 (number, scope.account["id"])).fetchone()
    else:
        row = scope.conn.execute("SELECT * FROM calls WHERE id = ? AND account_id = ? AND spam = 0",
                                 (str(call_id), scope.account["id"])).fetchone()
    if row is None or not scope.can_see_company(row["company_id"]):
        raise not_found("Call")
    return dict(row)


def list_calls(scope, args, url: str) -> dict:
    args = phones.search_args(args)
    if relative.wanted(RESOURCE, args):
        return relative.list_page(scope, RESOURCE, args, url, base(scope))
    return list_collection(scope, RESOURCE, args, base(scope))


def show(scope, call_id, args=None) -> dict:
    return render_one(scope, SINGLE, get(scope, call_id), args if args is not None else scope.args)

