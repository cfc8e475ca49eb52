"""Completing an outbound caller ID's verification (the call the doc says rings the number)."""
from __future__ import annotations

from emulator.control import body, control_route, state
from emulator.control.basics import admin_scope
from emulator.domain import accounts, caller_ids
from emulator.engine.shape import render_one


@control_route("/a/<account_id>/caller_ids/<caller_id>/verify", methods=["POST"])
def verify_caller_id(account_id, caller_id):
    """Body (optional): {"validation_code": "123456"}; when given it must match. 200: the caller ID."""
    scope = admin_scope(accounts.find(state().db.conn(), account_id))
    row = caller_ids.verify(scope, caller_id, body().get("validation_code"))
    return render_one(scope, caller_ids.RESOURCE, row, {})
