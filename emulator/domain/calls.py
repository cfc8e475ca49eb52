"""Calls ("Calls"): the stored call log every call endpoint and report reads.

Table `calls`, one row per call. Every documented field is either a column or derived from
columns (emulator/domain/calls_fields.py). Timestamps are UTC `iso_z` text (they sort as text).

  id                    CAL + 32 hex
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

from emulator.db import schema

schema("""
CREATE TABLE IF NOT EXISTS calls (
    id TEXT PRIMARY KEY,
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
CREATE INDEX IF NOT EXISTS calls_account_start ON calls(account_id, spam, start_time, id);
CREATE INDEX IF NOT EXISTS calls_company_start ON calls(company_id, spam, start_time, id);
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
""")

from emulator.domain import people  # noqa: E402

people.register_lead_source("calls", "start_time", "call")
