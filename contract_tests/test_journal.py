"""The request journal (/_emulator/requests): what the client actually sent, oldest first."""
import pytest
import requests

pytestmark = pytest.mark.callrail_seed("docs")


def journal(callrail, query: str = "") -> list[dict]:
    return callrail.control.get(f"/requests{query}")["requests"]


def masked(key: str) -> str:
    return key[:4] + "*" * (len(key) - 8) + key[-4:]


def test_requests_are_recorded_in_order_with_their_bodies(callrail):
    a = f"/v3/a/{callrail.account_id}"
    first = callrail.api.get(f"{a}/companies.json", params={"per_page": 2, "sort": "name"})
    second = callrail.api.post(f"{a}/companies.json", json={"name": "Journal Co", "time_zone": "America/Denver"})
    third = callrail.api.put(f"{a}/companies/nope.json", json={"name": ["not", "a", "string"]})
    entries = journal(callrail)
    assert [(e["method"], e["path"], e["status"]) for e in entries] == [
        ("GET", f"{a}/companies.json", first.status_code), ("POST", f"{a}/companies.json", second.status_code),
        ("PUT", f"{a}/companies/nope.json", third.status_code)]
    assert entries[0]["query"] == {"per_page": "2", "sort": "name"}
    assert entries[0]["query_string"] == "per_page=2&sort=name"
    assert entries[0]["body"] is None
    assert entries[1]["body"] == {"name": "Journal Co", "time_zone": "America/Denver"}
    assert entries[2]["body"] == {"name": ["not", "a", "string"]}
    for entry in entries:
        assert entry["api_key"] == masked(callrail.api_key)
        assert entry["account_id"] == callrail.account_id
        assert entry["duration_ms"] >= 0
        assert entry["at"].endswith("Z")
    assert [e["id"] for e in entries] == sorted(e["id"] for e in entries)


def test_the_key_is_masked_and_never_shown_whole(callrail):
    key = callrail.control.post("/accounts", {"name": "Masked"})["api_key"]
    callrail.api.with_key(key).get("/v3/a.json")
    entry = journal(callrail)[-1]
    assert entry["api_key"] == masked(key)
    assert key not in str(journal(callrail))


def test_failures_are_journaled_too(callrail):
    requests.get(f"{callrail.base_url}/v3/a.json", timeout=30)
    callrail.api.with_key("wrong-key-123456").get("/v3/a.json")
    callrail.api.get("/v3/a/whatever/nothing-here.json")
    callrail.api.delete("/v3/a.json")
    entries = journal(callrail)
    assert [(e["path"], e["status"]) for e in entries] == [
        ("/v3/a.json", 401), ("/v3/a.json", 401), ("/v3/a/whatever/nothing-here.json", 404), ("/v3/a.json", 405)]
    assert entries[0]["api_key"] is None
    assert entries[1]["api_key"] == "wron********3456"
    assert entries[1]["account_id"] is None


def test_a_body_that_is_not_json_is_kept_as_text(callrail):
    callrail.api.post(f"/v3/a/{callrail.account_id}/tags.json", data="name=plain",
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
    entry = journal(callrail)[-1]
    assert entry["body"] == "name=plain"
    assert entry["status"] == 406


def test_control_plane_requests_are_not_journaled(callrail):
    callrail.control.get("/clock")
    callrail.control.get("/credentials")
    assert journal(callrail) == []


def test_filters_by_method_path_pattern_and_status(callrail):
    a = f"/v3/a/{callrail.account_id}"
    callrail.api.get("/v3/a.json")
    callrail.api.get(f"{a}/companies.json")
    callrail.api.post(f"{a}/companies.json", json={})
    callrail.api.get(f"{a}/users")
    callrail.api.get(f"{a}/no-such-thing.json")
    assert [e["path"] for e in journal(callrail, "?method=post")] == [f"{a}/companies.json"]
    assert [e["method"] for e in journal(callrail, f"?path={a}/companies*")] == ["GET", "POST"]
    assert [e["method"] for e in journal(callrail, f"?path={a}/companies&method=GET")] == ["GET"]
    assert [e["path"] for e in journal(callrail, "?path=/v3/a/*/users")] == [f"{a}/users"]
    assert [e["path"] for e in journal(callrail, "?status=404")] == [f"{a}/no-such-thing.json"]
    assert journal(callrail, "?path=/nothing*") == []
    for status in ("abc", "9" * 30, "20", "-200"):
        response = callrail.control.request("GET", f"/requests?status={status}")
        assert response.status_code == 400
        assert response.json()["parameter"] == "status"


def test_rate_limited_faulted_and_maintenance_answers_are_journaled(callrail):
    callrail.control.put("/rate_limits", {"general": {"hourly": 1}})
    callrail.api.get("/v3/a.json")
    callrail.api.get("/v3/a.json")
    callrail.control.post("/faults", {"path": "/v3/a.json", "status": 500, "times": 1})
    callrail.api.get("/v3/a.json")
    callrail.control.post("/maintenance", {"enabled": True})
    callrail.api.get("/v3/a.json")
    assert [e["status"] for e in journal(callrail)] == [200, 429, 500, 503]


def test_reset_and_delete_clear_the_journal(callrail):
    callrail.api.get("/v3/a.json")
    assert len(journal(callrail)) == 1
    callrail.control.reset("docs")
    assert journal(callrail) == []
    callrail.api.get("/v3/a.json")
    callrail.api.get("/v3/a.json")
    assert callrail.control.delete("/requests") == {"deleted": 2}
    assert journal(callrail) == []


def test_the_fixture_client_filters_the_journal_by_path(callrail):
    callrail.api.get("/v3/a.json")
    callrail.api.get(f"/v3/a/{callrail.account_id}/companies.json")
    found = callrail.control.get("/requests", path="/v3/a/*/companies*")["requests"]
    assert [r["path"] for r in found] == [f"/v3/a/{callrail.account_id}/companies.json"]
