"""Simulated inbound text messages (DESIGN.md: POST /_emulator/a/{account_id}/text-messages)."""
from __future__ import annotations

from emulator.control import body, control_route, state
from emulator.control.basics import admin_scope
from emulator.domain import accounts, text_messages, text_sending


@control_route("/a/<account_id>/text-messages", methods=["POST"], status=201)
def simulate_inbound_text(account_id):
    data = body()
    scope = admin_scope(accounts.find(state().db.conn(), account_id))
    conversation = text_sending.receive(scope, data.get("tracking_phone_number"),
                                         data.get("customer_phone_number"), data.get("content"),
                                         data.get("customer_name"))
    return text_messages.render(scope, conversation)
