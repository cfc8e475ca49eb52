"""Every endpoint of the documentation, checked from the catalog (contract_tests/data/endpoints.json,
derived from the shared catalog of the CallRail API v3 doc): it exists at its path with and without
`.json`, needs a key, answers its documented success status, returns its documented default fields and
every documented selectable field, and answers hostile input with a JSON 4xx, never a 5xx."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from emulator.pytest_plugin import emulated

CATALOG = json.loads((Path(__file__).parent / "data" / "endpoints.json").read_text())["endpoints"]
GETS = [e for e in CATALOG if e["method"] == "GET"]
WRITES = [e for e in CATALOG if e["method"] in ("POST", "PUT")]
# Endpoints whose `fields=` picks summary counts rather than object fields (tested in their own files).
COUNT_FIELDS = {"/v3/a/{account_id}/calls/summary.json", "/v3/a/{account_id}/calls/timeseries.json",
                "/v3/a/{account_id}/forms/summary.json"}
# placeholder -> (list path, collection key, needs company_id)
LISTS = {
    "call_id": ("calls.json", "calls", False),
    "company_id": ("companies.json", "companies", False),
    "tag_id": ("tags.json", "tags", False),
    "form_submission_id": ("form_submissions.json", "form_submissions", False),
    "integration_id": ("integrations.json", "integrations", True),
    "integration_trigger_id": ("integration_triggers.json", "integration_criteria", True),
    "notification_id": ("notifications.json", "notifications", False),
    "caller_ids_id": ("caller_ids.json", "caller_ids", True),
    "summary_email_id": ("summary_emails.json", "summary_emails", False),
    "conversation_id": ("text-messages.json", "conversations", False),
    "tracker_id": ("trackers.json", "trackers", False),
    "user_id": ("users.json", "users", False),
}
HOSTILE = [None, True, -1, 10 ** 30, 1.5, "", "x" * 3000, "\u0000\u202e☎", [], [None, {}], {"a": {"b": []}}]


@pytest.fixture(scope="module")
def demo(callrail_server):
    """One demo emulator for the read-only checks (they change nothing)."""
    return emulated(callrail_server, "demo")


def ids_for(emu) -> dict:
    """A real id for each path placeholder, from the listing endpoints."""
    api, base = emu.api, f"/v3/a/{emu.account_id}"
    companies = api.get(f"{base}/companies.json", params={"status": "active"}).json()["companies"]
    found = {"account_id": emu.account_id}
    for name, (path, key, by_company) in LISTS.items():
        for company in companies if by_company else [None]:
            params = {"company_id": company["id"]} if company else {}
            items = api.get(f"{base}/{path}", params=params).json()[key]
            if items:
                found[name] = str(items[0]["id"])
                if company:
                    found["listed_company_id"] = company["id"]
                break
    # A call with page views and a recording, so those endpoints have something to show.
    calls = api.get(f"{base}/calls.json", params={"per_page": 250, "fields": "tracker_id"}).json()["calls"]
    for call in calls:
        if call.get("recording") and api.get(f"{base}/calls/{call['id']}/page_views.json").json()["page_views"]:
            found["call_id"] = call["id"]
            break
    return found


def fill(path: str, ids: dict) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: ids[m.group(1)], path)


def required(endpoint, ids: dict) -> dict:
    """The documented required query parameters (only ever `company_id`)."""
    return {name: ids["listed_company_id"] for name in endpoint["required_params"]}


@pytest.fixture(scope="module")
def ids(demo):
    return ids_for(demo)


def test_the_catalog_lists_every_documented_endpoint():
    assert len(CATALOG) == 61


@pytest.mark.parametrize("endpoint", GETS, ids=lambda e: f"GET {e['path']}")
def test_every_get_returns_its_default_and_selectable_fields(demo, ids, endpoint):
    path, params = fill(endpoint["path"], ids), required(endpoint, ids)
    response = demo.api.get(path, params=params)
    assert response.status_code == (endpoint["success_status"] or 200), response.text
    body = response.json()
    collection = body.get(endpoint["collection_key"]) if endpoint["collection_key"] else None
    keys = set(body) | (set(collection[0]) if collection else set())
    assert set(endpoint["default_fields"]) <= keys, set(endpoint["default_fields"]) - keys
    selectable = endpoint["selectable_fields"]
    if selectable and endpoint["path"] not in COUNT_FIELDS:
        selected = demo.api.get(path, params={**params, "fields": ",".join(selectable)})
        assert selected.status_code == 200, selected.text
        body = selected.json()
        collection = body.get(endpoint["collection_key"]) if endpoint["collection_key"] else None
        keys = set(body) | (set(collection[0]) if collection else set())
        assert not set(selectable) - keys, set(selectable) - keys


@pytest.mark.parametrize("endpoint", CATALOG, ids=lambda e: f"{e['method']} {e['path']}")
def test_every_endpoint_needs_a_key_with_or_without_json(demo, ids, endpoint):
    path = fill(endpoint["path"], ids)
    bare = path[:-5] if path.endswith(".json") else path + ".json"
    for url in (path, bare):
        response = demo.api.request(endpoint["method"], url, headers={"Authorization": ""})
        assert response.status_code == 401, (url, response.status_code, response.text)
        assert response.json()["error"]


@pytest.mark.parametrize("endpoint", GETS, ids=lambda e: f"GET {e['path']}")
def test_hostile_query_parameters_never_answer_5xx(demo, ids, endpoint):
    path = fill(endpoint["path"], ids)
    names = {"page", "per_page", "sort", "order", "fields", "search", "date_range", "start_date", "end_date",
             "time_zone", "offset", "relative_pagination", *endpoint["sortable"], *endpoint["filters"],
             *endpoint["params"]}
    for name in sorted(names):
        for value in ("", "-1", "9" * 40, "%00", "☎" * 50, "a,b,,c", "2016-13-45", "true false"):
            for params in ({name: value}, {f"{name}[]": [value, value]}):
                response = demo.api.get(path, params=params)
                assert response.status_code < 500, (name, value, response.status_code, response.text)
                assert response.headers["Content-Type"].startswith("application/json"), response.text


@pytest.mark.parametrize("endpoint", WRITES, ids=lambda e: f"{e['method']} {e['path']}")
def test_hostile_bodies_never_answer_5xx_and_name_the_parameter(callrail, endpoint):
    known = ids_for(callrail)
    path = fill(endpoint["path"], known)
    for name in endpoint["body"]:
        for value in HOSTILE:
            response = callrail.api.request(endpoint["method"], path, json={name: value})
            assert response.status_code < 500, (name, value, response.status_code, response.text)
            assert response.headers["Content-Type"].startswith("application/json"), response.text
    for raw in ("[1, 2]", '"text"', "null", "{not json", "\x00"):
        response = callrail.api.request(endpoint["method"], path, data=raw,
                                        headers={"Content-Type": "application/json"})
        assert response.status_code < 500, (raw, response.status_code, response.text)
