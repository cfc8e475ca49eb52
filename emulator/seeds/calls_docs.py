"""The doc's example calls ("Listing All Calls", "Retrieving a Single Call") for the `docs` seed.

The doc's calls are from January 2017, outside the 25-month retention of any current clock, so
they keep their local times of day (America/New_York) but sit on the days before the clock's
day (docs/BEHAVIOUR.md "Docs seed calls"). The Jimmy Pesto call two days earlier is the first
touch and qualified milestone of the single-call example. A Grand Symphony Resort call
(numeric id 444941612, the field-selection example, 158-184) carries the page views of the Page
Views example (4128-4164) on that company's session tracker."""
from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from emulator.clock import iso_z
from emulator.db import insert_many
from emulator.domain import calls, trackers

NEW_YORK = ZoneInfo("America/New_York")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
RESORT = "https://www.grandsymphonyresort.com"
RESORT_LANDING = (f"{RESORT}/?utm_source=google&utm_medium=cpc&utm_campaign=Non-Brand&matchtype=b&device=c"
                  "&position=1t1&keyword=%2Bvacation%20%2Bresort%20%2Brelax&gclid=DjwKCBjwcdbLBRALEiwFn8pA5Qg"
                  "nviLjpiYy9fY3hcwHxrpIhUj7WbkYGFDhVy-LL2WA9HsQ_KcA_RoCpPgQAvD_BwE")
# The Page Views example, oldest first: (seconds after 10:17:00 Pacific, page, referrer)
RESORT_VIEWS = [(0, RESORT_LANDING, "https://www.google.com/"), (9, f"{RESORT}/attractions/", RESORT_LANDING),
                (19, f"{RESORT}/things-to-do", f"{RESORT}/attractions/"),
                (21, f"{RESORT}/available-suites/", f"{RESORT}/things-to-do"),
                (29, f"{RESORT}/book-now/", f"{RESORT}/available-suites/")]
FIRST_TOUCH_LANDING = ("https://www.example.com/peststoppers/?campaign=US_branded&keywords=peststoppers"
                       "&gclid=12345abgdef")


def _at(ctx, days_before: int, clock: time, zone=NEW_YORK) -> str:
    day = ctx.now.astimezone(zone).date() - timedelta(days=days_before)
    return iso_z(datetime.combine(day, clock, tzinfo=zone))


def _tracker(ctx, account_id: str, number: str):
    tracker = trackers.by_number(ctx.conn, account_id, number)
    if tracker is None:
        row = ctx.conn.execute("SELECT * FROM trackers WHERE account_id=? AND status='active' "
                               "ORDER BY rowid LIMIT 1", (account_id,)).fetchone()
        tracker = dict(row) if row else None
    return tracker


def docs_calls(ctx):
    account = ctx.conn.execute("SELECT * FROM accounts ORDER BY rowid LIMIT 1").fetchone()
    if account is None:
        return
    company = ctx.conn.execute("SELECT id FROM companies WHERE account_id=? AND status='active' "
                               "ORDER BY rowid LIMIT 1", (account["id"],)).fetchone()
    examples = [
        # first touch and qualified milestone of the single-call example
        dict(days=3, clock=time(19, 41, 45, 183000), tracking="+13038163491",
             customer_phone_number="+13036231131", customer_name="RUEGSEGGER SIMO", answered=1,
             duration=212, source="Google Ads", medium="cpc", campaign="US_branded", keywords="peststoppers",
             landing_page_url=FIRST_TOUCH_LANDING, referring_url="https://www.google.com/",
             device_type="desktop", browser="Chrome", lead_status="good_lead"),
        # "Listing All Calls" example 1 and "Retrieving a Single Call"
        dict(days=1, clock=time(11, 27, 48, 119000), tracking="+13038163491", id="CAL8154748ae6bd4e278a7cddd38a662f4f",
             numeric_id=111222333,  # its recording URL's call id (709)
             customer_phone_number="+13036231131", customer_name="RUEGSEGGER SIMO", answered=0, duration=4,
             recording_duration=27, recording_key="3b91eb7f7cc08a4d01ed", source="Google Organic",
             medium="organic", landing_page_url="https://www.example.com/", referring_url="https://www.google.com/",
             device_type="desktop", browser="Chrome", customer_city="Denver", customer_state="CO",
             keywords_spotted=[{"keyword": "test phrase one", "locations": [
                 {"speaker": "caller", "start": 7.71}, {"speaker": "agent", "start": 13.38},
                 {"speaker": "caller", "start": 17.96}]},
                 {"keyword": "test phrase two", "locations": [{"speaker": "caller", "start": 8.44}]}]),
        # "Listing All Calls" example 2
        dict(days=1, clock=time(19, 50, 3, 456000), tracking="+17708243899",
             customer_phone_number="+17064558047", customer_name="BLUE RIDGE, GA", answered=0, duration=16,
             customer_city="Blue Ridge", customer_state="GA"),
    ]
    for spec in examples:
        days, clock, number = spec.pop("days"), spec.pop("clock"), spec.pop("tracking")
        tracker = _tracker(ctx, account["id"], number)
        company_id = tracker["company_id"] if tracker else company["id"]
        start = _at(ctx, days, clock)
        if spec.get("answered") and tracker:
            spec["business_phone_number"] = tracker["destination_number"]
        row = calls.new_row(ctx.db, account["id"], company_id, tracker, start,
                            tracking_phone_number=number, customer_country="US", **spec)
        calls.store(ctx.db, ctx.conn, ctx.now, row)
    docs_page_views(ctx, account["id"])


def docs_page_views(ctx, account_id: str) -> None:
    """Jovani Osinski's call (158-176) to Grand Symphony Resort's session tracker, ten seconds
    after the last page view of the Page Views example (4139-4164), on the day before the clock."""
    row = ctx.conn.execute(
        "SELECT t.* FROM trackers t JOIN companies c ON c.id = t.company_id WHERE t.account_id = ? "
        "AND c.name = 'Grand Symphony Resort' AND t.type = 'session' AND t.status = 'active' "
        "ORDER BY t.rowid LIMIT 1", (account_id,)).fetchone()
    number = row and ctx.conn.execute("SELECT number FROM tracking_numbers WHERE tracker_id = ? "
                                      "ORDER BY position LIMIT 1", (row["id"],)).fetchone()
    if number is None:
        return
    tracker, session = dict(row), "SESdocs444941612"
    views = [{"account_id": account_id, "session_id": session, "page_url": page, "referrer_url": referrer,
              "created_at": _at(ctx, 1, time(10, 17, second), LOS_ANGELES)} for second, page, referrer in RESORT_VIEWS]
    start = _at(ctx, 1, time(10, 17, 39), LOS_ANGELES)
    call = calls.new_row(ctx.db, account_id, tracker["company_id"], tracker, start, numeric_id=444941612,
                         tracking_phone_number=number[0], customer_phone_number="+15896836609",
                         customer_name="Jovani Osinski", customer_city="Seattle", customer_state="WA",
                         customer_country="US", answered=0, voicemail=1, duration=31,
                         source="Google Ads", medium="cpc", campaign="Non-Brand", keywords="+vacation +resort +relax",
                         landing_page_url=RESORT_LANDING, referring_url="https://www.google.com/",
                         last_requested_url=f"{RESORT}/book-now/", device_type="desktop", browser="Chrome",
                         session_id=session, session_started_at=views[0]["created_at"])
    calls.store(ctx.db, ctx.conn, ctx.now, call)
    insert_many(ctx.conn, "call_page_views", views)
