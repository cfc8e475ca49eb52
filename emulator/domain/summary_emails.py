"""Summary email subscriptions ("Summary Emails"): periodic activity emails for a user (or
an email-only address) about one company or the whole account."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate

from emulator import ids
from emulator.clock import iso_z
from emulator.db import dumps, insert, loads, schema, update
from emulator.engine.body import load
from emulator.engine.collection import Query
from emulator.engine.resource import Filter, Resource
from emulator.errors import bad_request, forbidden, not_found

schema("""
CREATE TABLE IF NOT EXISTS summary_emails (
    id TEXT PRIMARY KEY,                                   -- CSS + 32 hex
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    company_id TEXT REFERENCES companies(id) ON DELETE CASCADE,  -- NULL: account scope
    user_id TEXT REFERENCES users(id) ON DELETE CASCADE,   -- NULL for an email-only user
    email TEXT,
    frequency TEXT NOT NULL,                               -- JSON array, in the order given
    config TEXT NOT NULL,                                  -- JSON object of the four switches
    lead_status TEXT NOT NULL DEFAULT 'All',
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS summary_emails_account_user ON summary_emails(account_id, user_id);
CREATE INDEX IF NOT EXISTS summary_emails_account_company ON summary_emails(account_id, company_id);
CREATE INDEX IF NOT EXISTS summary_emails_account_email ON summary_emails(account_id, email);
""")

FREQUENCIES = ("daily", "weekly", "monthly")
SECTIONS = ("summary_statistics", "top_sources", "top_keywords", "call_log")
LEAD_STATUSES = ("Lead", "Not a Lead", "Not Scored", "All")


class SummaryEmailSchema(Schema):
    id = fields.Str()
    scope = fields.Dict()
    frequency = fields.List(fields.Str())
    filters = fields.Dict()
    config = fields.Dict()
    user = fields.Dict(allow_none=True)
    email = fields.Str(allow_none=True)


def _prepare(scope, rows, selected):
    objects = [dict(r) for r in rows]
    conn = scope.conn
    company_ids = sorted({o["company_id"] for o in objects if o["company_id"]})
    user_ids = sorted({o["user_id"] for o in objects if o["user_id"]})
    companies = {r["id"]: r["name"] for r in conn.execute(
        f"SELECT id, name FROM companies WHERE id IN ({','.join('?' * len(company_ids))})", company_ids)}
    people = {r["id"]: {"id": r["id"], "name": f"{r['first_name']} {r['last_name']}", "email": r["email"]}
              for r in conn.execute(
                  f"SELECT id, first_name, last_name, email FROM users WHERE id IN ({','.join('?' * len(user_ids))})",
                  user_ids)}
    for obj in objects:
        if obj["company_id"]:
            obj["scope"] = {"id": obj["company_id"], "type": "Company", "name": companies.get(obj["company_id"])}
        else:
            obj["scope"] = {"id": scope.account["id"], "type": "Account", "name": scope.account["name"]}
        obj["frequency"] = loads(obj["frequency"], [])
        obj["config"] = loads(obj["config"], {})
        obj["filters"] = {"lead_status": obj["lead_status"]}
        obj["user"] = people.get(obj["user_id"])
    return objects


def _frequency_filter(scope, values):
    for value in values:
        if value not in FREQUENCIES:
            raise bad_request("frequency", f"frequency must be one of: {', '.join(FREQUENCIES)}")
    marks = ",".join("?" * len(values))
    return (f"EXISTS (SELECT 1 FROM json_each(summary_emails.frequency) f WHERE f.value IN ({marks}))",
            list(values))


def _user_filter(scope, values):
    row = scope.conn.execute("SELECT id FROM users WHERE id=? AND account_id=?",
                             (values[0], scope.account["id"])).fetchone()
    if row is None:
        raise bad_request("user_id", f"user_id does not name a user of this account: {values[0]!r}")
    return "summary_emails.user_id = ?", [row["id"]]


def _email_filter(scope, values):
    # The recipient's address: the email-only address or the user's own email.
    return ("summary_emails.email = ? OR summary_emails.user_id IN "
            "(SELECT id FROM users WHERE account_id = ? AND email = ?)",
            [values[0], scope.account["id"], values[0]])


RESOURCE = Resource(
    name="summary_email", table="summary_emails", schema=SummaryEmailSchema,
    collection_key="summary_emails",
    default_sort="summary_emails.created_at ASC, summary_emails.rowid ASC",
    filters={"frequency": Filter(sql=_frequency_filter, many=True, split_commas=True),
             "user_id": Filter(sql=_user_filter), "email": Filter(sql=_email_filter)},
    company_column="company_id",
    account_level_when_null=True,
    prepare=_prepare,
)


def _frequency(value):
    if not isinstance(value, list) or not value:
        raise ValidationError("must be a non-empty array of daily, weekly or monthly")
    for item in value:
        if item not in FREQUENCIES:
            raise ValidationError(f"must contain only daily, weekly or monthly, not {item!r}")


class Frequency(fields.Raw):
    """An array; a single string (the create table says "Can be one of") is one frequency."""

    def _deserialize(self, value, attr, data, **kwargs):
        value = [value] if isinstance(value, str) else value
        _frequency(value)
        return list(dict.fromkeys(value))


def _sections(value):
    if not isinstance(value, dict) or not value:
        raise ValidationError(f"must be an object with at least one of: {', '.join(SECTIONS)}")
    for key, switch in value.items():
        if key not in SECTIONS:
            raise ValidationError({key: [f"is not a section; use one of: {', '.join(SECTIONS)}"]})
        if not isinstance(switch, bool):
            raise ValidationError({key: ["must be true or false"]})


class Filters(Schema):
    lead_status = fields.Str(validate=validate.OneOf(LEAD_STATUSES))


class SettingsSchema(Schema):
    frequency = Frequency()
    config = fields.Raw(validate=_sections)
    filters = fields.Nested(Filters)


class CreateSchema(SettingsSchema):
    frequency = Frequency(required=True)
    config = fields.Raw(required=True, validate=_sections)
    company_id = fields.Raw(allow_none=True)
    user_id = fields.Str(allow_none=True)
    email = fields.Email(allow_none=True)


def list_base(scope) -> Query:
    """"If the API Key being used does not belong to an Administrator, only the owner's
    summary emails will be returned." (Listing All Summary Email Subscriptions)"""
    query = Query().where("summary_emails.account_id = ?", scope.account["id"])
    if not scope.is_admin:
        query.where("summary_emails.user_id = ?", scope.user["id"])
    return query


def get(scope, summary_email_id) -> dict:
    row = scope.conn.execute("SELECT * FROM summary_emails WHERE id=? AND account_id=?",
                             (str(summary_email_id), scope.account["id"])).fetchone()
    if row is None:
        raise not_found("Summary email")
    # Administrators may access every record of the account; others only their own.
    if not scope.is_admin and row["user_id"] != scope.user["id"]:
        raise forbidden()
    return dict(row)


def create(scope, body: dict) -> dict:
    data = load(CreateSchema, body, partial=False)
    if data.get("user_id") and data.get("email"):
        raise bad_request("email", "Specify either user_id or email, not both")
    if not data.get("user_id") and not data.get("email"):
        raise bad_request("user_id", "Either an email or user_id is required")
    recipient = None
    if data.get("user_id"):
        row = scope.conn.execute("SELECT * FROM users WHERE id=? AND account_id=?",
                                 (data["user_id"], scope.account["id"])).fetchone()
        if row is None:
            raise bad_request("user_id", f"user_id does not name a user of this account: {data['user_id']!r}")
        recipient = dict(row)
    # "Only administrators can create summary email subscriptions for other users."
    if not scope.is_admin and (recipient is None or recipient["id"] != scope.user["id"]):
        raise forbidden()
    company_id = None
    if data.get("company_id") not in (None, ""):
        company_id = scope.company_param(data["company_id"], "company_id")["id"]
    elif recipient is None:
        raise bad_request("company_id", "company_id is required for an email-only user")
    if recipient and recipient["role"] != "admin" and company_id:
        granted = scope.conn.execute("SELECT 1 FROM user_companies WHERE user_id=? AND company_id=?",
                                     (recipient["id"], company_id)).fetchone()
        if not granted:
            raise bad_request("company_id", "The user receiving the summary email has no access to this company")
    row = insert_summary_email(scope.db, scope.conn, account_id=scope.account["id"], company_id=company_id,
                               user_id=recipient["id"] if recipient else None, email=data.get("email"),
                               frequency=data["frequency"], config=data["config"],
                               lead_status=data.get("filters", {}).get("lead_status", "All"),
                               created_at=iso_z(scope.now))
    return get(scope, row["id"])


def insert_summary_email(db, conn, *, account_id, company_id, user_id, email, frequency, config,
                         lead_status, created_at) -> dict:
    # Sections left out of `config` are off.
    sections = {key: bool(config.get(key, False)) for key in SECTIONS}
    row = {"id": ids.prefixed(db, "CSS"), "account_id": account_id, "company_id": company_id,
           "user_id": user_id, "email": email, "frequency": dumps(frequency), "config": dumps(sections),
           "lead_status": lead_status, "created_at": created_at}
    insert(conn, "summary_emails", row)
    return row


def change(scope, summary_email_id, body: dict) -> dict:
    row = get(scope, summary_email_id)
    # "Only the frequency and configuration settings may be modified." (Update a Summary Email)
    for fixed in ("user_id", "email", "company_id"):
        if fixed in body:
            raise bad_request(fixed, f"{fixed} cannot be changed; delete the subscription and create a new one")
    data = load(SettingsSchema, body, partial=True)
    changes = {}
    if "frequency" in data:
        changes["frequency"] = dumps(data["frequency"])      # replaces: others are unsubscribed
    if "config" in data:
        changes["config"] = dumps({**loads(row["config"], {}), **data["config"]})   # merges
    if "lead_status" in data.get("filters", {}):
        changes["lead_status"] = data["filters"]["lead_status"]
    update(scope.conn, "summary_emails", {"id": row["id"]}, changes)
    return get(scope, row["id"])


def delete(scope, summary_email_id) -> None:
    row = get(scope, summary_email_id)
    scope.conn.execute("DELETE FROM summary_emails WHERE id=?", (row["id"],))
