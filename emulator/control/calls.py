"""Simulated inbound calls (DESIGN.md: POST /_emulator/a/{account_id}/calls) and the domain
event log (GET /_emulator/events) that shows what calls published, in order."""
from __future__ import annotations

import json

from flask import request

from emulator.control import body, control_route, state
from emulator.control.basics import admin_scope
from emulator.domain import accounts, calls, calls_changes
from emulator.engine.shape import render_one


@control_route("/a/<account_id>/calls", methods=["POST"], status=201)
def simulate_call(account_id):
    emulator = state()
    scope = admin_scope(accounts.find(emulator.db.conn(), account_id))
    scope.base_url = request.host_url.rstrip("/")
    row = calls_changes.simulate_inbound(scope, body())
    return render_one(scope, calls.SINGLE, row, {"fields": "company_id,tracker_id"})


@control_route("/events")
def list_events():
    """Domain events, oldest first: ?name=&record_id= narrow them."""
    clauses, values = [], []
    for column in ("name", "record_id", "record_type", "account_id"):
        if request.args.get(column):
            clauses.append(f"{column} = ?")
            values.append(request.args[column])
    where = " AND ".join(clauses) or "1"
    rows = state().db.conn().execute(
        f"SELECT id, account_id, company_id, name, record_type, record_id, data, created_at "
        f"FROM events WHERE {where} ORDER BY id", values).fetchall()
    return {"events": [{**dict(r), "data": json.loads(r["data"])} for r in rows]}
