"""Call reports: "Summarizing Call Data" (doc 1496-1601) and "Summarizing Call Data by Time
Series" (1602-1777). Both read the `calls` table (emulator/domain/calls.py) through the
collection engine's scoped query (account, company scope, company_id, filters, search, date
window) and aggregate in SQL: GROUP BY for the summary, a join against a table of time buckets
(computed here, aligned to the request's time zone) for the series. Spam calls never count.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone

from dateutil.relativedelta import relativedelta
from marshmallow import Schema

from emulator.clock import iso_z
from emulator.db import schema
from emulator.domain import calls  # (also registers the calls table before the index below)
from emulator.domain.calls_fields import duration_text
from emulator.engine import dates, params
from emulator.engine.collection import Query, scoped_query
from emulator.engine.resource import Filter, Resource
from emulator.errors import bad_request

# A covering index for the reports: the window range plus every column they aggregate, filter
# or group on except the long text ones, so 100,000 calls are read without touching the rows.
schema("""
CREATE INDEX IF NOT EXISTS calls_reports_cover ON calls(account_id, spam, start_time, answered,
    voicemail, first_call, lead_status, duration, direction, device_type, company_id, tracker_id,
    agent_id, source, id);
""")

# "Summary Data Response Fields", in the doc's order; total_calls is always returned.
FIELDS = ("total_calls", "missed_calls", "answered_calls", "first_time_callers",
          "average_duration", "formatted_average_duration", "leads")
# Raw sums per group or bucket, in SQL; the counts are derived from them (and summed across
# groups for the totals, so one scan serves both).
_RAW = {
    "total_calls": "COUNT(calls.id)",
    # answered + missed = total, as in the doc's examples: voicemails are missed calls.
    "missed_calls": "COALESCE(SUM(calls.answered = 0), 0)",
    "answered_calls": "COALESCE(SUM(calls.answered = 1), 0)",
    "first_time_callers": "COALESCE(SUM(calls.first_call = 1), 0)",
    "leads": "COALESCE(SUM(calls.lead_status = 'good_lead'), 0)",
    "duration_sum": "COALESCE(SUM(calls.duration), 0)",
    "duration_count": "COUNT(calls.duration)",
}
_SELECT = ", ".join(f"{sql} AS {name}" for name, sql in _RAW.items())

# group_by value -> (key expression, GROUP BY expression)
GROUPS = {
    "source": ("NULLIF(calls.source, '')",) * 2,
    "keywords": ("NULLIF(calls.keywords, '')",) * 2,
    "campaign": ("NULLIF(calls.campaign, '')",) * 2,
    "referrer": ("NULLIF(calls.referrer_domain, '')",) * 2,
    "landing_page": ("NULLIF(calls.landing_page_url, '')",) * 2,
    "company": ("companies.name", "calls.company_id"),
    "company_id": ("calls.company_id", "calls.company_id"),
}
INTERVALS = ("hour", "day", "week", "month", "year")
MAX_DURATION = 2**31 - 1  # seconds; larger values cannot be stored
MAX_POINTS = 200  # "limited to 200 data points" (1708)


def _duration(op: str, name: str) -> Filter:
    def sql(scope, values):
        value = params.integer({name: values[0]}, name, minimum=0, maximum=MAX_DURATION)
        return f"calls.duration {op} ?", [value]
    return Filter(sql=sql)


def _trackers(scope, tracker_ids):
    return f"calls.tracker_id IN ({','.join('?' * len(tracker_ids))})", list(tracker_ids)


def _first_time(scope, values):
    """A boolean (1567, 1741): true/false or 1/0, like every boolean parameter."""
    first = params.boolean({"first_time_callers": values[0]}, "first_time_callers")
    return f"calls.first_call = {int(first)}", []


def _agent(scope, values):
    found = scope.conn.execute(
        "SELECT users.id FROM users JOIN memberships m ON m.user_id = users.id "
        "WHERE users.id = ? AND m.account_id = ?", (values[0], scope.account["id"])).fetchone()
    if found is None:
        raise bad_request("agent", f"agent does not name a user of this account: {values[0]!r}")
    return "calls.agent_id = ?", [found[0]]


def _or_all(name: str) -> Filter:
    """The listing's filter of that name, plus the reports' `all` value (1552, 1563, 1565)."""
    spec = calls.RESOURCE.filters[name]
    return replace(spec, values={**spec.values, "all": "1"})


# The filter table of both endpoints (1552-1571, 1724-1745): the listing's filters where they
# coincide, so a report counts exactly the calls the listing shows for the same parameters.
REPORT = Resource(
    name="call_report", table="calls", schema=Schema, date_column="start_time",
    company_column="company_id", search=("calls.source",),
    filters={
        "device": _or_all("device"),
        "min_duration": _duration(">=", "min_duration"),
        "max_duration": _duration("<=", "max_duration"),
        # `tags=A,B` as well as `tags[]=A&tags[]=B` (1559)
        "tags": replace(calls.RESOURCE.filters["tags"], split_commas=True),
        "tracker_ids": Filter(sql=_trackers, many=True),
        "direction": _or_all("direction"),
        "answer_status": _or_all("answer_status"),
        "first_time_callers": Filter(sql=_first_time),
        "lead_status": calls.RESOURCE.filters["lead_status"],
        "agent": Filter(sql=_agent),
    },
)


def requested_fields(args) -> list[str]:
    names = params.many(args, "fields", split_commas=True)
    unknown = [n for n in names if n not in FIELDS]
    if unknown:
        raise bad_request("fields", f"fields must be among: {', '.join(FIELDS)}; unknown: {', '.join(unknown)}")
    return [f for f in FIELDS if f == "total_calls" or f in names]


def _combined(rows) -> dict:
    return {name: sum(row[name] for row in rows) for name in _RAW}


def _counts(raw, fields: list[str]) -> dict:
    # Mean of the known durations, rounded half up to whole seconds.
    average = (2 * raw["duration_sum"] + raw["duration_count"]) // (2 * raw["duration_count"]) \
        if raw["duration_count"] else 0
    values = {**{name: raw[name] for name in _RAW}, "average_duration": average,
              "formatted_average_duration": duration_text(average)}
    return {name: values[name] for name in fields}


def _base(scope, args) -> Query:
    return scoped_query(scope, REPORT, args, calls.base(scope))


def _header(scope, args) -> tuple[dict, datetime, datetime]:
    """start_date, end_date and time_zone as the examples show them (1500-1502, 1666-1668)."""
    tz = scope.zone(args)
    start, end = dates.window(args, tz, scope.now)
    name = args.get("time_zone") or "user"
    shown = {"start_date": _stamp(start, tz),
             "end_date": _stamp(end - timedelta(milliseconds=1), tz),
             "time_zone": scope.user["time_zone"] if name == "user" else name}
    return shown, start, end


def _stamp(moment: datetime, tz) -> str:
    return moment.astimezone(tz).strftime("%Y-%m-%dT%H:%M:%S%z")


def summary(scope, args) -> dict:
    fields = requested_fields(args)
    group_by = params.choice(args, "group_by", GROUPS)
    if group_by in ("company", "company_id") and args.get("company_id"):
        # "Grouping by company is only available when using the account-level endpoint" (1537).
        raise bad_request("group_by", f"group_by={group_by} cannot be combined with company_id")
    shown, _, _ = _header(scope, args)
    query = _base(scope, args)
    if not group_by:
        total = scope.conn.execute(f"SELECT {_SELECT} FROM calls WHERE {query.sql()}",
                                   query.params).fetchone()
        return {**shown, "total_results": _counts(total, fields), "grouped_by": None,
                "grouped_results": []}
    key, group = GROUPS[group_by]
    join = "LEFT JOIN companies ON companies.id = calls.company_id" if group_by == "company" else ""
    rows = scope.conn.execute(
        f"SELECT {key} AS key, {_SELECT} FROM calls {join} WHERE {query.sql()} GROUP BY {group} "
        f"ORDER BY total_calls DESC, key IS NULL, key", query.params).fetchall()
    return {**shown, "total_results": _counts(_combined(rows), fields), "grouped_by": group_by,
            "grouped_results": [{"key": r["key"], **_counts(r, fields)} for r in rows]}


def buckets(interval: str, start: datetime, end: datetime, tz) -> list[tuple[str, datetime, datetime]]:
    """(label, from, to) per data point covering [start, end), aligned to `tz`: hours on the
    local hour, days at local midnight, weeks on Monday, months and years on their first day.
    More than 200 points is a 400 naming `interval` (docs/BEHAVIOUR.md)."""
    local = start.astimezone(tz)
    out: list[tuple[str, datetime, datetime]] = []
    if interval == "hour":
        lo = local.replace(minute=0, second=0, microsecond=0).astimezone(timezone.utc)
        while lo < end:
            hi = lo + timedelta(hours=1)  # absolute hours: DST days have 23 or 25 of them
            out.append((_stamp(lo, tz), lo, hi))
            lo = hi
            _check_points(out)
        return out
    day = local.date()
    first = {"day": day, "week": day - timedelta(days=day.weekday()),
             "month": day.replace(day=1), "year": day.replace(month=1, day=1)}[interval]
    step = {"day": relativedelta(days=1), "week": relativedelta(weeks=1),
            "month": relativedelta(months=1), "year": relativedelta(years=1)}[interval]
    current = first
    while _midnight(current, tz) < end:
        following = current + step
        out.append((current.isoformat(), _midnight(current, tz), _midnight(following, tz)))
        current = following
        _check_points(out)
    return out


def _check_points(out: list) -> None:
    if len(out) > MAX_POINTS:
        raise bad_request("interval", "A time series is limited to 200 data points: use a larger interval "
                                      "(week, month or year) or a shorter date range")


def _midnight(day: date, tz) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz)


def timeseries(scope, args) -> dict:
    fields = requested_fields(args)
    interval = params.choice(args, "interval", INTERVALS, "day")
    shown, start, end = _header(scope, args)
    points = buckets(interval, start, end, scope.zone(args))
    query = _base(scope, args)
    values = ", ".join("(?, ?, ?)" for _ in points)
    bounds = [v for i, (_, lo, hi) in enumerate(points) for v in (i, iso_z(lo), iso_z(hi))]
    rows = scope.conn.execute(
        f"WITH buckets(idx, lo, hi) AS (VALUES {values}) "
        f"SELECT buckets.idx AS idx, {_SELECT} FROM buckets LEFT JOIN calls "
        f"ON calls.start_time >= buckets.lo AND calls.start_time < buckets.hi AND {query.sql()} "
        f"GROUP BY buckets.idx ORDER BY buckets.idx", [*bounds, *query.params]).fetchall()
    return {**shown, "total_results": _counts(_combined(rows), fields),
            "data": [{"date": points[r["idx"]][0], **_counts(r, fields)} for r in rows]}
