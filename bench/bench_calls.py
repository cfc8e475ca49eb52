"""Benchmark: seed ~100,000 calls into one account and time the call endpoints over HTTP.

    python bench/bench_calls.py [--calls 100000] [--repeat 5] [--per-page 100]

Reports the seeding time, list page 1 and page 400 (offset pagination, and relative
pagination followed through `next_page`), and the summary and time series over every call.
Each request runs `--repeat` times: the median and the fastest run are shown (on a shared
machine the fastest shows the cost without other processes' interference).
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

ALL_FIELDS = "missed_calls,answered_calls,first_time_callers,average_duration,formatted_average_duration,leads"


def timed(api: Api, url: str, params=None, repeat: int = 1) -> tuple[float, float, dict]:
    """(median seconds, fastest seconds, last answer) of `repeat` GETs."""
    spent, body = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        response = api.get(url, params=params)
        spent.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"GET {url} {params} answered {response.status_code}: {response.text[:300]}")
        body = response.json()
    return statistics.median(spent), min(spent), body


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=100_000, help="calls wanted in the primary account")
    parser.add_argument("--repeat", type=int, default=5, help="runs per timed request")
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
        Bench(server, options.repeat, options.per_page).run(seeding, scale)
    finally:
        server.close()
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db_path + suffix):
                os.remove(db_path + suffix)
        os.rmdir(folder)


class Bench:
    def __init__(self, server, repeat: int, per_page: int):
        self.server, self.repeat, self.per_page = server, repeat, per_page
        self.conn = server.state.db.conn()
        admin = Control(server.base_url).get("/credentials")["api_keys"][0]  # as the pytest fixture
        self.api, self.account = Api(server.base_url, admin["key"]), admin["account_id"]
        now = server.state.clock.now()
        self.window = {"start_date": (now - timedelta(days=DAYS + 2)).date().isoformat(),
                       "end_date": now.date().isoformat()}
        self.rows: list[tuple[str, float, float | None]] = []

    def time(self, label: str, url: str, params=None) -> tuple[float, dict]:
        median, fastest, body = timed(self.api, url, params, self.repeat)
        self.rows.append((label, median, fastest))
        return median, body

    def run(self, seeding: float, scale: int) -> None:
        seeded = self.conn.execute("SELECT COUNT(*) FROM calls").fetchone()[0]
        in_account = self.conn.execute("SELECT COUNT(*) FROM calls WHERE account_id=? AND spam=0",
                                       (self.account,)).fetchone()[0]
        print(f"seeded {seeded:,} calls (scale {scale}) in {seeding:.1f} s; "
              f"{in_account:,} non-spam calls in the benchmarked account")
        first, deep, page = self.listing()
        self.reports()
        width = max(len(label) for label, _, _ in self.rows)
        print(f"{'request':<{width}}  {'median':>9}  {'fastest':>9}")
        for label, median, fastest in self.rows:
            shown = f"{fastest * 1000:6.1f} ms" if fastest is not None else ""
            print(f"{label:<{width}}  {median * 1000:6.1f} ms  {shown:>9}")
        if deep is not None:
            print(f"relative page {page} / page 1 (median): {deep / first:.2f}x (target <= 2x)")
        summary = next(m for label, m, _ in self.rows if label.startswith("summary, all fields"))
        print(f"summary over all calls (median): {summary * 1000:.0f} ms (target < 500 ms)")

    def listing(self):
        calls, per_page = f"/v3/a/{self.account}/calls.json", self.per_page
        _, body = self.time(f"list page 1 (offset, per_page={per_page})", calls,
                            {**self.window, "per_page": per_page})
        last_page = min(400, body["total_pages"])
        self.time(f"list page {last_page} (offset, per_page={per_page})", calls,
                  {**self.window, "per_page": per_page, "page": last_page})
        relative = {**self.window, "per_page": per_page, "relative_pagination": "true"}
        first, body = self.time(f"list page 1 (relative, per_page={per_page})", calls, relative)
        page, url, last_url, walk_started = 1, body.get("next_page"), None, time.perf_counter()
        while url and page < 400 and body.get("has_next_page"):
            last_url = url
            body = self.api.get(url).json()
            url = body.get("next_page")
            page += 1
        walked = time.perf_counter() - walk_started
        if last_url is None:
            return first, None, page
        deep, _ = self.time(f"list page {page} (relative, next_page chain)", last_url)
        self.rows.append((f"  (walking pages 2..{page} once, total)", walked, None))
        self.time(f"list page {page} (relative, offset={page - 1})", calls, {**relative, "offset": page - 1})
        return first, deep, page

    def reports(self):
        tags = ",".join(r[0] for r in self.conn.execute(
            "SELECT tags.name FROM taggings t JOIN tags ON tags.id = t.tag_id WHERE tags.account_id = ? "
            "GROUP BY tags.name ORDER BY COUNT(*) DESC LIMIT 2", (self.account,)))
        for label, params in [
            ("summary, all fields", {"fields": ALL_FIELDS}),
            ("summary group_by=source, all fields", {"group_by": "source", "fields": ALL_FIELDS}),
            ("summary group_by=company", {"group_by": "company"}),
            ("summary group_by=keywords", {"group_by": "keywords"}),
            (f"summary tags={tags}", {"tags": tags}),
            ("timeseries interval=day, all fields", {"interval": "day", "fields": ALL_FIELDS}),
            ("timeseries interval=week", {"interval": "week"}),
        ]:
            endpoint = "timeseries" if label.startswith("timeseries") else "summary"
            median, fastest, body = timed(self.api, f"/v3/a/{self.account}/calls/{endpoint}.json",
                                          {**self.window, **params}, self.repeat)
            self.rows.append((f"{label} [{body['total_results']['total_calls']:,} calls]", median, fastest))


if __name__ == "__main__":
    main()
