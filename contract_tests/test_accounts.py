"""Accounts (doc lines 590-686) and the docs seed's example objects."""
import pytest

from docs_seed import ACCOUNT, ACCOUNT_NUMERIC, OTHER_ACCOUNT, error, ok

pytestmark = pytest.mark.callrail_seed("docs")


def test_the_docs_listing(callrail):
    assert ok(callrail.api.get("/v3/a.json")) == {
        "page": 1, "per_page": 100, "total_pages": 1, "total_records": 2,
        "accounts": [
            {"id": ACCOUNT, "name": "Last Mile Metrics", "outbound_recording_enabled": True, "hipaa_account": False},
            {"id": OTHER_ACCOUNT, "name": "CallRail", "outbound_recording_enabled": True, "hipaa_account": False}]}


@pytest.mark.parametrize("ref", [ACCOUNT, ACCOUNT_NUMERIC])
def test_single_account_by_either_id(callrail, ref):
    assert ok(callrail.api.get(f"/v3/a/{ref}.json")) == {
        "id": ACCOUNT, "name": "Last Mile Metrics", "outbound_recording_enabled": True, "hipaa_account": False}


def test_numeric_id_is_nine_digits(callrail):
    for account in ok(callrail.api.get("/v3/a.json", params={"fields": "numeric_id"}))["accounts"]:
        assert isinstance(account["numeric_id"], int) and len(str(account["numeric_id"])) == 9


def test_a_new_account_is_isolated_and_hipaa_filterable(callrail):
    made = callrail.control.post("/accounts", {"name": "Clinic", "hipaa_account": True})
    api = callrail.api.with_key(made["api_key"])
    assert ok(api.get("/v3/a.json", params={"hipaa_account": "true"}))["accounts"] == [
        {k: made["account"][k] for k in ("id", "name", "outbound_recording_enabled", "hipaa_account")}]
    assert ok(api.get("/v3/a.json", params={"hipaa_account": "false"}))["total_records"] == 0
    assert ok(callrail.api.get("/v3/a.json", params={"hipaa_account": "true"}))["total_records"] == 0
    error(api.get(f"/v3/a/{ACCOUNT}.json"), 404)


@pytest.mark.callrail_seed("demo")
def test_demo_has_two_accounts_one_hipaa(callrail):
    accounts = ok(callrail.api.get("/v3/a.json", params={"sort": "name"}))["accounts"]
    assert sorted(a["hipaa_account"] for a in accounts) == [False, True]
