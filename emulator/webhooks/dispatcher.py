"""The webhook outbox and its sender.

After a write commits, `events.notify` calls `on_events`: unhandled rows of the `events` outbox
become rows of `webhook_deliveries` (payload rendered and signed at event time, one row per
configured URL), in one transaction. In `async` mode (the default) a few background threads
POST them; in `sync` mode the notifying request sends them before it answers. State lives in
SQLite only, so queued deliveries survive a restart (`--db`).

A delivery is attempted once: CallRail "does not resend webhooks" ("Webhooks" > "Responding");
`redeliver` is an explicit, new delivery. After `failure_limit` consecutive failures of an
integration, it goes to state `failed` ("Repeated failed webhooks could result in an automated
disabling of the webhook integration").
"""
from __future__ import annotations

import json
import logging
import os
import threading
import time
import zlib
from urllib.parse import urlsplit

import requests

from emulator.clock import iso_z
from emulator.db import schema

schema("""
CREATE TABLE IF NOT EXISTS webhook_deliveries (
    id INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL,
    company_id TEXT,
    integration_id INTEGER,
    event_id INTEGER,
    event TEXT NOT NULL,              -- config key without _webhook: pre_call, sms_sent, ...
    record_type TEXT,
    record_id TEXT,
    url TEXT NOT NULL,
    request_headers TEXT NOT NULL,    -- JSON object
    request_body TEXT NOT NULL,       -- the exact string that was signed
    shard INTEGER NOT NULL DEFAULT 0, -- one sender per shard; a company always maps to one shard
    status TEXT NOT NULL DEFAULT 'queued',   -- queued | sending | delivered | failed
    status_code INTEGER,
    error TEXT,
    response_body TEXT,
    duration_ms REAL,
    created_at TEXT NOT NULL,
    attempted_at TEXT,
    redelivery_of INTEGER
);
CREATE INDEX IF NOT EXISTS webhook_deliveries_queue ON webhook_deliveries(status, shard, id);
CREATE INDEX IF NOT EXISTS webhook_deliveries_event ON webhook_deliveries(event, id);
CREATE INDEX IF NOT EXISTS webhook_deliveries_integration ON webhook_deliveries(integration_id, id);
CREATE TABLE IF NOT EXISTS webhook_failures (
    integration_id INTEGER PRIMARY KEY,
    consecutive INTEGER NOT NULL
);
""")

SHARDS = 4                 # sender threads; deliveries of one company keep their order
BATCH = 100                # deliveries a sender claims at once
IDLE_POLL = 1.0            # seconds; picks up rows queued by another process or before a restart
MODES = ("async", "sync")
SETTINGS_KEY = "webhooks"  # control-plane overrides of the start-up settings
ARMED_KEY = "webhooks_armed"
BASE_URL_KEY = "webhooks_base_url"

log = logging.getLogger(__name__)
_dispatchers: dict[int, "Dispatcher"] = {}
_lock = threading.Lock()


def attach(emulator) -> "Dispatcher":
    """The dispatcher of an emulator state (one per database), started on first use."""
    with _lock:
        dispatcher = _dispatchers.get(id(emulator.db))
        if dispatcher is None or dispatcher.db is not emulator.db:
            emulator.db.create_schema()  # idempotent; this module may load after the state's schema
            dispatcher = Dispatcher(emulator)
            _dispatchers[id(emulator.db)] = dispatcher
            dispatcher.start()
    return dispatcher


def for_db(db) -> "Dispatcher | None":
    dispatcher = _dispatchers.get(id(db))
    return dispatcher if dispatcher is not None and dispatcher.db is db else None


def on_events(db) -> None:
    """The `events.subscribe` callback."""
    dispatcher = for_db(db)
    if dispatcher is None:
        from emulator.app import state

        dispatcher = attach(state())
    try:
        dispatcher.drain()
    except Exception:  # noqa: BLE001 - the change is committed; its answer must not become a 500
        log.exception("webhooks: draining the event outbox failed")


def shard_of(delivery: dict) -> int:
    """One sender per company: its webhooks keep the order of their events (a simulated call's
    pre-call, routing-complete and post-call), whatever URLs they go to."""
    key = delivery.get("company_id") or delivery["url"]
    return zlib.crc32(key.encode("utf-8")) % SHARDS


class Dispatcher:
    def __init__(self, emulator):
        self.emulator = emulator
        self.db = emulator.db
        self.wakeups = [threading.Event() for _ in range(SHARDS)]
        self.threads: list[threading.Thread] = []
        self.stopped = False

    # -- settings --------------------------------------------------------------------------
    def settings(self) -> dict:
        base = self.emulator.settings
        values = {"mode": base.webhook_mode, "timeout": float(base.webhook_timeout),
                  "failure_limit": int(base.webhook_failure_limit)}
        values.update(self.db.get_setting(SETTINGS_KEY, {}) or {})
        return values

    def configure(self, **changes) -> dict:
        """Store overrides (inside the caller's transaction); reset forgets them."""
        stored = dict(self.db.get_setting(SETTINGS_KEY, {}) or {})
        stored.update(changes)
        self.db.set_setting(SETTINGS_KEY, stored)
        return self.settings()

    # -- events -> deliveries ----------------------------------------------------------------
    def drain(self, base_url: str | None = None) -> list[int]:
        """Turn unhandled events into deliveries. Events that exist when the dispatcher is first
        armed (after a reset: the seed's own) are marked handled without deliveries, so seeded
        configuration never sends anything."""
        from emulator.webhooks import routing

        conn = self.db.conn()
        if self.db.get_setting(ARMED_KEY) and not conn.execute(
                "SELECT 1 FROM events WHERE handled=0 LIMIT 1").fetchone():
            return []  # the usual case: a write that published nothing takes no write lock here
        sync = self.settings()["mode"] == "sync"
        made: list[int] = []
        with self.db.transaction() as conn:
            base_url = base_url or _request_base_url()
            if base_url:  # links in payloads (recordings) when draining outside a request
                if self.db.get_setting(BASE_URL_KEY) != base_url:
                    self.db.set_setting(BASE_URL_KEY, base_url)
            else:
                base_url = self.db.get_setting(BASE_URL_KEY, "")
            if not self.db.get_setting(ARMED_KEY):
                conn.execute("UPDATE events SET handled=1 WHERE handled=0")
                self.db.set_setting(ARMED_KEY, True)
                return []
            events = conn.execute("SELECT * FROM events WHERE handled=0 ORDER BY id").fetchall()
            if not events:
                return []
            now = iso_z(self.emulator.clock.now())
            for event in events:
                try:
                    built = routing.deliveries_for(self.emulator, conn, dict(event), base_url)
                except Exception:  # noqa: BLE001 - a webhook must never break the API answer
                    log.exception("webhooks: could not build deliveries for event %s", event["id"])
                    continue
                for delivery in built:
                    made.append(self._insert(conn, delivery, now, "sending" if sync else "queued"))
            conn.execute(f"UPDATE events SET handled=1 WHERE id IN ({','.join('?' * len(events))})",
                         [e["id"] for e in events])
        if sync:
            self.send_claimed(made)
        else:
            self.wake()
        return made

    def _insert(self, conn, delivery: dict, now: str, status: str) -> int:
        cursor = conn.execute(
            "INSERT INTO webhook_deliveries(account_id, company_id, integration_id, event_id, event,"
            " record_type, record_id, url, request_headers, request_body, shard, status, created_at,"
            " redelivery_of) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (delivery["account_id"], delivery.get("company_id"), delivery.get("integration_id"),
             delivery.get("event_id"), delivery["event"], delivery.get("record_type"),
             delivery.get("record_id"), delivery["url"], json.dumps(delivery["request_headers"]),
             delivery["request_body"], shard_of(delivery), status, now,
             delivery.get("redelivery_of")))
        return cursor.lastrowid

    def redeliver(self, delivery: dict) -> int:
        """A new delivery of the same signed request (inside the caller's transaction)."""
        now = iso_z(self.emulator.clock.now())
        copy = {**delivery, "request_headers": json.loads(delivery["request_headers"]),
                "redelivery_of": delivery["id"]}
        sync = self.settings()["mode"] == "sync"
        return self._insert(self.db.conn(), copy, now, "sending" if sync else "queued")

    # -- sending ---------------------------------------------------------------------------
    def start(self) -> None:
        with self.db.transaction() as conn:
            # Rows a stopped process had claimed but not finished go back to the queue.
            conn.execute("UPDATE webhook_deliveries SET status='queued' WHERE status='sending'")
        for shard in range(SHARDS):
            thread = threading.Thread(target=self._run, args=(shard,), daemon=True,
                                      name=f"webhooks-{shard}")
            thread.start()
            self.threads.append(thread)
        # Events committed but not yet turned into deliveries when the last process stopped.
        self.drain()

    def stop(self) -> None:
        """Stop the senders (tests that restart over one database file)."""
        self.stopped = True
        self.wake()
        for thread in self.threads:
            thread.join(timeout=10)
        with _lock:
            if _dispatchers.get(id(self.db)) is self:
                del _dispatchers[id(self.db)]

    def wake(self) -> None:
        for event in self.wakeups:
            event.set()

    def _run(self, shard: int) -> None:
        session = _session()
        wakeup = self.wakeups[shard]
        while not self.stopped:
            try:
                if not os.path.exists(self.db.path):
                    return  # the emulator was closed and its temporary database removed
                wakeup.clear()  # before looking, so a wake-up during the look is not lost
                batch = self._claim(shard)
                if not batch:
                    wakeup.wait(IDLE_POLL)
                    continue
                for delivery in batch:
                    self._send(session, delivery)
            except Exception:  # noqa: BLE001 - a sender thread must survive anything (e.g. a reset)
                log.debug("webhooks: sender %s retrying after an error", shard, exc_info=True)
                time.sleep(0.05)

    def _claim(self, shard: int) -> list[dict]:
        # Look before taking the write lock: idle senders must not contend with requests.
        if not self.db.conn().execute("SELECT 1 FROM webhook_deliveries WHERE status='queued'"
                                      " AND shard=? LIMIT 1", (shard,)).fetchone():
            return []
        with self.db.transaction() as conn:
            rows = conn.execute(
                "UPDATE webhook_deliveries SET status='sending' WHERE id IN (SELECT id FROM"
                " webhook_deliveries WHERE status='queued' AND shard=? ORDER BY id LIMIT ?)"
                " RETURNING *", (shard, BATCH)).fetchall()
        return sorted((dict(r) for r in rows), key=lambda r: r["id"])

    def send_claimed(self, delivery_ids: list[int]) -> None:
        """Send deliveries this thread inserted as `sending` (sync mode), in order."""
        if not delivery_ids:
            return
        conn = self.db.conn()
        marks = ",".join("?" * len(delivery_ids))
        rows = conn.execute(f"SELECT * FROM webhook_deliveries WHERE id IN ({marks}) ORDER BY id",
                            delivery_ids).fetchall()
        session = _session()
        for row in rows:
            self._send(session, dict(row))

    def _send(self, session: requests.Session, delivery: dict) -> None:
        try:
            self._post(session, delivery)
        except Exception as exc:  # noqa: BLE001 - never leave a claimed delivery in flight
            log.exception("webhooks: delivery %s", delivery["id"])
            try:
                self._record(delivery, None, f"emulator error: {type(exc).__name__}: {exc}", None, None)
            except Exception:  # noqa: BLE001
                log.exception("webhooks: recording delivery %s", delivery["id"])

    def _post(self, session: requests.Session, delivery: dict) -> None:
        timeout = self.settings()["timeout"]
        status_code = error = response_body = None
        started = time.perf_counter()
        try:
            if _never_resolves(delivery["url"]):
                raise requests.ConnectionError("a .invalid host never resolves (RFC 6761); nothing was sent")
            response = session.post(delivery["url"], data=delivery["request_body"].encode("utf-8"),
                                    headers=json.loads(delivery["request_headers"]),
                                    timeout=timeout, allow_redirects=False, stream=True)
            status_code = response.status_code
            response_body = _start_of_body(response)
            if not 200 <= status_code < 300:
                error = f"non-2xx response: HTTP {status_code}"
        except requests.Timeout:
            error = f"timeout: no response within {timeout:g}s"
        except requests.RequestException as exc:
            error = f"connection error: {type(exc).__name__}: {exc}"
        self._record(delivery, status_code, error, response_body,
                     round((time.perf_counter() - started) * 1000, 1))

    def _record(self, delivery: dict, status_code, error, response_body, duration_ms) -> None:
        attempted_at = iso_z(self.emulator.clock.now())
        with self.db.transaction() as conn:
            # Ids start again after a reset: the row must still be this very delivery, not a new one
            # that took its id while this one was in flight.
            updated = conn.execute(
                "UPDATE webhook_deliveries SET status=?, status_code=?, error=?, response_body=?,"
                " duration_ms=?, attempted_at=? WHERE id=? AND status='sending' AND created_at=? AND url=?"
                " AND request_body=?",
                ("failed" if error else "delivered", status_code, error, response_body, duration_ms,
                 attempted_at, delivery["id"], delivery["created_at"], delivery["url"],
                 delivery["request_body"])).rowcount
            if updated and delivery["integration_id"] is not None:
                self._count(conn, delivery["integration_id"], failed=bool(error))

    def _count(self, conn, integration_id: int, failed: bool) -> None:
        from emulator.domain import integrations

        if not failed:
            conn.execute("DELETE FROM webhook_failures WHERE integration_id=?", (integration_id,))
            return
        count = conn.execute(
            "INSERT INTO webhook_failures(integration_id, consecutive) VALUES (?, 1) ON CONFLICT"
            " (integration_id) DO UPDATE SET consecutive=consecutive+1 RETURNING consecutive",
            (integration_id,)).fetchone()[0]
        limit = self.settings()["failure_limit"]
        if limit and count >= limit:
            integrations.mark_failed(conn, integration_id)
            # A re-activated integration gets a fresh allowance.
            conn.execute("DELETE FROM webhook_failures WHERE integration_id=?", (integration_id,))

    # -- flush -----------------------------------------------------------------------------
    def flush(self, timeout: float) -> tuple[int, int]:
        """Wait until every delivery queued now has been attempted: (attempted, still pending)."""
        conn = self.db.conn()
        last = conn.execute("SELECT COALESCE(MAX(id), 0) FROM webhook_deliveries").fetchone()[0]
        waiting = ("SELECT COUNT(*) FROM webhook_deliveries WHERE id<=? AND status IN"
                   " ('queued','sending')")
        initial = conn.execute(waiting, (last,)).fetchone()[0]
        deadline = time.monotonic() + timeout
        remaining = initial
        while remaining and time.monotonic() < deadline:
            self.wake()
            time.sleep(0.005)
            remaining = conn.execute(waiting, (last,)).fetchone()[0]
        return initial - remaining, remaining


def _start_of_body(response: requests.Response, size: int = 2000) -> str:
    """The first `size` bytes of the answer, for the log. The status decides the outcome, so a
    receiver that streams an endless body (or stalls in it) cannot hold a sender."""
    try:
        start = next(response.iter_content(size), b"")
    except requests.RequestException:
        start = b""
    finally:
        response.close()
    return start.decode("utf-8", "replace")


def _never_resolves(url: str) -> bool:
    """`.invalid` names must not resolve (RFC 6761): fail at once, without asking any DNS server."""
    try:
        host = (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return False  # requests reports the malformed URL itself
    return host == "invalid" or host.endswith(".invalid")


def _session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # never through a proxy from the environment: only the configured URL
    return session


def _request_base_url() -> str:
    from flask import has_request_context, request

    return request.host_url.rstrip("/") if has_request_context() else ""
