"""The order for a /v3 request: maintenance (503), injected faults, then, for a valid key,
the rate limits (429) — all before authentication and routing, as an outage or a quota
answers whatever the key or the path. The journal records the answer afterwards."""
from __future__ import annotations

import sqlite3
import time

from flask import current_app, g, request

from emulator.clock import iso_z
from emulator.domain import users
from emulator.errors import ApiError
from emulator.traffic import faults, journal, limits


def _state():
    from emulator.app import state

    return state()


def _is_api() -> bool:
    return request.path == "/v3" or request.path.startswith("/v3/")


def _sent_path() -> str:
    return request.environ.get("emulator.original_path", request.path)


def api_key() -> str | None:
    from emulator.v3 import api_key as key_of_request

    return key_of_request()


def before():
    if not _is_api():
        return None
    started = time.perf_counter()
    request.get_data()  # cached now, so the journal sees the body whatever the view reads
    emulator = _state()
    db = emulator.db
    g.traffic_now = emulator.clock.now()
    g.traffic_key = api_key()
    g.traffic_started = started  # from here on, the answer is journaled
    switch = faults.maintenance(db)
    if switch["enabled"]:
        headers = {"Retry-After": str(switch["retry_after"])} if switch["retry_after"] else {}
        raise ApiError(503, switch["message"], headers=headers)
    rule = faults.take(db, request.method, (request.path, _sent_path()))
    if rule:
        if rule["latency_ms"]:
            time.sleep(rule["latency_ms"] / 1000)
        if rule["status"] is not None:
            status, body, headers = faults.response_of(rule)
            raise ApiError(status, "injected fault", headers=headers, body=body)
    _count()
    return None


def _count() -> None:
    db = _state().db
    key = g.traffic_key
    user = users.for_key(db.conn(), key) if key else None
    if user is None:
        return  # unauthenticated requests have no account to count against; auth answers 401
    account_id = limits.account_for(db.conn(), user, request.path)
    g.traffic_account = account_id
    decision = limits.count(db, limits.in_force(db, _state().settings), account_id,
                            limits.classes_for(request.method, request.path), g.traffic_now)
    g.traffic_headers = decision.headers()
    if decision.blocked:
        raise decision.error()


def after(response):
    if not _is_api() or "traffic_started" not in g:
        return response
    for name, value in (g.get("traffic_headers") or {}).items():
        response.headers.setdefault(name, value)
    emulator = _state()
    raw = request.get_data()
    entry = {"at": iso_z(g.traffic_now), "method": request.method, "path": _sent_path(),
             "route_path": request.path, "query_string": request.query_string.decode("utf-8", "replace"),
             "body": raw.decode("utf-8", "replace") if raw else None, "status": response.status_code,
             "duration_ms": round((time.perf_counter() - g.traffic_started) * 1000, 3),
             "api_key": journal.mask(g.traffic_key),
             "account_id": g.get("traffic_account")}
    try:
        journal.record(emulator.db, entry, emulator.settings.journal_size)
    except sqlite3.Error:  # the journal must never turn an answer into a failure
        current_app.logger.exception("could not journal a request")
    return response


def install(app) -> None:
    app.before_request(before)
    app.after_request(after)
