"""People (leads): one person per customer phone number within a company, shared by calls,
texts and form submissions, so one caller who later texts or submits a form keeps one
`person_id` (changelog, May 16, 2024)."""
from __future__ import annotations

from emulator import ids
from emulator.clock import iso_z
from emulator.db import insert, schema

schema("""
CREATE TABLE IF NOT EXISTS people (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    phone_number TEXT,            -- E.164
    email TEXT,
    name TEXT,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS people_company_phone ON people(company_id, phone_number)
    WHERE phone_number IS NOT NULL;
CREATE INDEX IF NOT EXISTS people_company_email ON people(company_id, email);
""")


def find_or_create(db, conn, now, account_id: str, company_id: str, phone_number: str | None = None,
                   name: str | None = None, email: str | None = None) -> dict:
    """The person with this phone number (else this email) in the company, created if new."""
    row = None
    if phone_number:
        row = conn.execute("SELECT * FROM people WHERE company_id=? AND phone_number=?",
                           (company_id, phone_number)).fetchone()
    if row is None and email:
        row = conn.execute("SELECT * FROM people WHERE company_id=? AND email=? ORDER BY rowid LIMIT 1",
                           (company_id, email)).fetchone()
    if row is not None:
        person = dict(row)
        fill = {k: v for k, v in (("name", name), ("email", email), ("phone_number", phone_number))
                if v and not person.get(k)}
        if fill:
            sets = ", ".join(f"{k}=?" for k in fill)
            conn.execute(f"UPDATE people SET {sets} WHERE id=?", (*fill.values(), person["id"]))
            person.update(fill)
        return person
    person = {"id": ids.prefixed(db, "PER"), "account_id": account_id, "company_id": company_id,
              "phone_number": phone_number, "email": email, "name": name, "created_at": iso_z(now)}
    insert(conn, "people", person)
    return person
