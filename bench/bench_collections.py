"""Benchmark: list requests over 10,000 users and 10,000 tags in one account.

Run: python bench/bench_collections.py [N]
Seeds N users and N tags straight through SQL (the API path is not what is measured), then
times list requests through the Flask test client (no network) and shows SQLite's query plan
for each list query, to prove that the sort and the account filter use an index.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from emulator.app import create_app, state
from emulator.clock import iso_z
from emulator.config import Settings
from emulator.engine.collection import order_by, scoped_query
from emulator.domain import tags, users
from emulator.domain.scope import Scope

REPEAT = 20


def seed(emulator, n: int) -> tuple[str, str]:
    conn = emulator.db.conn()
    account_id, admin_id = conn.execute(
        "SELECT account_id, id FROM users WHERE role='admin' ORDER BY rowid LIMIT 1").fetchone()
    key = conn.execute("SELECT key FROM api_keys WHERE user_id=?", (admin_id,)).fetchone()[0]
    now = emulator.clock.now()
    with emulator.db.transaction():
        conn.executemany(
            "INSERT INTO users(id, account_id, email, first_name, last_name, role, time_zone, accepted, created_at)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            [(f"USR{i:032x}", account_id, f"user{i:05d}@example.com", f"First{i % 997}", f"Last{i % 1009}",
              ("admin", "manager", "reporting")[i % 3], "America/New_York", 1, iso_z(now) + f"{i:06d}")
             for i in range(n)])
        conn.executemany(
            "INSERT INTO tags(account_id, company_id, name, tag_level, color, background_color, status, created_at)"
            " VALUES (?,?,?,?,?,?,?,?)",
            [(account_id, None, f"Tag {i:05d}", "account", "gray1", "gray1", "enabled", iso_z(now))
             for i in range(n)])
    conn.execute("ANALYZE")
    return account_id, key


def timed(client, url: str, headers: dict) -> tuple[float, int]:
    samples = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        response = client.get(url, headers=headers)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.get_data(as_text=True)
    return statistics.median(samples), len(response.get_json()[url.split("/")[-1].split(".")[0]])


def plan(emulator, account_id: str, resource, args: dict) -> str:
    conn = emulator.db.conn()
    user = dict(conn.execute("SELECT * FROM users WHERE account_id=? AND role='admin' ORDER BY rowid LIMIT 1",
                             (account_id,)).fetchone())
    account = dict(conn.execute("SELECT * FROM accounts WHERE id=?", (account_id,)).fetchone())
    scope = Scope(db=emulator.db, user=user, account=account, company_ids=None, now=emulator.clock.now(), args=args)
    query = scoped_query(scope, resource, args)
    sql = (f"SELECT {resource.table}.* FROM {resource.table} WHERE {query.sql()} "
           f"ORDER BY {order_by(resource, args)} LIMIT 100 OFFSET 0")
    return "; ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, query.params))


def main(n: int = 10_000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Settings(seed="empty", db=str(Path(tmp) / "bench.db")))
        emulator = state(app)
        account_id, key = seed(emulator, n)
        client = app.test_client()
        headers = {"Authorization": f'Token token="{key}"'}
        base = f"/v3/a/{account_id}"
        deep = (n + 1) // 250  # the last full page at 250 per page
        cases = [
            ("users", "page 1 (default order)", f"{base}/users.json", {}),
            ("users", f"page {deep}, 250 per page", f"{base}/users.json?per_page=250&page={deep}", {"per_page": "250"}),
            ("users", "sort=email&order=desc", f"{base}/users.json?sort=email&order=desc", {"sort": "email", "order": "desc"}),
            ("users", "sort=created_at", f"{base}/users.json?sort=created_at", {"sort": "created_at"}),
            ("users", "search=Last1008", f"{base}/users.json?search=Last1008", {"search": "Last1008"}),
            ("tags", "page 1 (default order)", f"{base}/tags.json", {}),
            ("tags", f"page {deep}, 250 per page", f"{base}/tags.json?per_page=250&page={deep}", {"per_page": "250"}),
            ("tags", "sort=name&order=desc", f"{base}/tags.json?sort=name&order=desc", {"sort": "name", "order": "desc"}),
            ("tags", "status=enabled&sort=name", f"{base}/tags.json?status=enabled&sort=name",
             {"status": "enabled", "sort": "name"}),
        ]
        print(f"{n:,} users and {n:,} tags in one account; median of {REPEAT} requests (Flask test client)\n")
        print("| resource | request | rows | median ms |\n|---|---|---|---|")
        for resource, label, url, _ in cases:
            ms, rows = timed(client, url, headers)
            print(f"| {resource} | {label} | {rows} | {ms:.1f} |")
        print("\nQuery plans (EXPLAIN QUERY PLAN):")
        modules = {"users": users.RESOURCE, "tags": tags.RESOURCE}
        for resource, label, _, args in cases:
            print(f"- {resource} {label}: {plan(emulator, account_id, modules[resource], args)}")
        emulator.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
