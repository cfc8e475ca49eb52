"""Same seed and random seed, same data (ids, names, keys, timestamps); `--db PATH` persists."""
import pytest

from emulator.pytest_plugin import Api, Control, RunningServer

FROZEN = "2026-01-15T12:00:00Z"


def snapshot(server: RunningServer, random_seed: int) -> dict:
    control = Control(server.base_url)
    control.freeze(FROZEN)
    creds = control.reset("demo", random_seed, keep_clock=True)
    api = Api(server.base_url, creds["api_keys"][0]["key"])
    seen = {"credentials": creds, "accounts": api.get("/v3/a.json", params={"fields": "numeric_id"}).json()}
    for account in seen["accounts"]["accounts"]:
        for path in ("companies", "users", "tags"):
            seen[f"{account['id']}/{path}"] = api.get(f"/v3/a/{account['id']}/{path}.json",
                                                      params={"per_page": 250}).json()
    first = seen["accounts"]["accounts"][0]["id"]
    seen["created"] = api.post(f"/v3/a/{first}/companies.json", json={"name": "Made by a test"}).json()
    return seen


@pytest.fixture(scope="module")
def two_servers():
    servers = [RunningServer(seed="empty", random_seed=7), RunningServer(seed="empty", random_seed=7)]
    yield servers
    for server in servers:
        server.close()


def test_same_random_seed_same_responses(two_servers):
    one, two = (snapshot(server, 7) for server in two_servers)
    assert one == two
    assert one["created"]["id"] == two["created"]["id"]
    assert len(one) > 5 and all(one.values())


def test_another_random_seed_other_data(two_servers):
    seven, eight = snapshot(two_servers[0], 7), snapshot(two_servers[1], 8)
    assert seven["credentials"] != eight["credentials"]
    first_companies = [k for k in seven if k.endswith("/companies")][0]
    assert [c["name"] for c in seven[first_companies]["companies"]] != \
        [c["name"] for c in next(v for k, v in eight.items() if k.endswith("/companies"))["companies"]]


def test_db_path_persists_across_restarts(tmp_path):
    path = str(tmp_path / "state.db")
    first = RunningServer(seed="docs", db=path)
    api = Api(first.base_url, "docs-admin-key")
    made = api.post("/v3/a/227799611/companies.json", json={"name": "Still Here"}).json()
    Control(first.base_url).freeze("2023-03-03T03:03:03Z")
    first.close()

    second = RunningServer(seed="docs", db=path)
    try:
        api = Api(second.base_url, "docs-admin-key")
        again = api.get(f"/v3/a/227799611/companies/{made['id']}.json")
        assert again.status_code == 200 and again.json() == made
        assert Control(second.base_url).get("/clock") == {"now": "2023-03-03T03:03:03.000Z", "frozen": True}
    finally:
        second.close()
