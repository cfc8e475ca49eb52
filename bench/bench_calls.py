"""Benchmark: seed ~100,000 calls into one account and time the call endpoints over HTTP.

    python bench/bench_calls.py [--calls 100000] [--repeat 5]

Reports the seeding time, list page 1 and page 400 (offset pagination, and relative
pagination followed through `next_page`), and the summary and time series over every call.
Targets (issue 4): relative page 400 within 2x of page 1; summary under 0.5 s.
"""
from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from emulator.pytest_plugin import Api, Control, RunningServer  # noqa: E402
from emulator.seeds.calls import DAYS, DEMO_CALLS_PER_COMPANY  # noqa: E402


def timed(api: Api, url: str, params=None, repeat: int = 1) -> tuple[float, dict]:
    """Median seconds of `repeat` GETs, and the last answer."""
    spent, body = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        response = api.get(url, params=params)
        spent.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"GET {url} {params} answered {response.status_code}: {response.text[:300]}")
        body = response.json()
    return statistics.median(spent), body


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=100_000, help="calls wanted in the primary account")
    parser.add_argument("--repeat", type=int, default=5, help="runs per timed request (median)")
    parser.add_argument("--per-page", type=int, default=100, help="page size of the listings (API default 100)")
    options = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="callrail-bench-")
    db_path = os.path.join(folder, "bench.db")
    # The demo seed gives its primary account 4 companies of DEMO_CALLS_PER_COMPANY calls each,
    # times --scale; the second account gets 3 companies more.
    scale = math.ceil(options.calls / (4 * DEMO_CALLS_PER_COMPANY))
    started = time.perf_counter()
    server = RunningServer(seed="demo", random_seed=1, scale=scale, db=db_path)
    seeding = time.perf_counter() - started
    try:
        report(server, seeding, scale, options.repeat, options.per_page)
    finally:
        server.close()
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db_path + suffix):
                os.remove(db_path + suffix)
        os.rmdir(folder)


def report(server, seeding: float, scale: int, repeat: int, per_page: int) -> None:
    conn = server.state.db.conn()
    seeded = conn.execute("SELECT COUNT(*) FROM calls").fetchone()[0]
    admin = Control(server.base_url).get("/credentials")["api_keys"][0]  # as the pytest fixture
    api = Api(server.base_url, admin["key"])
    account = admin["account_id"]
    now = server.state.clock.now()
    window = {"start_date": (now - timedelta(days=DAYS + 2)).date().isoformat(),
              "end_date": now.date().isoformat()}
    in_account = conn.execute("SELECT COUNT(*) FROM calls WHERE account_id=? AND spam=0",
                              (account,)).fetchone()[0]
    print(f"seeded {seeded:,} calls (scale {scale}) in {seeding:.1f} s; "
          f"{in_account:,} non-spam calls in the benchmarked account")

    calls = f"/v3/a/{account}/calls.json"
    rows = []
    first, body = timed(api, calls, {**window, "per_page": per_page}, repeat)
    rows.append((f"list page 1 (offset, per_page={per_page})", first))
    last_page = min(400, body["total_pages"])
    deep, _ = timed(api, calls, {**window, "per_page": per_page, "page": last_page}, repeat)
    rows.append((f"list page {last_page} (offset, per_page={per_page})", deep))

    relative = {**window, "per_page": per_page, "relative_pagination": "true"}
    rel_first, body = timed(api, calls, relative, repeat)
    rows.append((f"list page 1 (relative, per_page={per_page})", rel_first))
    page, url, walk_started = 1, body.get("next_page"), time.perf_counter()
    last_url = None
    while url and page < 400 and body.get("has_next_page"):
        last_url = url
        _, body = timed(api, url)
        url = body.get("next_page")
        page += 1
    walked = time.perf_counter() - walk_started
    if last_url:
        rel_deep, _ = timed(api, last_url, repeat=repeat)
        rows.append((f"list page {page} (relative, next_page chain)", rel_deep))
        rows.append((f"  (walking pages 2..{page}, total)", walked))
        jump, _ = timed(api, calls, {**relative, "offset": page - 1}, repeat)
        rows.append((f"list page {page} (relative, offset={page - 1})", jump))

    tags = ",".join(r[0] for r in conn.execute(
        "SELECT tags.name FROM taggings t JOIN tags ON tags.id = t.tag_id WHERE tags.account_id = ? "
        "GROUP BY tags.name ORDER BY COUNT(*) DESC LIMIT 2", (account,)))
    for label, params in [
        ("summary, all fields", {"fields": "missed_calls,answered_calls,first_time_callers,"
                                           "average_duration,formatted_average_duration,leads"}),
        ("summary group_by=source, all fields", {"group_by": "source", "fields": "missed_calls,answered_calls,"
                                                 "first_time_callers,average_duration,leads"}),
        ("summary group_by=company", {"group_by": "company"}),
        ("summary group_by=keywords", {"group_by": "keywords"}),
        (f"summary tags={tags}", {"tags": tags}),
        ("timeseries interval=day, all fields", {"interval": "day", "fields": "missed_calls,answered_calls,"
                                                 "first_time_callers,average_duration,leads"}),
        ("timeseries interval=week", {"interval": "week"}),
    ]:
        spent, body = timed(api, f"/v3/a/{account}/calls/{'timeseries' if 'timeseries' in label else 'summary'}.json",
                            {**window, **params}, repeat)
        rows.append((f"{label} [{body['total_results']['total_calls']:,} calls]", spent))

    width = max(len(label) for label, _ in rows)
    for label, spent in rows:
        print(f"{label:<{width}}  {spent * 1000:8.1f} ms")
    if last_url:
        print(f"relative page {page} / page 1: {rel_deep / rel_first:.2f}x (target <= 2x)")
    summary = next(spent for label, spent in rows if label.startswith("summary, all fields"))
    print(f"summary over all calls: {summary * 1000:.0f} ms (target < 500 ms)")


if __name__ == "__main__":
    main()
