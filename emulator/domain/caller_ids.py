"""Outbound caller IDs ("Outbound Caller IDs", doc 3957-4124)."""
from __future__ import annotations

from emulator.db import schema

# `companies.verified_caller_ids` reads (company_id, name, phone_number, verified) ordered by id.
schema("""
CREATE TABLE IF NOT EXISTS caller_ids (
    id INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    phone_number TEXT NOT NULL,
    verified INTEGER NOT NULL DEFAULT 0,
    validation_code TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS caller_ids_company ON caller_ids(company_id, id);
""")
