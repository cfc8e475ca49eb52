"""Shared pieces of the tracker and caller-ID contract tests (docs seed)."""
from __future__ import annotations

from docs_seed import A, WIDGET_SHOP, error, ok

DOC_FLOW_UUID = "4d28a8d3-0137-4c9f-9c1f-a5505cef0674"
MY_BILLBOARD = "TRK8154748ae6bd4e278a7cddd38a662f4f"     # source, +14045559999
WIDGET_SESSION = "TRK8154748ae6bd4e278a7cddd38a662d5d"   # session, +1404555{1111,2222,3333,4444}
TEXT_LINE = "TRK8154748ae6bd4e278a7cddd38a662d4d"        # source, +17703334455
GEORGIA = {"229", "404", "470", "478", "678", "706", "762", "770", "912", "943"}
DEFAULT_FIELDS = ["id", "name", "type", "status", "destination_number", "tracking_numbers", "whisper_message",
                  "sms_enabled", "sms_supported", "company", "call_flow", "source", "created_at", "disabled_at"]


def flow(destination="+14045550100", **extra):
    return {"type": "basic", "destination_number": destination, **extra}


def session_body(**over):
    body = {"type": "session", "name": "Website Pool", "company_id": WIDGET_SHOP, "pool_size": 4,
            "pool_numbers": {"area_code": "404"}, "source": "all", "call_flow": flow()}
    body.update(over)
    return {k: v for k, v in body.items() if v is not None}


def source_body(**over):
    body = {"type": "source", "name": "Radio Spot", "company_id": WIDGET_SHOP,
            "tracking_number": {"area_code": "404"}, "source": {"type": "offline"}, "call_flow": flow()}
    body.update(over)
    return {k: v for k, v in body.items() if v is not None}


def total(api, **params) -> int:
    return ok(api.get(f"{A}/trackers.json", params={"per_page": 1, **params}))["total_records"]


def issued(callrail, area_code="404") -> int:
    return callrail.control.get(f"/numbers/{area_code}")["issued"]


def set_available(callrail, area_code, count):
    return callrail.control.put(f"/numbers/{area_code}", {"available": count})


def all_trackers(api) -> list[dict]:
    return ok(api.get(f"{A}/trackers.json", params={"per_page": 250}))["trackers"]


def create(callrail, body, status=201):
    return ok(callrail.api.post(f"{A}/trackers.json", json=body), status)


def rejected(callrail, body, parameter, status=400, area_code="404"):
    """A create that fails naming `parameter` and leaves no tracker and no issued number behind."""
    before, numbers_before = total(callrail.api), issued(callrail, area_code)
    response = callrail.api.post(f"{A}/trackers.json", json=body)
    found = error(response, status, parameter)
    assert total(callrail.api) == before
    assert issued(callrail, area_code) == numbers_before
    return found
