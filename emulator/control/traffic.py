"""Rate limits, injected faults, the maintenance switch and the request journal (DESIGN,
control plane). All of it lives in SQLite and is wiped by /_emulator/reset."""
from __future__ import annotations

from flask import request

from emulator import ids
from emulator.control import body, control_route, state
from emulator.errors import ApiError, bad_request
from emulator.traffic import faults, journal, limits


@control_route("/rate_limits")
def get_rate_limits():
    emulator = state()
    return limits.in_force(emulator.db, emulator.settings)


@control_route("/rate_limits", methods=["PUT"])
def put_rate_limits():
    """Partial: only the classes and periods named change; null or "off" lifts a limit."""
    emulator = state()
    patch = "off" if request.get_json(silent=True) == "off" else body()  # "off": every limit lifted
    merged = limits.merge(limits.in_force(emulator.db, emulator.settings), patch)
    emulator.db.set_setting("rate_limits", merged)
    return merged


@control_route("/faults")
def list_faults():
    return {"faults": faults.active(state().db)}


@control_route("/faults", methods=["POST"], status=201)
def add_fault():
    emulator = state()
    return faults.add(emulator.db, emulator.clock.now(), body())


@control_route("/faults", methods=["DELETE"])
def clear_faults():
    return {"deleted": faults.delete(state().db)}


@control_route("/faults/<int:fault_id>", methods=["DELETE"])
def delete_fault(fault_id):
    if ids.as_int(fault_id) is None or not faults.delete(state().db, fault_id):
        raise ApiError(404, "Fault not found", "fault_id")
    return {"deleted": 1}


@control_route("/maintenance")
def get_maintenance():
    return faults.maintenance(state().db)


@control_route("/maintenance", methods=["POST", "PUT"])
def set_maintenance():
    data = body()
    enabled = data.get("enabled")
    if not isinstance(enabled, bool):
        raise bad_request("enabled", "enabled is required: true or false")
    message = data.get("message")
    if message is not None and (not isinstance(message, str) or not message):
        raise bad_request("message", "message must be a non-empty string")
    retry_after = data.get("retry_after")
    if retry_after is not None and (isinstance(retry_after, bool) or not isinstance(retry_after, int)
                                    or not 0 <= retry_after <= limits.MAX_LIMIT):
        raise bad_request("retry_after", f"retry_after must be a whole number of seconds, 0 to {limits.MAX_LIMIT}")
    return faults.set_maintenance(state().db, {"enabled": enabled, "message": message,
                                               "retry_after": retry_after})


@control_route("/requests")
def list_requests():
    status = request.args.get("status")
    if status is not None and not (status.isdecimal() and len(status) == 3):
        raise bad_request("status", "status must be an HTTP status code")
    return {"requests": journal.entries(state().db, request.args.get("method"), request.args.get("path"),
                                        int(status) if status else None)}


@control_route("/requests", methods=["DELETE"])
def clear_requests():
    return {"deleted": journal.clear(state().db)}
