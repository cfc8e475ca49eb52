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


# Records that can be scored as leads, per table: (table, time column, record type). Calls
# register here; form submissions (and anything else scored) register the same way, so
# "previously marked good lead" looks across every scored interaction of the person.
_LEAD_SOURCES: list[tuple[str, str, str, bool]] = []


def register_lead_source(table: str, time_column: str, record_type: str, has_spam: bool = False) -> None:
    """`table` needs columns id, person_id, lead_status and `time_column` (UTC text); with
    `has_spam`, rows whose `spam` column is set are ignored. Registering modules own their
    tables, so every registered table exists."""
    if (table, time_column, record_type, has_spam) not in _LEAD_SOURCES:
        _LEAD_SOURCES.append((table, time_column, record_type, has_spam))


def first_good_leads(conn, person_ids) -> dict[str, dict]:
    """Per person, the earliest record scored `good_lead`:
    {person_id: {"record_type", "id", "time"}} (batch form of previously_good_lead)."""
    person_ids = [p for p in set(person_ids) if p]
    out: dict[str, dict] = {}
    if not person_ids:
        return out
    marks = ",".join("?" * len(person_ids))
    for table, time_column, record_type, has_spam in _LEAD_SOURCES:
        spam = " AND spam = 0" if has_spam else ""
        for row in conn.execute(
                f'SELECT person_id, id, MIN("{time_column}") AS t FROM "{table}" '
                f"WHERE person_id IN ({marks}) AND lead_status = 'good_lead'{spam} GROUP BY person_id",
                person_ids):
            best = out.get(row["person_id"])
            if best is None or row["t"] < best["time"]:
                out[row["person_id"]] = {"record_type": record_type, "id": row["id"], "time": row["t"]}
    return out


def previously_good_lead(conn, person_id: str | None, before: str) -> dict | None:
    """The earliest good-lead record of this person strictly before `before` (UTC text), or
    None. A record whose own lead status is unset renders `previously_marked_good_lead` then."""
    found = first_good_leads(conn, [person_id]).get(person_id) if person_id else None
    return found if found and found["time"] < before else None


def lead_status(own: str | None, person_id: str | None, at: str, firsts: dict) -> tuple[str | None, dict | None]:
    """The rendered lead status of a record (own score first, else inherited) and the good-lead
    record it inherits from; `firsts` comes from first_good_leads()."""
    first = firsts.get(person_id) if person_id else None
    if own:
        return own, None
    if first and first["time"] < at:
        return "previously_marked_good_lead", first
    return None, None
