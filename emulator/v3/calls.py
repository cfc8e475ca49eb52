"""Calls: list (offset or relative pagination), show, create (outbound), update. The reports
(summary, time series, recording, page views) live in v3/call_reports.py."""
from emulator.domain import calls, calls_changes
from emulator.engine.shape import render_one
from emulator.v3 import body, route, scope


@route("/a/<account_id>/calls")
def list_calls(account_id):
    s = scope(account_id)
    return calls.list_calls(s, s.args, f"{s.base_url}/v3/a/{account_id}/calls.json")


@route("/a/<account_id>/calls/<call_id>")
def show_call(account_id, call_id):
    s = scope(account_id)
    return calls.show(s, call_id)


@route("/a/<account_id>/calls", methods=["POST"], status=201)
def create_call(account_id):
    s = scope(account_id)
    _, placed = calls_changes.create_outbound(s, body())
    return render_one(s, calls.WRITTEN, placed, s.args)


@route("/a/<account_id>/calls/<call_id>", methods=["PUT"])
def update_call(account_id, call_id):
    s = scope(account_id)
    return render_one(s, calls.WRITTEN, calls_changes.change(s, call_id, body()), s.args)
