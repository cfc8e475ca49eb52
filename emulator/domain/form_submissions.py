"""Form submissions ("Form Submissions"): leads captured from web forms, their custom forms,
lead scoring, tags, and the fields a company asks CallRail to ignore."""
from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from urllib.parse import parse_qsl, urlsplit

from marshmallow import Schema, ValidationError, fields, validate

from emulator import events, ids
from emulator.clock import iso_z
from emulator.db import insert, schema, update
from emulator.domain import people, phones
from emulator.domain import tags as tag_rules
from emulator.engine.body import load
from emulator.engine.resource import Filter, Flag, Resource, Sort, optional
from emulator.errors import bad_request, not_found

schema("""
CREATE TABLE IF NOT EXISTS custom_forms (
    id TEXT PRIMARY KEY,                      -- FOR + 32 hex ("custom_form_ids")
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    form_url TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS custom_forms_company_url ON custom_forms(company_id, form_url);
CREATE TABLE IF NOT EXISTS form_submissions (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    person_id TEXT,                           -- NULL: no phone or email identified ("anonymous")
    custom_form_id TEXT,
    form_name TEXT,
    form_data TEXT NOT NULL,                  -- JSON object, ignored fields already removed
    form_url TEXT NOT NULL,
    landing_page_url TEXT,
    referrer TEXT,
    referring_url TEXT,
    submitted_at TEXT NOT NULL,
    first_form INTEGER NOT NULL DEFAULT 0,
    source TEXT, keywords TEXT, campaign TEXT, medium TEXT,
    utm_source TEXT, utm_medium TEXT, utm_campaign TEXT,
    lead_status TEXT,                         -- its own score: good_lead | not_a_lead | NULL
    value REAL,
    note TEXT,
    milestones TEXT NOT NULL,                 -- JSON, event dates in UTC
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS form_submissions_account_submitted ON form_submissions(account_id, submitted_at);
CREATE INDEX IF NOT EXISTS form_submissions_company_submitted ON form_submissions(company_id, submitted_at);
CREATE INDEX IF NOT EXISTS form_submissions_account_created ON form_submissions(account_id, created_at);
CREATE INDEX IF NOT EXISTS form_submissions_account_url ON form_submissions(account_id, form_url);
CREATE INDEX IF NOT EXISTS form_submissions_person ON form_submissions(person_id, submitted_at);
CREATE TABLE IF NOT EXISTS form_ignored_fields (
    company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    field_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (company_id, field_name)
);
""")

RECORD_TYPE = "form_submission"
# A person's good-lead form counts for "previously_marked_good_lead" on any later interaction.
people.register_lead_source("form_submissions", "submitted_at", RECORD_TYPE)
CREATE_FIELDS = ["id", "company_id", "person_id", "form_data", "form_url", "landing_page_url", "referrer",
                 "referring_url", "submitted_at", "first_form"]
IGNORED_MESSAGE = "Ingored form fields created"  # sic, "Ignoring Form Fields"


class FormSubmissionSchema(Schema):
    id = fields.Str()
    company_id = fields.Str()
    person_id = fields.Str()
    form_data = fields.Dict()
    form_url = fields.Str()
    landing_page_url = fields.Str(allow_none=True)
    referrer = fields.Str(allow_none=True)
    referring_url = fields.Str(allow_none=True)
    submitted_at = fields.Str()
    first_form = Flag()
    customer_phone_number = fields.Str(allow_none=True)
    customer_name = fields.Str(allow_none=True)
    customer_email = fields.Str(allow_none=True)
    formatted_customer_phone_number = fields.Str(allow_none=True)
    formatted_customer_name = fields.Str(allow_none=True)
    source = fields.Str(allow_none=True)
    keywords = fields.Str(allow_none=True)
    campaign = fields.Str(allow_none=True)
    medium = fields.Str(allow_none=True)
    company_name = fields.Str(metadata=optional())
    lead_status = fields.Str(allow_none=True, metadata=optional())
    value = fields.Raw(allow_none=True, metadata=optional())
    note = fields.Str(allow_none=True, metadata=optional())
    tags = fields.List(fields.Str(), metadata=optional())
    utm_source = fields.Str(allow_none=True, metadata=optional())
    utm_medium = fields.Str(allow_none=True, metadata=optional())
    utm_campaign = fields.Str(allow_none=True, metadata=optional())
    form_name = fields.Str(allow_none=True, metadata=optional())
    timeline_url = fields.Str(allow_none=True, metadata=optional())
    milestones = fields.Dict(metadata=optional())


# -- what a form's fields say about the customer ("The app will attempt to parse out any
#    phone numbers in the form data", Creating a form submission)

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_LIKE = re.compile(r"^\+?[\d\s().\-]{10,20}$")
NAME_KEYS = ("name", "full_name", "fullname", "your_name", "contact_name", "customer_name")


def customer_from(form_data: dict) -> dict:
    """Phone (E.164), email and name found in the form's fields."""
    items = [(str(k).lower(), v) for k, v in form_data.items() if isinstance(v, (str, int))
             and not isinstance(v, bool)]
    phone = None
    for key, value in sorted(items, key=lambda kv: not any(w in kv[0] for w in ("phone", "tel", "mobile", "cell"))):
        if PHONE_LIKE.match(str(value).strip()) and (phone := phones.maybe(str(value).strip())):
            break
    email = next((str(v).strip() for k, v in items if EMAIL.match(str(v).strip())), None)
    values = dict(items)
    name = next((str(values[k]).strip() for k in NAME_KEYS if str(values.get(k) or "").strip()), None)
    if name is None:
        parts = [str(values.get(k) or "").strip() for k in ("first_name", "last_name")]
        name = " ".join(p for p in parts if p) or None
    return {"phone": phone, "email": email, "name": name}




def display_name(name: str | None) -> str | None:
    """Caller-ID style names are upper case ("MANN KEVIN" is shown as "Mann Kevin")."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in name.split()) if name else name


# -- marketing attribution from the referrer and the landing page

SOURCES = {  # referrer entity -> (source, medium)
    "google_paid": ("Google Ads", "CPC"), "google_organic": ("Google Organic", "organic"),
    "bing_paid": ("Bing Ads", "CPC"), "bing_organic": ("Bing Organic", "organic"),
    "yahoo_paid": ("Yahoo Ads", "CPC"), "yahoo_organic": ("Yahoo Organic", "organic"),
    "facebook_paid": ("Facebook Ads", "CPC"), "facebook": ("Facebook", "social"),
    "direct": ("Direct", "direct"),
}


def url_params(url: str | None) -> dict:
    if not url:
        return {}
    return dict(parse_qsl(urlsplit(url if "//" in url else "//" + url).query))


def attribution(referrer: str | None, referring_url: str | None, landing_page_url: str | None) -> dict:
    params = url_params(landing_page_url)
    entity = (referrer or "").lower()
    host = urlsplit(referring_url if referring_url and "//" in referring_url
                    else "//" + (referring_url or "")).hostname or ""
    paid = "gclid" in params or "msclkid" in params or params.get("utm_medium", "").lower() in ("cpc", "ppc", "paid")
    if entity not in SOURCES:
        engine = next((e for e in ("google", "bing", "yahoo") if e in host or e in entity), None)
        if engine:
            entity = f"{engine}_{'paid' if paid else 'organic'}"
        elif "facebook" in host or "facebook" in entity:
            entity = "facebook_paid" if "fbclid" in params or paid else "facebook"
        elif not host and entity in ("", "direct"):
            entity = "direct"
    source, medium = SOURCES.get(entity, (host or referrer or "Referral", "referral"))
    return {"source": source, "medium": medium,
            "keywords": (params.get("keywords") or params.get("utm_term")) if medium == "CPC" else None,
            "campaign": params.get("utm_campaign") or params.get("campaign"),
            "utm_source": params.get("utm_source"), "utm_medium": params.get("utm_medium"),
            "utm_campaign": params.get("utm_campaign")}


MILESTONES = ("first_touch", "lead_created", "qualified", "last_touch")
EMPTY_TOUCH = {"event_date": None, "ad_position": None, "campaign": None, "device": None, "keywords": None,
               "landing": None, "landing_page_url_params": {}, "match_type": None, "medium": None,
               "referrer": None, "referrer_url_params": {}, "session_browser": None, "url_utm_params": {},
               "source": None}


def touch(event_date: str, attr: dict, landing: str | None, referring_url: str | None,
          device: str = "desktop", browser: str = "Chrome") -> dict:
    params = url_params(landing)
    return {**EMPTY_TOUCH, "event_date": event_date, "campaign": attr["campaign"], "device": device,
            "keywords": attr["keywords"], "landing": landing, "landing_page_url_params": params,
            "medium": (attr["medium"] or "").lower() or None, "referrer": referring_url,
            "referrer_url_params": url_params(referring_url), "session_browser": browser,
            "url_utm_params": {k: v for k, v in params.items() if k.startswith("utm_")},
            "source": attr["source"]}


# -- listing

def _prepare(scope, rows, selected):
    objects = []
    record_ids = [r["id"] for r in rows]
    tag_names = tag_rules.names_for(scope.conn, RECORD_TYPE, record_ids) if "tags" in selected else {}
    company_names = {}
    if "company_name" in selected and rows:
        wanted = sorted({r["company_id"] for r in rows})
        company_names = {r[0]: r[1] for r in scope.conn.execute(
            f"SELECT id, name FROM companies WHERE id IN ({','.join('?' * len(wanted))})", wanted)}
    firsts = people.first_good_leads(scope.conn, [r["person_id"] for r in rows])
    for row in rows:
        obj = dict(row)
        obj["lead_status"] = people.lead_status(row["lead_status"], row["person_id"], row["submitted_at"],
                                                firsts)[0]
        obj["form_data"] = json.loads(row["form_data"])
        customer = customer_from(obj["form_data"])
        obj.update(customer_phone_number=customer["phone"], customer_name=customer["name"],
                   customer_email=customer["email"], formatted_customer_phone_number=phones.formatted(customer["phone"]),
                   formatted_customer_name=display_name(customer["name"]))
        obj["person_id"] = row["person_id"] or "anonymous"
        obj["value"] = _number(row["value"])
        obj["company_name"] = company_names.get(row["company_id"])
        obj["tags"] = tag_names.get(row["id"], [])
        obj["timeline_url"] = timeline_url(scope, row["person_id"])
        if "milestones" in selected:
            milestones = json.loads(row["milestones"])
            for touch_ in milestones.values():
                touch_["event_date"] = scope.local_time(touch_["event_date"])
            obj["milestones"] = milestones
        objects.append(obj)
    return objects


def _number(value):
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def timeline_url(scope, person_id: str | None) -> str | None:
    if not person_id:
        return None
    return f"https://app.callrail.com/analytics/a/{scope.account['numeric_id']}/timeline/{person_id}"


def tags_filter(record_type: str, column: str):
    """`tags=A` or `tags[]=A&tags[]=B`: records carrying either tag."""
    def build(scope, values):
        marks = ",".join("?" * len(values))
        return (f"EXISTS (SELECT 1 FROM taggings tg JOIN tags t ON t.id = tg.tag_id "
                f"WHERE tg.record_type = ? AND tg.record_id = {column} AND t.name IN ({marks}))",
                [record_type, *values])
    return build


LEAD_STATUS = Filter(values={
    "good_lead": "form_submissions.lead_status = 'good_lead'",
    "not_a_lead": "form_submissions.lead_status = 'not_a_lead'",
    # A previously-good lead's new submission has not been scored itself (docs/BEHAVIOUR.md).
    "not_scored": "form_submissions.lead_status IS NULL"})

RESOURCE = Resource(
    name="form_submission", table="form_submissions", schema=FormSubmissionSchema,
    collection_key="form_submissions",
    sorts={"submitted_at": Sort("form_submissions.submitted_at", "desc"),
           "created_at": Sort("form_submissions.created_at", "desc"),  # deprecated, still sortable
           "form_url": Sort("form_submissions.form_url")},
    default_sort="form_submissions.submitted_at DESC, form_submissions.rowid DESC",
    filters={
        "person_lead": Filter(values={"true": "form_submissions.person_id IS NOT NULL",
                                      "false": "1"}),
        "lead_status": LEAD_STATUS,
        "tags": Filter(many=True, sql=tags_filter(RECORD_TYPE, "form_submissions.id")),
    },
    date_column="submitted_at",
    company_column="company_id",
    prepare=_prepare,
)


def render(scope, row, only: list[str]) -> dict:
    return FormSubmissionSchema(only=only).dump(_prepare(scope, [row], [])[0])


def get(scope, submission_id) -> dict:
    row = scope.conn.execute("SELECT * FROM form_submissions WHERE id=? AND account_id=?",
                             (str(submission_id), scope.account["id"])).fetchone()
    if row is None or not scope.can_see_company(row["company_id"]):
        raise not_found("Form submission")
    return row


# -- creating

def _text(required: bool = True):
    return fields.Str(required=required, allow_none=False)


class CreateSchema(Schema):
    company_id = fields.Raw(required=True, allow_none=False)
    referrer = _text()
    referring_url = _text()
    landing_page_url = _text()
    form_url = fields.Str(required=True, validate=validate.Length(min=1))
    form_data = fields.Dict(required=True, validate=validate.Length(min=1))


def ignored_fields(conn, company_id: str) -> set[str]:
    return {r[0] for r in conn.execute("SELECT field_name FROM form_ignored_fields WHERE company_id=?",
                                       (company_id,))}


def create(scope, body: dict) -> dict:
    scope.require("admin", "manager")
    # The doc's example nests the fields in "form_submission"; its table lists them flat.
    if "form_submission" in body:
        if not isinstance(body["form_submission"], dict):
            raise bad_request("form_submission", "form_submission must be an object")
        body = body["form_submission"]
    data = load(CreateSchema, body)
    company = scope.company_param(data["company_id"], "company_id")
    submission = capture(scope.db, scope.conn, scope.now, company, data)
    events.publish(scope, "form_captured", RECORD_TYPE, submission["id"], company["id"])
    return get(scope, submission["id"])


def capture(db, conn, now, company: dict, data: dict, submitted_at: str | None = None,
            device: str = "desktop", browser: str = "Chrome", extra: dict | None = None) -> dict:
    """Store one submission: ignored fields dropped, the person found or created, attribution
    and milestones derived. Shared by the API and the seeds."""
    ignored = ignored_fields(conn, company["id"])
    form_data = {k: v for k, v in data["form_data"].items() if k not in ignored}
    submitted_at = submitted_at or iso_z(now)
    customer = customer_from(form_data)
    person_id = None
    if customer["phone"] or customer["email"]:
        person_id = people.find_or_create(db, conn, now, company["account_id"], company["id"],
                                          phone_number=customer["phone"], name=customer["name"],
                                          email=customer["email"])["id"]
    earlier = conn.execute(
        "SELECT milestones FROM form_submissions WHERE person_id=? AND company_id=? AND submitted_at<=? "
        "ORDER BY submitted_at LIMIT 1", (person_id, company["id"], submitted_at)).fetchone() if person_id else None
    attr = attribution(data["referrer"], data["referring_url"], data["landing_page_url"])
    this_touch = touch(submitted_at, attr, data["landing_page_url"], data["referring_url"], device, browser)
    if earlier:
        first = json.loads(earlier["milestones"])
        milestones = {"first_touch": first["first_touch"], "lead_created": first["lead_created"],
                      "qualified": first["qualified"], "last_touch": this_touch}
    else:
        milestones = {"first_touch": this_touch, "lead_created": this_touch, "qualified": dict(EMPTY_TOUCH),
                      "last_touch": this_touch}
    custom_form = conn.execute("SELECT id, name FROM custom_forms WHERE company_id=? AND form_url=? LIMIT 1",
                               (company["id"], data["form_url"])).fetchone()
    row = {"id": ids.prefixed(db, "FOR"), "account_id": company["account_id"], "company_id": company["id"],
           "person_id": person_id, "custom_form_id": custom_form["id"] if custom_form else None,
           "form_name": custom_form["name"] if custom_form else None, "form_data": json.dumps(form_data),
           "form_url": data["form_url"], "landing_page_url": data["landing_page_url"],
           "referrer": data["referrer"], "referring_url": data["referring_url"], "submitted_at": submitted_at,
           "first_form": int(person_id is not None and earlier is None),
           "source": attr["source"], "keywords": attr["keywords"], "campaign": attr["campaign"],
           "medium": attr["medium"], "utm_source": attr["utm_source"], "utm_medium": attr["utm_medium"],
           "utm_campaign": attr["utm_campaign"],
           "lead_status": None,
           "value": None, "note": None, "milestones": json.dumps(milestones), "created_at": iso_z(now)}
    row.update(extra or {})
    insert(conn, "form_submissions", row)
    return row


# -- updating ("If a field is not included, its value will not be changed. If it is included
#    but is null or a blank string, the field will be cleared.")

def _money(value):
    if value is None or value == "":
        return
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValidationError("must be a number, with or without a dollar sign")
    text = str(value).strip().replace(",", "")
    text = text[1:] if text.startswith("$") else text
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValidationError("must be a number, with or without a dollar sign") from None
    if not amount.is_finite() or amount < 0 or amount >= 10 ** 12:
        raise ValidationError("must be a non-negative amount below 1,000,000,000,000")


class UpdateSchema(Schema):
    tags = fields.List(fields.Str(validate=validate.Length(min=1)), allow_none=True)
    note = fields.Str(allow_none=True)
    value = fields.Raw(allow_none=True, validate=_money)
    lead_status = fields.Str(allow_none=True, validate=validate.OneOf(["good_lead", "not_a_lead", ""]))
    append_tags = fields.Bool()


def money(value) -> float | None:
    if value is None or value == "":
        return None
    text = str(value).strip().replace(",", "").lstrip("$")
    return float(Decimal(text))


def change(scope, submission_id, body: dict) -> dict:
    scope.require("admin", "manager")
    row = get(scope, submission_id)
    data = load(UpdateSchema, body, partial=True)
    changes = {}
    if "note" in data:
        changes["note"] = data["note"] or None
    if "value" in data:
        changes["value"] = money(data["value"])
    if "lead_status" in data:
        status = data["lead_status"] or None
        inherited = people.previously_good_lead(scope.conn, row["person_id"], row["submitted_at"])
        if status == "good_lead" and not row["lead_status"] and inherited:
            raise bad_request("lead_status", "lead_status cannot be set to good_lead: this lead was "
                                             "previously marked as a good lead")
        changes["lead_status"] = status
        milestones = json.loads(row["milestones"])
        if status == "good_lead" and not milestones["qualified"]["event_date"]:
            milestones["qualified"] = {**milestones["last_touch"], "event_date": iso_z(scope.now)}
            changes["milestones"] = json.dumps(milestones)
    update(scope.conn, "form_submissions", {"id": row["id"]}, changes)
    if "tags" in data:
        apply_tags(scope, RECORD_TYPE, row["id"], row["company_id"], data["tags"] or [],
                   bool(data.get("append_tags")))
    return get(scope, row["id"])


def apply_tags(scope, record_type: str, record_id: str, company_id: str, names: list[str], append: bool) -> None:
    """Tags by name; a name the company doesn't have yet becomes a new company tag."""
    conn = scope.conn
    if not append:
        conn.execute("DELETE FROM taggings WHERE record_type=? AND record_id=?", (record_type, record_id))
    for name in dict.fromkeys(names):
        tag = conn.execute(
            "SELECT id FROM tags WHERE account_id=? AND name=? AND (company_id=? OR company_id IS NULL) "
            "ORDER BY company_id IS NULL LIMIT 1", (scope.account["id"], name, company_id)).fetchone()
        tag_id = tag["id"] if tag else tag_rules.insert_tag(conn, scope.account["id"], company_id, name,
                                                             tag_rules.DEFAULT_COLOR, iso_z(scope.now))
        conn.execute("INSERT OR IGNORE INTO taggings(tag_id, record_type, record_id) VALUES (?,?,?)",
                     (tag_id, record_type, record_id))


# -- ignoring form fields

class IgnoreSchema(Schema):
    company_ids = fields.List(fields.Raw(), required=True, validate=validate.Length(min=1))
    field_names = fields.List(fields.Str(validate=validate.Length(min=1)), required=True,
                              validate=validate.Length(min=1))


def ignore_fields(scope, body: dict) -> dict:
    scope.require("admin", "manager")
    data = load(IgnoreSchema, body)
    if data["company_ids"] == ["all"]:
        targets = [r["id"] for r in scope.conn.execute(
            "SELECT id FROM companies WHERE account_id=? ORDER BY rowid", (scope.account["id"],))
            if scope.can_see_company(r["id"])]
    else:
        targets = list(dict.fromkeys(scope.company_param(ref, "company_ids")["id"] for ref in data["company_ids"]))
    names = list(dict.fromkeys(data["field_names"]))
    for company_id in targets:
        for name in names:
            scope.conn.execute("INSERT OR IGNORE INTO form_ignored_fields(company_id, field_name, created_at) "
                               "VALUES (?,?,?)", (company_id, name, iso_z(scope.now)))
        strip_fields(scope.conn, company_id, names)
    return {"message": IGNORED_MESSAGE}


def strip_fields(conn, company_id: str, names: list[str]) -> None:
    """Retroactively remove the fields from the company's stored submissions."""
    marks = ",".join("?" * len(names))
    affected = conn.execute(
        f"SELECT DISTINCT fs.id, fs.form_data FROM form_submissions fs, json_each(fs.form_data) j "
        f"WHERE fs.company_id = ? AND j.key IN ({marks})", [company_id, *names]).fetchall()
    for row in affected:
        form_data = {k: v for k, v in json.loads(row["form_data"]).items() if k not in names}
        conn.execute("UPDATE form_submissions SET form_data=? WHERE id=?", (json.dumps(form_data), row["id"]))


WEBHOOK_FIELDS = ["id", "company_id", "form_data", "form_url", "landing_page_url", "referrer", "referring_url",
                  "submitted_at", "first_form", "source", "keywords", "campaign", "medium", "utm_source",
                  "utm_medium", "utm_campaign"]


def webhook_payload(scope, submission_id: str) -> dict:
    """The keys of the Form Submission webhook (6388-6447), in its example's order."""
    row = get(scope, submission_id)
    obj = render(scope, row, WEBHOOK_FIELDS)
    obj["submitted_at"] = scope.local_time(row["submitted_at"])
    return {k: obj[k] for k in WEBHOOK_FIELDS}
