"""Calls for the `demo` seed (hundreds per company over the last 90 days, times `--scale`) and
the doc's example calls for `docs`. Bulk inserts; a progress bar on a terminal."""
from __future__ import annotations

import hashlib
import json
import sys
from datetime import timedelta

from emulator.clock import iso_z
from emulator.db import insert_many
from emulator.domain import calls_data
from emulator.domain.calls import COLUMNS, numeric_ids, recount_all
from emulator.seeds import step
from emulator.seeds.calls_docs import docs_calls

DEMO_CALLS_PER_COMPANY = 240
DAYS = 90
CHUNK = 5000


def block_ids(db, prefix: str, count: int) -> list[str]:
    """`count` ids of one kind at once, the same ids emulator.ids.prefixed would give."""
    end = db.conn().execute(
        "INSERT INTO counters(name, value) VALUES(?, ?) "
        "ON CONFLICT(name) DO UPDATE SET value=value+? RETURNING value",
        (f"id:{prefix}", count, count)).fetchone()[0]
    seed = db.get_setting("random_seed", 0)
    return [prefix + hashlib.md5(f"{seed}:{prefix}:{n}".encode()).hexdigest()
            for n in range(end - count + 1, end + 1)]


class Progress:
    """A one-line bar on stderr, only when stderr is a terminal."""

    def __init__(self, total: int, label: str):
        self.total, self.label, self.done = total, label, 0
        self.show = total >= 5000 and sys.stderr.isatty()

    def add(self, n: int) -> None:
        self.done += n
        if self.show:
            width = 30
            filled = int(width * self.done / max(self.total, 1))
            sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] "
                             f"{self.done}/{self.total}")
            if self.done >= self.total:
                sys.stderr.write("\n")
            sys.stderr.flush()


def _companies(ctx):
    return [dict(r) for r in ctx.conn.execute(
        "SELECT c.*, a.numeric_id AS account_numeric_id FROM companies c "
        "JOIN accounts a ON a.id = c.account_id WHERE c.status='active' ORDER BY c.rowid")]


def _trackers(ctx, company_id):
    trackers = [dict(r) for r in ctx.conn.execute(
        "SELECT * FROM trackers WHERE company_id=? AND status='active' ORDER BY rowid", (company_id,))]
    for tracker in trackers:
        tracker["numbers"] = [r[0] for r in ctx.conn.execute(
            "SELECT number FROM tracking_numbers WHERE tracker_id=? ORDER BY position", (tracker["id"],))]
    return [t for t in trackers if t["numbers"]]


def _agents(ctx, company):
    return [r[0] for r in ctx.conn.execute(
        "SELECT u.id FROM users u WHERE u.account_id=? AND u.accepted=1 AND (u.role='admin' OR "
        "EXISTS (SELECT 1 FROM user_companies uc WHERE uc.user_id=u.id AND uc.company_id=?)) "
        "ORDER BY u.rowid", (company["account_id"], company["id"]))]


def _tag_ids(ctx, company):
    return [r[0] for r in ctx.conn.execute(
        "SELECT id FROM tags WHERE account_id=? AND (company_id=? OR company_id IS NULL) "
        "AND status='enabled' ORDER BY id", (company["account_id"], company["id"]))]


@step("demo", 40)
def demo(ctx):
    scale = max(1, int(getattr(ctx.settings, "scale", 1) or 1))
    plan = [(c, _trackers(ctx, c["id"])) for c in _companies(ctx)]
    plan = [(c, t) for c, t in plan if t]
    total = DEMO_CALLS_PER_COMPANY * scale * len(plan)
    progress = Progress(total, "Seeding calls")
    if scale > 1:  # a big seed: a larger page cache keeps the index inserts in memory
        ctx.conn.execute("PRAGMA cache_size=-262144")
    for company, trackers in plan:
        count = DEMO_CALLS_PER_COMPANY * scale
        generator = DemoCalls(ctx, company, trackers, count)
        rows, people, views, taggings = generator.build()
        insert_many(ctx.conn, "people", people)
        for start in range(0, len(rows), CHUNK):
            insert_many(ctx.conn, "calls", rows[start:start + CHUNK])
            progress.add(len(rows[start:start + CHUNK]))
        insert_many(ctx.conn, "call_page_views", views)
        if taggings:
            ctx.conn.executemany("INSERT OR IGNORE INTO taggings(tag_id, record_type, record_id) "
                                 "VALUES (?, 'call', ?)", taggings)
        recount_all(ctx.conn, company["id"])


@step("docs", 40)
def docs(ctx):
    docs_calls(ctx)


class DemoCalls:
    """Builds one company's calls, people, page views and taggings as plain rows."""

    def __init__(self, ctx, company, trackers, count):
        self.ctx, self.company, self.trackers, self.count = ctx, company, trackers, count
        self.rng, self.fake = ctx.rng, ctx.faker
        self.agents = _agents(ctx, company)
        self.tag_ids = _tag_ids(ctx, company)
        # Faker is slow per call: draw name parts once, combine them with the seeded rng
        self.first_names = [self.fake.first_name() for _ in range(120)]
        self.last_names = [self.fake.last_name() for _ in range(160)]
        for tracker in trackers:
            tracker["flow"] = json.loads(tracker.get("call_flow") or "{}") or {}
            tracker["options"] = calls_data.session_options(tracker) if tracker["type"] == "session" else []
        self.site = "www." + "".join(ch for ch in company["name"].lower() if ch.isalnum())[:24] + ".com"

    def customers(self, n):
        rng, seen, out = self.rng, set(), []
        while len(out) < n:
            area = rng.choice(calls_data.AREAS)
            number = f"+1{area[0]}{rng.randint(2, 9)}{rng.randint(0, 99):02d}{rng.randint(0, 9999):04d}"
            if number in seen:
                continue
            seen.add(number)
            roll = rng.random()
            person = f"{rng.choice(self.first_names)} {rng.choice(self.last_names)}".upper()
            name = (person if roll < 0.55 else f"{area[1].upper()}, {area[2]}"
                    if roll < 0.8 else "WIRELESS CALLER" if roll < 0.9 else None)
            out.append({"number": number, "name": name, "area": area})
        return out

    def build(self):
        ctx, rng, company = self.ctx, self.rng, self.company
        n = self.count
        pool = self.customers(max(5, int(n * 0.65)))
        call_ids = block_ids(ctx.db, "CAL", n)
        numbers = numeric_ids(ctx.db, n)
        person_ids = block_ids(ctx.db, "PER", len(pool))
        span = DAYS * 86400
        times = sorted(rng.randrange(span) for _ in range(n))
        rows, views, taggings, used = [], [], [], {}
        for i, offset in enumerate(times):
            start = ctx.now - timedelta(seconds=span - offset, milliseconds=rng.randrange(1000))
            index = min(int(rng.expovariate(3.0 / len(pool))), len(pool) - 1)
            if rng.random() < 0.45:
                index = rng.randrange(len(pool))
            customer = pool[index]
            used.setdefault(index, start)
            tracker = rng.choice(self.trackers)
            row = self.call(call_ids[i], start, tracker, customer, person_ids[index])
            row["numeric_id"] = numbers[i]
            rows.append(row)
            if row["session_id"]:
                views.extend(self.page_views(row, start))
            if self.tag_ids and rng.random() < 0.3:
                for tag_id in rng.sample(self.tag_ids, min(len(self.tag_ids), rng.choice((1, 1, 2)))):
                    taggings.append((tag_id, row["id"]))
        people = [{"id": person_ids[i], "account_id": company["account_id"], "company_id": company["id"],
                   "phone_number": pool[i]["number"], "email": None, "name": pool[i]["name"],
                   "created_at": iso_z(first)} for i, first in sorted(used.items())]
        return rows, people, views, taggings

    def call(self, call_id, start, tracker, customer, person_id):
        rng, company = self.rng, self.company
        outbound = rng.random() < 0.05
        roll = rng.random()
        if outbound:
            answered, voicemail = roll < 0.6, False
            duration = int(rng.lognormvariate(4.5, 0.8)) if answered else rng.randint(0, 40)
        elif roll < 0.68:
            answered, voicemail, duration = True, False, min(3600, 8 + int(rng.lognormvariate(4.6, 0.9)))
        elif roll < 0.84:
            answered, voicemail, duration = False, True, rng.randint(12, 95)
        else:
            answered, voicemail, duration = False, False, rng.randint(0, 35)
        recorded = tracker["flow"].get("recording_enabled", True) is not False
        recording = duration if (recorded and (answered or voicemail) and duration > 0) else None
        row = dict.fromkeys(COLUMNS)
        city, state, country = customer["area"][1:]
        row.update({
            "id": call_id, "account_id": company["account_id"], "company_id": company["id"],
            "tracker_id": tracker["id"], "person_id": person_id,
            "agent_id": rng.choice(self.agents) if (answered and self.agents) else None,
            "direction": "outbound" if outbound else "inbound",
            "start_time": iso_z(start), "created_at": iso_z(start), "duration": duration,
            "answered": int(answered), "voicemail": int(voicemail),
            "first_call": 1, "prior_calls": 0,
            "tracking_phone_number": rng.choice(tracker["numbers"]),
            "business_phone_number": tracker["destination_number"] if (answered or outbound) else None,
            "customer_phone_number": customer["number"], "customer_name": customer["name"],
            "customer_city": city, "customer_state": state, "customer_country": country,
            "source_name": tracker["name"], "spam": int(rng.random() < 0.02),
            "recording_duration": recording,
            "recording_key": hashlib.md5(call_id.encode()).hexdigest()[:20] if recording else None,
            "recording_enabled": int(recorded),
        })
        if tracker["type"] == "session" and not outbound:
            key = rng.choice(tracker["options"])
            keywords = rng.choice(["emergency plumber", "best pizza near me", "resort deals",
                                   "hvac repair", "dentist open saturday", "auto shop"])
            row.update(calls_data.session_attribution(key, self.site, rng, keywords,
                                                      rng.choice(["Brand", "Non-Brand", "Spring Sale"])))
            row["device_type"] = "mobile" if rng.random() < 0.6 else "desktop"
            row["browser"] = rng.choice(["Chrome", "Safari", "Firefox", "Edge"])
            row["session_id"] = "SES" + hashlib.md5(("s" + call_id).encode()).hexdigest()
            row["session_started_at"] = iso_z(start - timedelta(seconds=rng.randint(60, 3600)))
            if row["ga"]:
                row["integration_data"] = json.dumps([{"integration": "Google Analytics",
                                                       "data": {"client_id": row["ga"]}}])
        else:
            row.update(calls_data.tracker_source(tracker))
        row["call_type"] = calls_data.call_type(row["direction"], answered, voicemail, duration)
        self.outcome(row, answered, duration, recording)
        return row

    def outcome(self, row, answered, duration, recording):
        rng, company = self.rng, self.company
        if answered and row["direction"] == "inbound":
            roll = rng.random()
            row["lead_status"] = "good_lead" if roll < 0.3 else "not_a_lead" if roll < 0.4 else None
            if row["lead_status"] == "good_lead" and rng.random() < 0.5:
                row["value"] = round(rng.uniform(25, 2500), 2)
        if rng.random() < 0.1:
            row["note"] = rng.choice(["Call customer back tomorrow", "Asked about pricing",
                                      "Wants an appointment next week", "Existing customer", "Left message"])
        if recording and company["callscribe_enabled"] and duration > 30:
            transcript = _transcript(rng, duration)
            row["conversational_transcript"] = json.dumps(transcript)
            row["transcription"] = "\n".join(f"{t['speaker'].title()}: {t['phrase']}" for t in transcript)
            row["agent_talk_percent"] = rng.randint(30, 70) if answered else 0
            row["sentiment"] = rng.choice(["positive", "positive", "neutral", "negative"])
            row["call_summary"] = ("The caller asked about availability and pricing. The agent explained "
                                   "the options and offered an appointment. The caller agreed to follow up.")
            row["call_highlights"] = json.dumps(["pricing", "appointment"])
            if company["keyword_spotting_enabled"] or rng.random() < 0.5:
                row["keywords_spotted"] = json.dumps([{"keyword": "appointment", "locations": [
                    {"speaker": t["speaker"], "start": t["start"]} for t in transcript
                    if "appointment" in t["phrase"]]}])
        if rng.random() < 0.05:
            row["keypad_entries"] = json.dumps([{"name": "Account Number", "value": str(rng.randint(1000, 9999))}])
        if rng.random() < 0.03:
            row["zip_code"] = json.dumps([f"{rng.randint(10000, 99999)}"])

    def page_views(self, row, start):
        rng = self.rng
        landed = start - timedelta(seconds=rng.randint(120, 3600))
        count = rng.randint(1, 5)
        urls = [row["landing_page_url"]] + [f"https://{self.site}{p}" for p in
                                            rng.sample(["/services/", "/pricing/", "/about/", "/reviews/",
                                                        "/contact/", "/book-now/"], count)]
        views, referrer, at = [], row["referring_url"], landed
        for url in urls:
            if at >= start:
                break
            views.append({"account_id": row["account_id"], "session_id": row["session_id"],
                          "page_url": url, "referrer_url": referrer, "created_at": iso_z(at)})
            referrer = url
            at += timedelta(seconds=rng.randint(5, 40))  # each click after the one before
        if rng.random() < 0.3:  # browsing after the call, which the endpoint must not show
            views.append({"account_id": row["account_id"], "session_id": row["session_id"],
                          "page_url": f"https://{self.site}/thank-you/", "referrer_url": referrer,
                          "created_at": iso_z(start + timedelta(seconds=rng.randint(60, 600)))})
        return views


def _transcript(rng, duration):
    lines = [("agent", "Thanks for calling, how can I help you today?"),
             ("caller", "Hi, I wanted to ask about your prices and availability."),
             ("agent", "Sure, we have openings this week. Would you like an appointment?"),
             ("caller", "Yes, an appointment on Thursday would be great."),
             ("agent", "You're all set. Anything else I can help with?"),
             ("caller", "No, that's it. Thank you!")]
    step_seconds = max(1.0, duration / (len(lines) + 1))
    return [{"speaker": s, "phrase": p, "start": round(k * step_seconds + rng.random(), 2)}
            for k, (s, p) in enumerate(lines)]
