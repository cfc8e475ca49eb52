"""The control plane basics of DESIGN.md: health, credentials, reset, accounts, api_keys, clock."""
import pytest
import requests

from docs_seed import ACCOUNT, BOBS_BURGERS, WIDGET_SHOP, error, ok
from emulator.pytest_plugin import Control, RunningServer

pytestmark = pytest.mark.callrail_seed("docs")   # small and quick to reset to


def control_error(callrail, method, path, body, parameter=None):
    return error(callrail.control.request(method, path, body), 400, parameter)


def test_health(callrail):
    body = callrail.control.get("/health")
    assert body["status"] == "ok" and isinstance(body["version"], str)


def test_credentials_lists_every_key(callrail):
    keys = callrail.control.get("/credentials")["api_keys"]
    assert {tuple(sorted(k)) for k in keys} == {("account_id", "account_numeric_id", "key", "role", "user_id")}
    assert {k["role"] for k in keys} == {"admin", "manager", "reporting"}
    for k in keys:
        assert ok(callrail.api.with_key(k["key"]).get(f"/v3/a/{k['account_numeric_id']}.json"))["id"] == \
            k["account_id"]


@pytest.mark.parametrize("seed", ["empty", "docs", "demo"])
def test_reset_wipes_and_seeds(callrail, seed):
    ok(callrail.api.post(f"/v3/a/{callrail.account_id}/companies.json", json={"name": "Leftover"}), 201)
    creds = callrail.control.reset(seed)
    admin = next(k for k in creds["api_keys"] if k["role"] == "admin")
    api = callrail.api.with_key(admin["key"])
    companies = ok(api.get(f"/v3/a/{admin['account_id']}/companies.json"))["companies"]
    assert "Leftover" not in [c["name"] for c in companies]
    accounts = ok(api.get("/v3/a.json"))["accounts"]
    if seed == "empty":
        assert len(creds["api_keys"]) == 1 and len(accounts) == 1 and companies == []
    elif seed == "docs":
        assert admin["account_id"] == ACCOUNT and admin["key"] == "docs-admin-key"
    else:
        assert len(accounts) == 2 and len(companies) >= 3
        assert {k["role"] for k in creds["api_keys"]} == {"admin", "manager", "reporting"}


@pytest.mark.parametrize("body,parameter", [({"seed": "full"}, "seed"), ({"random_seed": "seven"}, "random_seed"),
                                            ({"random_seed": True}, "random_seed"),
                                            ({"keep_clock": "yes"}, "keep_clock")])
def test_reset_validation(callrail, body, parameter):
    control_error(callrail, "POST", "/reset", body, parameter)


def test_reset_resets_the_clock_unless_kept(callrail):
    callrail.control.freeze("2020-02-02T02:02:02Z")
    callrail.control.reset("docs", keep_clock=True)
    assert callrail.control.get("/clock") == {"now": "2020-02-02T02:02:02.000Z", "frozen": True}
    callrail.control.reset("docs")
    assert callrail.control.get("/clock")["frozen"] is False


def test_seeds_are_anchored_to_the_clock(callrail):
    callrail.control.freeze("2021-07-01T12:00:00Z")
    creds = callrail.control.reset("empty", keep_clock=True)
    api = callrail.api.with_key(creds["api_keys"][0]["key"])
    users = ok(api.get(f"/v3/a/{creds['api_keys'][0]['account_id']}/users.json"))["users"]
    assert users[0]["created_at"] == "2021-07-01T00:00:00.000Z"


def test_new_account(callrail):
    made = callrail.control.post("/accounts", {"name": "Fresh Start"})
    assert made["account"]["name"] == "Fresh Start" and made["account"]["hipaa_account"] is False
    assert len(str(made["account"]["numeric_id"])) == 9
    assert made["user"]["role"] == "admin"
    api = callrail.api.with_key(made["api_key"])
    assert [a["id"] for a in ok(api.get("/v3/a.json"))["accounts"]] == [made["account"]["id"]]
    assert ok(api.get(f"/v3/a/{made['account']['numeric_id']}/companies.json"))["total_records"] == 0
    keys = [k["key"] for k in callrail.control.get("/credentials")["api_keys"]]
    assert made["api_key"] in keys


@pytest.mark.parametrize("body,parameter", [({"name": ""}, "name"), ({"name": 5}, "name"),
                                            ({"hipaa_account": "yes"}, "hipaa_account")])
def test_new_account_validation(callrail, body, parameter):
    control_error(callrail, "POST", "/accounts", body, parameter)


@pytest.mark.parametrize("role", ["admin", "manager", "reporting"])
def test_api_keys_for_each_role(callrail, role):
    made = callrail.control.post(f"/a/{ACCOUNT}/api_keys", {"role": role, "company_ids": [WIDGET_SHOP],
                                                            "first_name": "Tina", "last_name": "Belcher",
                                                            "email": f"tina.{role}@example.com"})
    assert made["user"]["role"] == role and made["user"]["name"] == "Tina Belcher"
    api = callrail.api.with_key(made["api_key"])
    visible = [c["id"] for c in ok(api.get(f"/v3/a/{ACCOUNT}/companies.json"))["companies"]]
    assert visible == [WIDGET_SHOP] if role != "admin" else len(visible) == 6


@pytest.mark.parametrize("body,parameter", [({}, "role"), ({"role": "owner"}, "role"),
                                            ({"role": "manager", "company_ids": ["COMnope"]}, "company_ids"),
                                            ({"role": "manager", "company_ids": BOBS_BURGERS}, "company_ids"),
                                            ({"role": "manager", "email": {"a": 1}}, "email")])
def test_api_keys_validation(callrail, body, parameter):
    before = callrail.control.get("/credentials")
    control_error(callrail, "POST", f"/a/{ACCOUNT}/api_keys", body, parameter)
    assert callrail.control.get("/credentials") == before


def test_api_keys_for_an_unknown_account(callrail):
    assert callrail.control.request("POST", "/a/ACCnope/api_keys", {"role": "admin"}).status_code == 404


def test_clock_freeze_advance_unfreeze(callrail):
    assert callrail.control.freeze("2024-02-29T23:59:30+02:00") == {"now": "2024-02-29T21:59:30.000Z",
                                                                       "frozen": True}
    assert callrail.control.advance(45) == {"now": "2024-02-29T22:00:15.000Z", "frozen": True}
    assert callrail.control.get("/clock")["now"] == "2024-02-29T22:00:15.000Z"
    running = callrail.control.post("/clock", {"unfreeze": True})
    assert running["frozen"] is False and running["now"] >= "2024-02-29T22:00:15.000Z"
    assert running["now"] < "2024-02-29T23:00:00.000Z"   # continues from the frozen instant


def test_records_follow_the_clock(callrail):
    callrail.control.freeze("2019-05-05T05:05:05Z")
    first = ok(callrail.api.post(f"/v3/a/{callrail.account_id}/companies.json", json={"name": "Then"}), 201)
    callrail.control.advance(86400)
    second = ok(callrail.api.post(f"/v3/a/{callrail.account_id}/companies.json", json={"name": "Later"}), 201)
    assert (first["created_at"], second["created_at"]) == ("2019-05-05T05:05:05.000Z", "2019-05-06T05:05:05.000Z")


@pytest.mark.parametrize("body,parameter", [({}, None), ({"freeze_at": "yesterday"}, "freeze_at"),
                                            ({"freeze_at": "2024-01-01T00:00:00"}, "freeze_at"),
                                            ({"freeze_at": "0001-01-01T00:00:00Z"}, "freeze_at"),
                                            ({"advance": "60"}, "advance"), ({"advance": 1e300}, "advance"),
                                            ({"unfreeze": "yes"}, None)])
def test_clock_validation(callrail, body, parameter):
    callrail.control.freeze("2024-01-01T00:00:00Z")
    control_error(callrail, "POST", "/clock", body, parameter)
    assert callrail.control.get("/clock")["now"] == "2024-01-01T00:00:00.000Z"


@pytest.mark.parametrize("raw", [b"not json", b"[]"])
def test_control_bodies_must_be_json_objects(callrail, raw):
    response = requests.post(f"{callrail.base_url}/_emulator/clock", data=raw, timeout=30)
    error(response, 400)


def test_control_token_guards_every_route():
    server = RunningServer(seed="empty", control_token="sesame")
    try:
        error(requests.get(f"{server.base_url}/_emulator/health", timeout=30), 401, "X-Emulator-Token")
        error(requests.get(f"{server.base_url}/_emulator/credentials", timeout=30,
                           headers={"X-Emulator-Token": "wrong"}), 401)
        assert Control(server.base_url, "sesame").get("/health")["status"] == "ok"
    finally:
        server.close()


def test_unknown_control_routes_are_json_404s(callrail):
    error(callrail.control.request("GET", "/nothing-here"), 404)


def test_api_key_flag_fixes_the_admin_key():
    server = RunningServer(seed="empty", api_key="my-fixed-key")
    try:
        keys = Control(server.base_url).get("/credentials")["api_keys"]
        assert [k["key"] for k in keys] == ["my-fixed-key"]
        assert requests.get(f"{server.base_url}/v3/a.json", timeout=30,
                            headers={"Authorization": "Token token=my-fixed-key"}).status_code == 200
    finally:
        server.close()
