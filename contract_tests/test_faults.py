"""Fault injection (/_emulator/faults) and the maintenance switch (/_emulator/maintenance):
doc 499-500 (503 for maintenance), 500, 429, any status; latency; N times or a seeded probability."""
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

pytestmark = pytest.mark.callrail_seed("docs")

MAINTENANCE = "temporarily offline for maintenance"


def add_fault(callrail, **rule) -> dict:
    response = callrail.control.request("POST", "/faults", rule)
    assert response.status_code == 201, response.text
    return response.json()


def companies(callrail, api=None):
    return (api or callrail.api).get(f"/v3/a/{callrail.account_id}/companies.json")


def test_a_status_fault_matches_only_its_method_and_path_and_expires_after_n(callrail):
    rule = add_fault(callrail, method="GET", path="/v3/a/*/companies*", status=503, times=2)
    assert rule["remaining"] == 2
    # other paths and other methods are untouched and do not consume the rule
    assert callrail.api.get("/v3/a.json").status_code == 200
    assert callrail.api.get(f"/v3/a/{callrail.account_id}/users.json").status_code == 200
    assert callrail.api.post(f"/v3/a/{callrail.account_id}/companies.json", json={}).status_code != 503
    assert callrail.control.get("/faults")["faults"][0]["remaining"] == 2
    for _ in range(2):
        response = companies(callrail)
        assert response.status_code == 503
        assert MAINTENANCE in response.json()["error"]
    assert companies(callrail).status_code == 200
    assert callrail.control.get("/faults") == {"faults": []}


def test_a_fault_matches_the_path_with_and_without_json_suffix(callrail):
    add_fault(callrail, method="GET", path="/v3/a/*/companies", status=500, times=2)
    assert callrail.api.get(f"/v3/a/{callrail.account_id}/companies").status_code == 500
    assert companies(callrail).status_code == 500
    assert companies(callrail).status_code == 200


def test_a_fault_answers_its_own_json_body_and_headers(callrail):
    add_fault(callrail, path="/v3/a.json", status=500, body={"error": "boom", "code": 7},
              headers={"X-Trace": "abc"}, times=1)
    response = callrail.api.get("/v3/a.json")
    assert response.status_code == 500
    assert response.json() == {"error": "boom", "code": 7}
    assert response.headers["X-Trace"] == "abc"
    assert response.headers["Content-Type"].startswith("application/json")


def test_a_429_fault_says_when_to_retry(callrail):
    add_fault(callrail, method="GET", path="/v3/a*", status=429, times=1)
    response = callrail.api.get("/v3/a.json")
    assert response.status_code == 429
    assert "error" in response.json()
    assert response.headers["Retry-After"] == "1"


def test_any_method_by_default_and_faults_come_before_authentication(callrail):
    add_fault(callrail, path="/v3/*", status=502, times=3)
    assert requests.get(f"{callrail.base_url}/v3/a.json", timeout=30).status_code == 502
    assert callrail.api.delete(f"/v3/a/{callrail.account_id}/tags/1.json").status_code == 502
    assert callrail.api.get("/v3/no-such-route.json").status_code == 502
    assert requests.get(f"{callrail.base_url}/v3/a.json", timeout=30).status_code == 401


def test_control_plane_routes_are_never_faulted(callrail):
    add_fault(callrail, path="*", status=500)
    assert callrail.control.get("/health")["status"] == "ok"
    assert callrail.api.get("/v3/a.json").status_code == 500


def test_the_oldest_matching_rule_fires_first(callrail):
    add_fault(callrail, path="/v3/a.json", status=500, times=1)
    add_fault(callrail, path="/v3/a.json", status=503, times=1)
    assert [callrail.api.get("/v3/a.json").status_code for _ in range(3)] == [500, 503, 200]


def test_latency_delays_an_otherwise_normal_answer(callrail):
    add_fault(callrail, method="GET", path="/v3/a.json", latency_ms=250, times=1)
    response = callrail.api.get("/v3/a.json")
    assert response.status_code == 200
    assert response.json()["accounts"]
    assert callrail.control.get("/faults") == {"faults": []}
    journal = callrail.control.get("/requests?path=/v3/a.json")["requests"]
    assert journal[-1]["duration_ms"] >= 250  # a lower bound: sleep never returns early


def test_latency_with_a_status(callrail):
    add_fault(callrail, path="/v3/a.json", status=504, latency_ms=100, times=1)
    assert callrail.api.get("/v3/a.json").status_code == 504
    assert callrail.control.get("/requests")["requests"][-1]["duration_ms"] >= 100


def _pattern(callrail, seed: int) -> list[int]:
    callrail.control.delete("/faults")
    add_fault(callrail, method="GET", path="/v3/a.json", status=500, probability=0.5, seed=seed)
    return [callrail.api.get("/v3/a.json").status_code for _ in range(24)]


def test_a_seeded_probability_is_deterministic(callrail):
    first = _pattern(callrail, 42)
    assert set(first) == {200, 500}
    assert _pattern(callrail, 42) == first
    callrail.control.reset("docs")
    assert _pattern(callrail, 42) == first
    assert _pattern(callrail, 43) != first


def test_times_counts_firings_of_a_probabilistic_rule(callrail):
    add_fault(callrail, path="/v3/a.json", status=500, probability=0.5, seed=1, times=3)
    statuses = [callrail.api.get("/v3/a.json").status_code for _ in range(40)]
    assert statuses.count(500) == 3


def test_probability_zero_never_and_one_always_fires(callrail):
    add_fault(callrail, path="/v3/a.json", status=500, probability=0, seed=1)
    assert [callrail.api.get("/v3/a.json").status_code for _ in range(5)] == [200] * 5
    callrail.control.delete("/faults")
    add_fault(callrail, path="/v3/a.json", status=500, probability=1, seed=1)
    assert [callrail.api.get("/v3/a.json").status_code for _ in range(5)] == [500] * 5


def test_a_fault_without_times_fires_until_cleared(callrail):
    add_fault(callrail, path="/v3/a.json", status=500)
    assert [callrail.api.get("/v3/a.json").status_code for _ in range(4)] == [500] * 4
    assert callrail.control.delete("/faults") == {"deleted": 1}
    assert callrail.api.get("/v3/a.json").status_code == 200


def test_rules_are_listed_and_deleted_one_by_one(callrail):
    first = add_fault(callrail, method="get", path="/v3/a/*/calls*", status=503, times=2)
    second = add_fault(callrail, method="POST", path="/v3/a/*/text-messages*", status=500, latency_ms=10,
                       probability=0.25, seed=9, body={"error": "x"})
    listed = callrail.control.get("/faults")["faults"]
    assert [r["id"] for r in listed] == [first["id"], second["id"]]
    assert listed[0] == first
    assert first["method"] == "GET"
    assert {k: listed[1][k] for k in ("method", "path", "status", "latency_ms", "probability", "seed", "body",
                                      "times")} == {
        "method": "POST", "path": "/v3/a/*/text-messages*", "status": 500, "latency_ms": 10,
        "probability": 0.25, "seed": 9, "body": {"error": "x"}, "times": None}
    assert callrail.control.delete(f"/faults/{first['id']}") == {"deleted": 1}
    assert [r["id"] for r in callrail.control.get("/faults")["faults"]] == [second["id"]]
    assert callrail.control.request("DELETE", f"/faults/{first['id']}").status_code == 404


@pytest.mark.parametrize("rule,parameter", [
    ({"path": "/v3/*"}, "status"), ({"path": "/v3/*", "status": 99}, "status"),
    ({"path": "/v3/*", "status": "500"}, "status"), ({"path": "/v3/*", "status": 500, "times": 0}, "times"),
    ({"path": "/v3/*", "status": 500, "probability": 1.5}, "probability"),
    ({"path": "/v3/*", "status": 500, "method": "FETCH"}, "method"),
    ({"path": "/v3/*", "latency_ms": -5}, "latency_ms"), ({"path": "", "status": 500}, "path"),
    ({"path": "/v3/*", "status": 500, "headers": {"X": 1}}, "headers"),
    ({"path": "/v3/*", "status": 500, "seed": 10**30}, "seed"),
    ({"path": "/v3/*", "status": 500, "times": 10**30}, "times"),
    ({"path": "/v3/*", "status": 10**30}, "status"), ({"path": "/v3/*", "latency_ms": 10**30}, "latency_ms"),
    ({"path": {"nested": ["/v3/*"]}, "status": 500}, "path"), ({"path": "/v3/*", "status": [500]}, "status"),
    ({"path": "/v3/*", "status": 500, "headers": {"Retry-After": "1\r\nSet-Cookie: x=1"}}, "headers"),
    ({"path": "/v3/*", "status": 500, "headers": {"Content-Length": "999"}}, "headers"),
    ({"path": "/v3/*", "status": 500, "headers": {"Bad Name": "x"}}, "headers"),
    ({"path": "/v3/*", "status": 500, "headers": {"X-Price": "\u20ac5"}}, "headers"),
    ({"path": "/v3/*", "status": 500, "headers": ["X"]}, "headers")])
def test_bad_rules_are_refused_naming_the_parameter_and_store_nothing(callrail, rule, parameter):
    response = callrail.control.request("POST", "/faults", rule)
    assert response.status_code == 400
    assert response.json()["parameter"].startswith(parameter)
    assert callrail.control.get("/faults") == {"faults": []}


def test_delete_of_an_unknown_rule_names_it(callrail):
    for fault_id in ("424242", "9" * 30):
        answer = callrail.control.request("DELETE", f"/faults/{fault_id}")
        assert answer.status_code == 404 and answer.json()["parameter"] == "fault_id"


def test_concurrent_requests_consume_a_rule_exactly_n_times(callrail):
    add_fault(callrail, method="GET", path="/v3/a.json", status=503, times=7)

    def worker(_):
        api = callrail.api.with_key(callrail.api_key)
        return [api.get("/v3/a.json").status_code for _ in range(6)]

    with ThreadPoolExecutor(8) as pool:
        statuses = [s for batch in pool.map(worker, range(8)) for s in batch]
    assert statuses.count(503) == 7
    assert statuses.count(200) == 41


def test_a_faulted_request_is_not_counted_against_the_rate_limit(callrail):
    callrail.control.put("/rate_limits", {"general": {"hourly": 1}})
    add_fault(callrail, path="/v3/a.json", status=503, times=2)
    assert [callrail.api.get("/v3/a.json").status_code for _ in range(4)] == [503, 503, 200, 429]


def test_maintenance_makes_every_v3_request_answer_503_until_turned_off(callrail):
    assert callrail.control.get("/maintenance")["enabled"] is False
    answer = callrail.control.post("/maintenance", {"enabled": True})
    assert answer["enabled"] is True
    for response in (callrail.api.get("/v3/a.json"), callrail.api.post(f"/v3/a/{callrail.account_id}/companies.json",
                                                                         json={"name": "Not stored"}),
                     callrail.api.get("/v3/nothing.json"), requests.get(f"{callrail.base_url}/v3/a.json", timeout=30)):
        assert response.status_code == 503
        assert MAINTENANCE in response.json()["error"]
        assert "Retry-After" not in response.headers
    assert callrail.control.get("/health")["status"] == "ok"
    assert callrail.control.get("/maintenance")["enabled"] is True
    callrail.control.post("/maintenance", {"enabled": False})
    names = [c["name"] for c in companies(callrail).json()["companies"]]
    assert "Not stored" not in names


def test_maintenance_with_a_message_and_retry_after(callrail):
    callrail.control.post("/maintenance", {"enabled": True, "message": "Back soon", "retry_after": 120})
    response = callrail.api.get("/v3/a.json")
    assert response.status_code == 503
    assert response.json() == {"error": "Back soon"}
    assert response.headers["Retry-After"] == "120"


@pytest.mark.parametrize("body,parameter", [({}, "enabled"), ({"enabled": "yes"}, "enabled"),
                                            ({"enabled": True, "retry_after": -1}, "retry_after"),
                                            ({"enabled": True, "message": 5}, "message"),
                                            ({"enabled": True, "retry_after": 10**30}, "retry_after"),
                                            ({"enabled": {"on": True}}, "enabled"),
                                            ({"enabled": True, "message": {"text": "x"}}, "message")])
def test_bad_maintenance_bodies_are_refused(callrail, body, parameter):
    response = callrail.control.request("POST", "/maintenance", body)
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter
    assert callrail.control.get("/maintenance")["enabled"] is False
    assert callrail.api.get("/v3/a.json").status_code == 200


def test_reset_clears_faults_and_maintenance(callrail):
    add_fault(callrail, path="*", status=500)
    callrail.control.post("/maintenance", {"enabled": True})
    callrail.control.reset("docs")
    assert callrail.control.get("/faults") == {"faults": []}
    assert callrail.control.get("/maintenance")["enabled"] is False
    assert callrail.api.get("/v3/a.json").status_code == 200
