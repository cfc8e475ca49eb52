"""Shared helpers of the calls contract tests (demo seed: hundreds of calls per company)."""
from __future__ import annotations

from datetime import datetime, timedelta

def since(callrail, days: int = 100) -> dict:
    """Date parameters that cover every seeded call (the demo seed spans 90 days)."""
    now = datetime.fromisoformat(callrail.control.get("/clock")["now"].replace("Z", "+00:00"))
    return {"start_date": (now - timedelta(days=days)).date().isoformat(), "time_zone": "UTC"}


def every_call(callrail, params=None, fields=None, api=None) -> list[dict]:
    """Every call the listing returns since 100 days before the clock."""
    params = {**since(callrail), **(params or {})}
    if fields:
        params["fields"] = fields
    return listing(api or callrail.api, callrail.account_id, params)


def listing(api, account_id: str, params: dict) -> list[dict]:
    """Every call the listing returns for `params`, through offset pagination at 250 per page."""
    out, page = [], 1
    while True:
        response = api.get(f"/v3/a/{account_id}/calls.json", params={**params, "per_page": 250, "page": page})
        assert response.status_code == 200, response.text
        body = response.json()
        out.extend(body["calls"])
        if page >= body["total_pages"]:
            assert len(out) == body["total_records"]
            return out
        page += 1


def tracking_number(callrail, session: bool | None = None) -> dict:
    """A tracker of the demo account with its first number: {"id", "number", "company_id", "type"}."""
    trackers = callrail.api.get(f"/v3/a/{callrail.account_id}/trackers.json",
                                params={"per_page": 250, "status": "active"}).json()["trackers"]
    for tracker in trackers:
        if session is None or (tracker["type"] == "session") == session:
            if tracker["tracking_numbers"]:
                return {"id": tracker["id"], "number": tracker["tracking_numbers"][0],
                        "company_id": tracker["company"]["id"], "type": tracker["type"]}
    raise AssertionError("no tracker with a number in the demo seed")


def simulate(callrail, **body) -> dict:
    response = callrail.control.request("POST", f"/a/{callrail.account_id}/calls", body)
    assert response.status_code == 201, response.text
    return response.json()


def events(callrail, **params) -> list[dict]:
    return callrail.control.get("/events", **params)["events"]
