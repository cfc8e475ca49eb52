"""Trackers and the tracking numbers they own ("Trackers", "Requesting a Number").

The tables below are the contract other resources build on: calls and texts arrive on a
`tracking_numbers.number` and find their tracker and company through it.
"""
from __future__ import annotations

from emulator.db import insert, insert_many, schema

schema("""
CREATE TABLE IF NOT EXISTS trackers (
    id TEXT PRIMARY KEY,                      -- TRK + 32 hex
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    type TEXT NOT NULL,                       -- session | source
    status TEXT NOT NULL DEFAULT 'active',    -- active | disabled
    destination_number TEXT NOT NULL,         -- E.164
    swap_targets TEXT,                        -- JSON list of E.164 numbers
    whisper_message TEXT,
    sms_supported INTEGER NOT NULL DEFAULT 1,
    sms_enabled INTEGER NOT NULL DEFAULT 0,
    campaign_name TEXT,                       -- source trackers only
    source TEXT NOT NULL,                     -- JSON source object as the API shows it
    call_flow TEXT,                           -- JSON call flow object
    created_at TEXT NOT NULL,
    disabled_at TEXT,
    pool_size INTEGER                         -- session trackers: numbers requested (4-50)
);
CREATE INDEX IF NOT EXISTS trackers_account_name ON trackers(account_id, name);
CREATE INDEX IF NOT EXISTS trackers_company ON trackers(company_id, status);
CREATE TABLE IF NOT EXISTS tracking_numbers (
    number TEXT PRIMARY KEY,                  -- E.164, e.g. +14045551234
    tracker_id TEXT NOT NULL REFERENCES trackers(id) ON DELETE CASCADE,
    account_id TEXT NOT NULL,
    company_id TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,      -- order within a session tracker's pool
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS tracking_numbers_tracker ON tracking_numbers(tracker_id, position);
CREATE INDEX IF NOT EXISTS tracking_numbers_company ON tracking_numbers(company_id);
-- The company's "Outbound Number for form submissions" (doc 5564-5566): a tracker that cannot be
-- disabled while it holds the role. Set with PUT /_emulator/a/{account_id}/companies/{id}/form_outbound_tracker.
CREATE TABLE IF NOT EXISTS form_outbound_trackers (
    company_id TEXT PRIMARY KEY REFERENCES companies(id) ON DELETE CASCADE,
    tracker_id TEXT NOT NULL REFERENCES trackers(id) ON DELETE CASCADE
);
""")


def by_number(conn, account_id: str, number: str) -> dict | None:
    """The tracker that owns a tracking number in this account, with its company id."""
    row = conn.execute(
        "SELECT trackers.* FROM tracking_numbers n JOIN trackers ON trackers.id = n.tracker_id "
        "WHERE n.number = ? AND n.account_id = ?", (number, account_id)).fetchone()
    return dict(row) if row else None


def store(conn, row: dict, numbers: list[str]) -> None:
    """Insert a tracker row (source/call_flow/swap_targets already JSON) and its numbers in order."""
    insert(conn, "trackers", row)
    insert_many(conn, "tracking_numbers", [
        {"number": number, "tracker_id": row["id"], "account_id": row["account_id"],
         "company_id": row["company_id"], "position": i, "created_at": row["created_at"]}
        for i, number in enumerate(numbers)])
