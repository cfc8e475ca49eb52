"""Accounts, companies, users with keys, and tags for each seed."""
from __future__ import annotations

import hashlib
from datetime import timedelta

from emulator import ids
from emulator.clock import iso_z
from emulator.db import insert
from emulator.domain import accounts, tags, users
from emulator.domain.tags import COLORS
from emulator.seeds import fixture, step

COMPANY_DEFAULTS = {"status": "active", "disabled_at": None, "dni_active": None, "callscore_enabled": 0,
                    "lead_scoring_enabled": 1, "swap_exclude_jquery": None, "swap_ppc_override": None,
                    "swap_landing_override": None, "swap_cookie_duration": 6,
                    "swap_cookie_duration_unit": "months", "callscribe_enabled": 0,
                    "keyword_spotting_enabled": 0, "form_capture": 0, "time_zone": "America/New_York"}


def add_company(ctx, account_id: str, name: str, created_at: str, **values) -> dict:
    numeric_id = values.pop("numeric_id", None) or ids.numeric(ctx.db, "company", "companies")
    token = hashlib.md5(str(numeric_id).encode()).hexdigest()[:20]
    row = {**COMPANY_DEFAULTS, "id": values.pop("id", None) or ids.prefixed(ctx.db, "COM"),
           "numeric_id": numeric_id, "account_id": account_id, "name": name, "created_at": created_at,
           "script_url": f"//cdn.callrail.com/companies/{numeric_id}/{token}/12/swap.js", **values}
    for key, value in row.items():
        if isinstance(value, bool):
            row[key] = int(value)
    insert(ctx.conn, "companies", row)
    return row


def add_user(ctx, account_id, key=None, now=None, **values) -> dict:
    user = users.create_user(ctx.db, ctx.conn, now or ctx.now, account_id, **values)
    users.issue_key(ctx.db, ctx.conn, ctx.now, user["id"], key)
    return user


@step("empty", 10)
def empty(ctx):
    account = accounts.create(ctx.db, ctx.conn, ctx.now, "Emulated Account")
    add_user(ctx, account["id"], ctx.settings.api_key, email="admin@example.com",
             first_name="Account", last_name="Admin", role="admin")


@step("docs", 10)
def docs(ctx):
    for spec in fixture("docs.json")["accounts"]:
        account = {"id": spec["id"], "numeric_id": spec["numeric_id"], "name": spec["name"],
                   "outbound_recording_enabled": int(spec["outbound_recording_enabled"]),
                   "hipaa_account": int(spec["hipaa_account"]), "time_zone": "America/New_York",
                   "created_at": iso_z(ctx.now)}
        insert(ctx.conn, "accounts", account)
        for company in spec["companies"]:
            add_company(ctx, account["id"], **company)
        for user in spec["users"]:
            row = {"id": user["id"], "account_id": account["id"], "email": user["email"],
                   "first_name": user["first_name"], "last_name": user["last_name"], "role": user["role"],
                   "time_zone": "America/New_York", "accepted": 1, "created_at": user["created_at"]}
            insert(ctx.conn, "users", row)
            insert(ctx.conn, "memberships", {"user_id": row["id"], "account_id": account["id"]})
            for company_id in user.get("companies", []):
                insert(ctx.conn, "user_companies", {"user_id": row["id"], "company_id": company_id})
            if user.get("api_key"):
                key = ctx.settings.api_key if user["api_key"] == "docs-admin-key" and ctx.settings.api_key \
                    else user["api_key"]
                users.issue_key(ctx.db, ctx.conn, ctx.now, row["id"], key)
        if spec.get("member_of"):
            insert(ctx.conn, "memberships", {"user_id": spec["member_of"], "account_id": account["id"]})
        for tag in spec["tags"]:
            insert(ctx.conn, "tags", {**tag, "account_id": account["id"], "tag_level": "company",
                                      "status": "enabled"})


@step("demo", 10)
def demo(ctx):
    """Two accounts (the second HIPAA); the first account's admin is a member of both."""
    fake, rng = ctx.faker, ctx.rng
    primary_admin = None
    for n in range(2):
        created = ctx.now - timedelta(days=900 - n * 100)
        account = accounts.create(ctx.db, ctx.conn, created, f"{fake.company()} Marketing",
                                  hipaa_account=(n == 1))
        companies = []
        for c in range(4 if n == 0 else 3):
            companies.append(add_company(
                ctx, account["id"], fake.unique.company(), iso_z(created + timedelta(days=c * 20)),
                time_zone=rng.choice(["America/New_York", "America/Chicago", "America/Denver",
                                      "America/Los_Angeles"]),
                dni_active=rng.choice([True, False, None]), form_capture=rng.choice([True, False]),
                callscore_enabled=rng.choice([True, False]), callscribe_enabled=rng.choice([True, False])))
        if n == 0:
            # A disabled company, so the status filter has something to find.
            companies.append(add_company(ctx, account["id"], fake.unique.company(),
                                         iso_z(created + timedelta(days=5)), status="disabled",
                                         disabled_at=iso_z(created + timedelta(days=300))))
        active = [c for c in companies if c["status"] == "active"]
        roles = ["admin", "admin", "manager", "manager", "reporting", "reporting", "reporting"]
        for i, role in enumerate(roles):
            first, last = fake.first_name(), fake.last_name()
            access = [] if role == "admin" else [c["id"] for c in rng.sample(active, 2 if i % 2 else 1)]
            key = ctx.settings.api_key if (n == 0 and i == 0) else None
            joined = created + timedelta(days=i * 40, seconds=rng.randint(0, 86399))
            user = add_user(ctx, account["id"], key, joined, email=f"{first}.{last}{i}@example.com".lower(),
                            first_name=first, last_name=last, role=role, company_ids=access)
            if n == 0 and i == 0:
                primary_admin = user
        first, last = fake.first_name(), fake.last_name()
        users.create_user(ctx.db, ctx.conn, ctx.now, account["id"], email=f"{first}.{last}@example.com".lower(),
                          first_name=first, last_name=last, role="reporting",
                          company_ids=[active[0]["id"]], accepted=False)
        if n == 1:
            insert(ctx.conn, "memberships", {"user_id": primary_admin["id"], "account_id": account["id"]})
        colors = list(COLORS)
        for name in ("Existing Customer", "Spam"):
            tags.insert_tag(ctx.conn, account["id"], None, name, rng.choice(colors), iso_z(created))
        for company in companies:
            for name in ("Sales", "Support", "Conversion", "Appointment Booked"):
                tags.insert_tag(ctx.conn, account["id"], company["id"], name, rng.choice(colors),
                                iso_z(created + timedelta(days=rng.randint(1, 300))))
