"""Tracker-side settings the API cannot reach: the number inventory per area code, and a
company's outbound number for form submissions."""
from __future__ import annotations

from emulator.control import body, control_route, state
from emulator.control.basics import admin_scope
from emulator.domain import accounts, numbers, trackers
from emulator.errors import ApiError, bad_request

MAX_SUPPLY = 10**9   # more than any test needs; keeps the value inside SQLite's integers


def _area_code(value: str) -> str:
    if not (len(value) == 3 and value.isdecimal()):
        raise bad_request("area_code", "area_code must be three digits")
    return value


def _inventory(conn, area_code: str) -> dict:
    return {"area_code": area_code, "available": numbers.available(conn, area_code),
            "issued": numbers.issued_count(conn, area_code),
            "toll_free": numbers.is_toll_free(area_code),
            "known": numbers.is_geographic(area_code) or numbers.is_toll_free(area_code)}


@control_route("/numbers/<area_code>")
def get_number_inventory(area_code):
    """200 {"area_code", "available" (null = unlimited), "issued", "toll_free", "known"}."""
    return _inventory(state().db.conn(), _area_code(area_code))


@control_route("/numbers/<area_code>", methods=["PUT"])
def set_number_inventory(area_code):
    """Body {"available": n} caps how many more numbers the area code hands out (0 = run out);
    {"available": null} makes it unlimited again."""
    area_code = _area_code(area_code)
    data = body()
    if "available" not in data:
        raise bad_request("available", "available is required (a number, or null for unlimited)")
    count = data["available"]
    if count is not None and (isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= MAX_SUPPLY):
        raise bad_request("available", f"available must be an integer from 0 to {MAX_SUPPLY}, or null")
    conn = state().db.conn()
    numbers.set_available(conn, area_code, count)
    return _inventory(conn, area_code)


@control_route("/a/<account_id>/companies/<company_id>/form_outbound_tracker", methods=["PUT"])
def set_form_outbound_tracker(account_id, company_id):
    """Body {"tracker_id": "TRK…"} (or null to clear): the company's Outbound Number for form
    submissions, which cannot be disabled (doc 5564-5566). 200 {"company_id", "tracker_id"}."""
    scope = admin_scope(accounts.find(state().db.conn(), account_id))
    company = scope.company_param(company_id, "company_id")
    data = body()
    if "tracker_id" not in data:
        raise bad_request("tracker_id", "tracker_id is required (or null to clear)")
    tracker_id = data["tracker_id"]
    if tracker_id is not None:
        try:
            tracker = trackers.get(scope, tracker_id) if isinstance(tracker_id, str) else None
        except ApiError:
            tracker = None
        if tracker is None or tracker["company_id"] != company["id"] or tracker["status"] != "active":
            raise bad_request("tracker_id", "tracker_id must name an active tracker of this company")
    trackers.set_form_outbound_tracker(scope.conn, company["id"], tracker_id)
    return {"company_id": company["id"], "tracker_id": tracker_id}
