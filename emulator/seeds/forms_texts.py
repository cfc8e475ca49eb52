"""Form submissions (with custom forms, scores, tags, milestones) and SMS conversations, for the
`demo` seed (the last 90 days, reusing the people that calls made) and the `docs` seed (the
doc's examples)."""
from __future__ import annotations

import json
import re
from datetime import timedelta

from emulator import ids
from emulator.clock import iso_z
from emulator.db import insert, update
from emulator.domain import form_capture, form_data, people
from emulator.domain import form_submissions as forms
from emulator.domain import text_sending as texts
from emulator.seeds import step

FORMS = (("Contact Us", "/contact"), ("Request a Quote", "/quote"), ("Book an Appointment", "/appointments"))
VISITS = (  # referrer, referring_url, landing query, device
    ("google_paid", "https://www.google.com/", "?utm_source=google&utm_medium=cpc&utm_campaign={c}&keywords={k}&gclid={g}"),
    ("google_organic", "https://www.google.com/", ""),
    ("direct", "", ""),
    ("bing_paid", "https://www.bing.com/", "?utm_source=bing&utm_medium=cpc&utm_campaign={c}&keywords={k}&msclkid={g}"),
    ("facebook", "https://www.facebook.com/", "?utm_source=facebook&utm_medium=social"),
    ("yelp.com", "https://www.yelp.com/biz/example", ""),
)
CAMPAIGNS = ("spring_sale", "brand", "back_to_school", "retargeting")
KEYWORDS = ("emergency plumber", "best dentist near me", "hvac repair", "free estimate", "same day service")
INCOMING = ("Hi, do you have any openings this week?", "What are your hours on Saturday?",
            "Can I get a quote for a replacement?", "Thanks! See you then.", "Is parking available?",
            "Running 10 minutes late, sorry!", "Do you take insurance?", "Yes, that time works for me.")
OUTGOING = ("Thanks for reaching out! We have openings Tuesday and Thursday.",
            "We're open 9-2 on Saturdays.", "Happy to help. What's the best time to call you?",
            "You're all set for tomorrow at 10am.", "No problem, we'll see you soon.",
            "Yes, free parking is available behind the building.")


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", name.lower())[:20] or "example"


def _sms_numbers(ctx, company_id: str) -> list[dict]:
    return [dict(r) for r in ctx.conn.execute(
        "SELECT trackers.*, n.number FROM trackers JOIN tracking_numbers n ON n.tracker_id = trackers.id "
        "WHERE trackers.company_id=? AND trackers.status='active' AND trackers.sms_enabled=1 "
        "ORDER BY trackers.rowid, n.position", (company_id,))]


def _people(ctx, company_id: str) -> list[dict]:
    return [dict(r) for r in ctx.conn.execute(
        "SELECT * FROM people WHERE company_id=? AND phone_number IS NOT NULL ORDER BY rowid", (company_id,))]


def _phone_format(rng, e164: str) -> str:
    d = e164[-10:]
    return rng.choice([f"({d[:3]}) {d[3:6]}-{d[6:]}", f"{d[:3]}-{d[3:6]}-{d[6:]}", f"{d[:3]}.{d[3:6]}.{d[6:]}", d,
                       f"+1 {d[:3]} {d[3:6]} {d[6:]}"])


def _new_number(ctx) -> str:
    rng = ctx.rng
    return f"+1{rng.choice(['404', '470', '678', '770', '212', '312', '415', '512', '617', '303'])}" \
           f"{rng.randint(200, 999)}{rng.randint(0, 9999):04d}"


def _when(ctx, days: int = 90) -> str:
    return iso_z(ctx.now - timedelta(seconds=ctx.rng.randint(3600, days * 86400)))


def _tag_ids(ctx, company_id: str) -> list[int]:
    return [r[0] for r in ctx.conn.execute(
        "SELECT id FROM tags WHERE company_id=? AND status='enabled' ORDER BY id", (company_id,))]


@step("demo", 50)
def demo(ctx):
    companies = [dict(r) for r in ctx.conn.execute("SELECT * FROM companies WHERE status='active' ORDER BY rowid")]
    for company in companies:
        _demo_forms(ctx, company)
        _demo_conversations(ctx, company)


def _demo_forms(ctx, company: dict) -> None:
    fake, rng = ctx.faker, ctx.rng
    site = f"https://www.{_slug(company['name'])}.com"
    for name, path in FORMS[:rng.randint(2, 3)]:
        insert(ctx.conn, "custom_forms", {"id": ids.prefixed(ctx.db, "FOR"), "account_id": company["account_id"],
                                          "company_id": company["id"], "name": name, "form_url": site + path,
                                          "created_at": company["created_at"]})
    known = _people(ctx, company["id"])
    tag_ids = _tag_ids(ctx, company["id"])
    for submitted_at in sorted(_when(ctx) for _ in range(rng.randint(25, 45))):
        referrer, referring_url, query = rng.choice(VISITS)
        path = rng.choice(FORMS)[1]
        query = query.format(c=rng.choice(CAMPAIGNS), k=rng.choice(KEYWORDS).replace(" ", "+"),
                             g=fake.hexify("^^^^^^^^^^^^"))
        kind = rng.random()
        form_data = {}
        if kind < 0.85:
            person = rng.choice(known) if known and kind < 0.35 else None
            name = (person or {}).get("name") or fake.name()
            phone = person["phone_number"] if person else _new_number(ctx)
            form_data = {"name": name, "email": f"{_slug(name)}@example.com", "phone": _phone_format(rng, phone)}
        form_data.update({"message": fake.sentence(nb_words=10),
                          "contact_method": rng.choice(["call", "email", "text"])})
        if rng.random() < 0.3:
            form_data["best_time_to_call"] = rng.choice(["morning", "afternoon", "evening"])
        data = {"referrer": referrer, "referring_url": referring_url, "landing_page_url": site + "/" + query,
                "form_url": site + path, "form_data": form_data}
        row = form_capture.capture(ctx.db, ctx.conn, ctx.now, company, data, submitted_at=submitted_at,
                            device=rng.choice(["desktop", "mobile", "mobile", "tablet"]),
                            browser=rng.choice(["Chrome", "Safari", "Firefox", "Edge"]))
        _score(ctx, row, tag_ids)


def _score(ctx, row: dict, tag_ids: list[int]) -> None:
    rng = ctx.rng
    roll = rng.random()
    changes = {}
    if row["person_id"] and roll < 0.3:
        changes["lead_status"] = "good_lead"
        changes["value"] = rng.choice([None, 50.0, 125.0, 300.0, 1200.5])
        milestones = json.loads(row["milestones"])
        if not milestones["qualified"]["event_date"]:
            milestones["qualified"] = {**milestones["last_touch"], "event_date": row["submitted_at"]}
            changes["milestones"] = json.dumps(milestones)
    elif roll < 0.4:
        changes["lead_status"] = "not_a_lead"
    if rng.random() < 0.2:
        changes["note"] = rng.choice(["Called back, left voicemail", "Wants a quote by Friday",
                                      "Existing customer", "Booked consultation"])
    update(ctx.conn, "form_submissions", {"id": row["id"]}, changes)
    if tag_ids and rng.random() < 0.35:
        for tag_id in rng.sample(tag_ids, rng.randint(1, min(2, len(tag_ids)))):
            insert(ctx.conn, "taggings", {"tag_id": tag_id, "record_type": forms.RECORD_TYPE, "record_id": row["id"]})


def _agents(ctx, company: dict) -> list[str]:
    return [r[0] for r in ctx.conn.execute(
        "SELECT id FROM users WHERE account_id=? AND accepted=1 AND (role='admin' OR (role='manager' AND id IN "
        "(SELECT user_id FROM user_companies WHERE company_id=?))) ORDER BY rowid",
        (company["account_id"], company["id"]))]


def _demo_conversations(ctx, company: dict) -> None:
    rng = ctx.rng
    numbers = _sms_numbers(ctx, company["id"])
    agents = _agents(ctx, company)
    if not numbers or not agents:
        return
    known = _people(ctx, company["id"])
    used = set()
    for _ in range(rng.randint(8, 15)):
        person = rng.choice(known) if known and rng.random() < 0.5 else None
        customer = person["phone_number"] if person else _new_number(ctx)
        if customer in used:
            continue
        used.add(customer)
        name = None if person else (ctx.faker.last_name() + " " + ctx.faker.first_name()).upper()
        tracker = rng.choice(numbers)
        at = ctx.now - timedelta(days=rng.randint(1, 89), minutes=rng.randint(0, 600))
        incoming = rng.random() < 0.7
        for _ in range(rng.randint(1, 8)):
            if incoming:
                content, user = rng.choice(INCOMING), None
            else:
                content, user = rng.choice(OUTGOING), rng.choice(agents)
                content = texts.outgoing_content(ctx.conn, texts.conversation_for(ctx.conn, company["id"], customer),
                                                 content)
            texts.record(ctx.db, ctx.conn, ctx.now, tracker, tracker["number"], customer,
                         "incoming" if incoming else "outgoing", content, user_id=user, customer_name=name,
                         at=iso_z(at))
            at += timedelta(minutes=rng.randint(1, 240))
            incoming = not incoming if rng.random() < 0.8 else incoming
            if at >= ctx.now:
                break
    if rng.random() < 0.5 and used:
        ctx.conn.execute("UPDATE text_conversations SET state='archived' WHERE id IN (SELECT id FROM "
                         "text_conversations WHERE company_id=? ORDER BY last_message_at LIMIT 1)", (company["id"],))


# -- the doc's examples

DOC_COMPANY = "COM8154748ae6bd4e278a7cddd38a662f4f"
DOC_PERSON = "PER8154748ae6bd4e278a7cddd38a662f4f"
DOC_USER = "USR8154748ae6bd4e278a7cddd38a662f4f"
CUSTOM_FORMS = (("FORca9e613babbb48b5b984a8732a25d1f8", "Appointment Request", "http://www.uptowndental.com/appointment"),
                ("FORca0e724babbb59b5b984a8733a36d2f0", "Contact Us", "http://www.uptowndental.com/contact?network=g"))


def _doc_touch(event_date, campaign, keywords, landing, medium, source, params):
    return {**form_data.EMPTY_TOUCH, "event_date": event_date, "campaign": campaign, "device": "desktop",
            "keywords": keywords, "landing": landing, "landing_page_url_params": params, "medium": medium,
            "referrer": "https://www.google.com/", "session_browser": "Chrome", "source": source}


@step("docs", 50)
def docs(ctx):
    """Listing All Form Submissions (2524-2741) and the text-message examples (4518-4800)."""
    company = ctx.conn.execute("SELECT * FROM companies WHERE id=?", (DOC_COMPANY,)).fetchone()
    if company is None:
        return
    company = dict(company)
    for form_id, name, url in CUSTOM_FORMS:
        insert(ctx.conn, "custom_forms", {"id": form_id, "account_id": company["account_id"], "company_id": DOC_COMPANY,
                                          "name": name, "form_url": url, "created_at": company["created_at"]})
    if not ctx.conn.execute("SELECT 1 FROM people WHERE id=?", (DOC_PERSON,)).fetchone():
        insert(ctx.conn, "people", {"id": DOC_PERSON, "account_id": company["account_id"], "company_id": DOC_COMPANY,
                                    "phone_number": "+18888888888", "email": "veronica.auer@example.com",
                                    "name": "Veronica Auer", "created_at": "2017-10-22T23:41:45.183Z"})
    paid_landing = ("http://www.uptowndental.com/appointment?campaign=back_to_school&keywords=pediatric%20dentist"
                    "&gclid=12345abgdef")
    paid = {"campaign": "back_to_school", "keywords": "pediatric dentist", "gclid": "12345abgdef"}
    first = _doc_touch("2017-10-22T23:41:45.183Z", "back_to_school", "pediatric dentist", paid_landing, "cpc",
                       "Google Ads", paid)
    organic_landing = "http://www.uptowndental.com/pricing?network=g"
    organic = _doc_touch("2017-10-22T23:41:45.183Z", None, None, organic_landing, "organic", "Google Organic",
                         {"network": "g"})
    rows = [
        {"id": "FOR8154748ae6bd4e278a7cddd38a662f4f", "person_id": None, "custom_form_id": CUSTOM_FORMS[0][0],
         "form_name": CUSTOM_FORMS[0][1],
         "form_data": {"name": "Graham Armstrong", "email": "graham@example.com", "phone": "(999) 999-9999",
                       "contact_method": "call", "best_time_to_call": "evening"},
         "form_url": "http://www.uptowndental.com/appointment", "landing_page_url": paid_landing,
         "referrer": "www.google.com", "referring_url": "www.google.com", "submitted_at": "2017-11-17T07:46:28.000Z",
         "source": "Google Ads", "keywords": "pediatric dentist", "campaign": "back_to_school", "medium": "CPC",
         "milestones": {"first_touch": first, "lead_created": first, "qualified": first,
                        "last_touch": _doc_touch("2017-11-17T11:46:28.000Z", None, None, "https://www.example.com/",
                                                 "organic", "Google Organic", {})}},
        {"id": ids.prefixed(ctx.db, "FOR"), "person_id": DOC_PERSON, "custom_form_id": CUSTOM_FORMS[1][0],
         "form_name": CUSTOM_FORMS[1][1],
         "form_data": {"name": "Veronica Auer", "email": "veronica.auer@example.com", "phone": "888-888-8888",
                       "contact_method": "email", "best_time_to_call": "evening"},
         "form_url": "http://www.uptowndental.com/contact?network=g", "landing_page_url": organic_landing,
         "referrer": "google_organic", "referring_url": "http://www.google.com/url",
         "submitted_at": "2017-12-02T12:30:09.000Z", "source": "Google Organic", "keywords": None, "campaign": None,
         "medium": "organic",
         "milestones": {"first_touch": organic, "lead_created": organic, "qualified": dict(form_data.EMPTY_TOUCH),
                        "last_touch": {**organic, "event_date": "2017-12-02T16:30:09.000Z"}}},
    ]
    for row in rows:
        insert(ctx.conn, "form_submissions", {
            **row, "account_id": company["account_id"], "company_id": DOC_COMPANY, "first_form": 0,
            "form_data": json.dumps(row["form_data"]), "milestones": json.dumps(row["milestones"]),
            "utm_source": None, "utm_medium": None, "utm_campaign": None, "lead_status": None, "value": None,
            "note": None, "created_at": row["submitted_at"]})
    _doc_conversations(ctx, company)


# Conversation, customer, name, state, messages (direction, content, UTC time, message id).
# The doc shows one customer number in three conversations; later ones get their own numbers.
DOC_CONVERSATIONS = (
    ("KZaGR", "+14042223333", "MANN KEVIN", "active", (
        ("incoming", "Take these two over to the garage, will you? I want them cleaned up before dinner.",
         "2016-07-28T19:26:43.578Z", None),
        ("outgoing", "Awww! But I was going into Tosche Station to pick up some power converters!",
         "2016-07-28T19:28:21.578Z", None))),
    ("KZaGY", "+14042224444", "POWELL ANDY", "active", (
        ("incoming", "That's impossible, even for a computer!", "2016-07-28T19:26:43.578Z", None),
        ("outgoing", "It’s not impossible. I used to bullseye womp rats in my T-16 back home, they’re not much "
                     "bigger than two meters.", "2016-07-28T19:28:21.578Z", None))),
    ("KkMhr", "+14042225555", "MANN KEVIN", "active", (
        ("incoming", "These aren't the droids you're looking for.", "2016-07-28T19:28:21.578Z", 23456),)),
    ("FyzZ6", "+14044442233", "MANN KEVIN", "archived", (
        ("outgoing", "These are not the droids you are looking for.", "2016-10-12T15:57:57.337Z", None),)),
)


def _doc_conversations(ctx, company: dict) -> None:
    initial = ctx.conn.execute("SELECT trackers.*, n.number FROM tracking_numbers n JOIN trackers ON "
                               "trackers.id = n.tracker_id WHERE n.number='+14045556677'").fetchone()
    current = ctx.conn.execute("SELECT trackers.*, n.number FROM tracking_numbers n JOIN trackers ON "
                               "trackers.id = n.tracker_id WHERE n.number='+17703334455'").fetchone()
    if initial is None or current is None:
        return
    for conversation_id, customer, name, state, messages in DOC_CONVERSATIONS:
        person = people.find_or_create(ctx.db, ctx.conn, ctx.now, company["account_id"], company["id"],
                                       phone_number=customer, name=name)
        insert(ctx.conn, "text_conversations", {
            "id": conversation_id, "account_id": company["account_id"], "company_id": company["id"],
            "person_id": person["id"], "customer_phone_number": customer, "customer_name": name,
            "initial_tracker_id": initial["id"], "initial_tracking_number": initial["number"],
            "current_tracker_id": initial["id"], "current_tracking_number": initial["number"], "state": state,
            "last_message_at": None, "created_at": messages[0][2]})
        for n, (direction, content, at, message_id) in enumerate(messages):
            tracker = dict(initial if n == 0 else current)
            _, message = texts.record(ctx.db, ctx.conn, ctx.now, tracker, tracker["number"], customer, direction,
                                      content, user_id=DOC_USER if direction == "outgoing" else None, at=at)
            if message_id:
                ctx.conn.execute("UPDATE text_messages SET id=? WHERE id=?", (message_id, message["id"]))
        ctx.conn.execute("UPDATE text_conversations SET state=?, current_tracker_id=?, current_tracking_number=? "
                         "WHERE id=?", (state, current["id"], current["number"], conversation_id))
