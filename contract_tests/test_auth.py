"""Authorization (doc lines 15-18): both header forms, 401s, account and company scope, roles."""
import pytest

from docs_seed import (A, ACCOUNT, ADMIN_KEY, BOBS_BURGERS, FORBIDDEN, GRAND_SYMPHONY, KEVIN,
                       MANAGER_KEY, OTHER_ACCOUNT, OTHER_ADMIN_KEY, REPORTING_KEY, TEDDY,
                       WIDGET_SHOP, WIDGET_SHOP_2, error, names, ok)

pytestmark = pytest.mark.callrail_seed("docs")

ROUTES = [("GET", "/v3/a.json"), ("GET", f"{A}.json"), ("GET", f"{A}/companies.json"),
          ("GET", f"{A}/companies/{WIDGET_SHOP}.json"), ("GET", f"{A}/users.json"),
          ("GET", f"{A}/users/{KEVIN}.json"), ("GET", f"{A}/tags.json"),
          ("POST", f"{A}/companies.json"), ("PUT", f"{A}/companies/{WIDGET_SHOP}.json"),
          ("POST", f"{A}/companies/bulk_update.json"), ("DELETE", f"{A}/companies/{WIDGET_SHOP}.json"),
          ("POST", f"{A}/users.json"), ("PUT", f"{A}/users/{KEVIN}.json"), ("DELETE", f"{A}/users/{TEDDY}.json"),
          ("POST", f"{A}/tags.json"), ("PUT", f"{A}/tags/993186.json"), ("DELETE", f"{A}/tags/993186.json")]

BAD_HEADERS = [None, "", "Token", "Token token=", 'Token token=""', "Bearer docs-admin-key",
               "Basic ZG9jcy1hZG1pbi1rZXk6", "Token key=docs-admin-key", "token-docs-admin-key",
               'Token token="no-such-key"', "Token token=no-such-key"]


@pytest.mark.parametrize("header", ['Token token="docs-admin-key"', "Token token=docs-admin-key",
                                    'Token token = "docs-admin-key"'])
def test_both_header_forms_authenticate(callrail, header):
    response = callrail.api.get(f"{callrail.base_url}/v3/a.json", headers={"Authorization": header})
    assert ok(response)["accounts"][0]["id"] == ACCOUNT


@pytest.mark.parametrize("header", BAD_HEADERS)
@pytest.mark.parametrize("method,path", ROUTES)
def test_every_route_needs_a_valid_key(callrail, method, path, header):
    import requests

    headers = {} if header is None else {"Authorization": header}
    response = requests.request(method, callrail.base_url + path, headers=headers,
                                json={"name": "Intruder"} if method in ("POST", "PUT") else None, timeout=30)
    error(response, 401)


def test_a_rejected_write_stores_nothing(callrail):
    import requests

    requests.post(f"{callrail.base_url}{A}/companies.json", json={"name": "Intruder"},
                  headers={"Authorization": "Token token=wrong"}, timeout=30)
    assert "Intruder" not in names(callrail.api.get(f"{A}/companies.json"), "companies")


def test_a_key_sees_only_its_users_accounts(callrail):
    assert [a["id"] for a in ok(callrail.api.get("/v3/a.json"))["accounts"]] == [ACCOUNT, OTHER_ACCOUNT]
    gene = callrail.api.with_key(OTHER_ADMIN_KEY)
    assert [a["id"] for a in ok(gene.get("/v3/a.json"))["accounts"]] == [OTHER_ACCOUNT]
    error(gene.get(f"{A}.json"), 404)
    error(gene.get(f"{A}/companies.json"), 404)
    error(gene.post(f"{A}/tags.json", json={"name": "x", "company_id": WIDGET_SHOP}), 404)


def test_records_of_another_account_are_404(callrail):
    made = callrail.control.post("/accounts", {"name": "Isolated"})
    other = callrail.api.with_key(made["api_key"])
    mine = f"/v3/a/{made['account']['id']}"
    company = ok(other.post(f"{mine}/companies.json", json={"name": "Theirs"}), 201)
    tag = ok(other.post(f"{mine}/tags.json", json={"name": "Theirs", "company_id": company["id"]}), 201)
    # The first account's admin cannot reach the new account nor its records through its own.
    error(callrail.api.get(f"{mine}.json"), 404)
    error(callrail.api.get(f"{mine}/users.json"), 404)
    error(callrail.api.get(f"{A}/companies/{company['id']}.json"), 404)
    error(callrail.api.put(f"{A}/companies/{company['id']}.json", json={"name": "Mine"}), 404)
    error(callrail.api.delete(f"{A}/companies/{company['id']}.json"), 404)
    error(callrail.api.get(f"{A}/users/{made['user']['id']}.json"), 404)
    error(callrail.api.put(f"{A}/tags/{tag['id']}.json", json={"name": "Mine"}), 404)
    error(callrail.api.delete(f"{A}/tags/{tag['id']}.json"), 404)
    # ... and the new key sees nothing of the first account.
    error(other.get(f"{A}/companies/{WIDGET_SHOP}.json"), 404)
    assert [a["id"] for a in ok(other.get("/v3/a.json"))["accounts"]] == [made["account"]["id"]]
    assert ok(other.get(f"{mine}/companies/{company['id']}.json"))["name"] == "Theirs"
    # A company of the other account in the path of its own account is not found either.
    error(callrail.api.with_key(OTHER_ADMIN_KEY).get(f"/v3/a/{OTHER_ACCOUNT}/companies/{WIDGET_SHOP}.json"), 404)
    assert ok(callrail.api.get(f"/v3/a/{OTHER_ACCOUNT}/companies/{WIDGET_SHOP_2}.json"))["name"] == "Widget Shop 2"


@pytest.mark.parametrize("key", [MANAGER_KEY, REPORTING_KEY])
def test_managers_and_reporting_users_see_only_their_companies(callrail, key):
    api = callrail.api.with_key(key)
    assert names(api.get(f"{A}/companies.json"), "companies") == ["Bob's Burgers"]
    assert ok(api.get(f"{A}/companies/{BOBS_BURGERS}.json"))["id"] == BOBS_BURGERS
    error(api.get(f"{A}/companies/{WIDGET_SHOP}.json"), 404)
    # Tags of other companies are invisible; account-level tags are visible to every role.
    ok(callrail.api.post(f"{A}/tags.json", json={"name": "Everywhere", "tag_level": "account"}), 201)
    assert names(api.get(f"{A}/tags.json"), "tags") == ["Everywhere"]
    error(api.put(f"{A}/tags/993186.json", json={"name": "x"}), 404)
    # The companies listed for a user are only those the key may see.
    kevin = ok(api.get(f"{A}/users/{KEVIN}.json"))
    assert [c["id"] for c in kevin["companies"]] == [BOBS_BURGERS]
    error(api.get(f"{A}/users.json", params={"company_id": GRAND_SYMPHONY}), 400, "company_id")


def _body(method):
    return {"json": {}} if method in ("POST", "PUT") else {}


FORBIDDEN_FOR_BOTH = [
    ("POST", "/companies.json", {"name": "New"}),
    ("PUT", f"/companies/{BOBS_BURGERS}.json", {"name": "Renamed"}),
    ("POST", "/companies/bulk_update.json", {"company_ids": [BOBS_BURGERS], "external_form_capture": False}),
    ("DELETE", f"/companies/{BOBS_BURGERS}.json", None),
    ("POST", "/users.json", {"first_name": "A", "last_name": "B", "email": "ab@example.com", "role": "reporting",
                             "companies": [BOBS_BURGERS]}),
    ("PUT", f"/users/{KEVIN}.json", {"companies": [BOBS_BURGERS]}),
    ("PUT", f"/users/{KEVIN}.json", {}),
    ("DELETE", f"/users/{KEVIN}.json", None),
    ("POST", "/tags.json", {"name": "Account wide", "tag_level": "account"}),
]
FORBIDDEN_FOR_REPORTING = [
    ("POST", "/tags.json", {"name": "New", "company_id": BOBS_BURGERS}),
]


def _snapshot(callrail):
    return [ok(callrail.api.get(f"{A}/{path}.json", params={"per_page": 250}))
            for path in ("companies", "users", "tags")]


@pytest.mark.parametrize("key", [MANAGER_KEY, REPORTING_KEY])
@pytest.mark.parametrize("method,path,body", FORBIDDEN_FOR_BOTH)
def test_actions_managers_and_reporting_users_may_not_take(callrail, key, method, path, body):
    before = _snapshot(callrail)
    response = callrail.api.with_key(key).request(method, A + path, json=body)
    error(response, 403)
    assert response.json() == FORBIDDEN
    assert _snapshot(callrail) == before


@pytest.mark.parametrize("method,path,body", FORBIDDEN_FOR_REPORTING)
def test_actions_reporting_users_may_not_take(callrail, method, path, body):
    before = _snapshot(callrail)
    response = callrail.api.with_key(REPORTING_KEY).request(method, A + path, json=body)
    assert response.status_code == 403 and response.json() == FORBIDDEN
    assert _snapshot(callrail) == before


def test_reporting_users_cannot_change_or_remove_tags(callrail):
    tag = ok(callrail.api.post(f"{A}/tags.json", json={"name": "Burger tag", "company_id": BOBS_BURGERS}), 201)
    reporting = callrail.api.with_key(REPORTING_KEY)
    for response in (reporting.put(f"{A}/tags/{tag['id']}.json", json={"name": "x"}),
                     reporting.delete(f"{A}/tags/{tag['id']}.json")):
        assert response.status_code == 403 and response.json() == FORBIDDEN
    assert "Burger tag" in names(reporting.get(f"{A}/tags.json"), "tags")


def test_users_roles_and_keys_are_stored_not_hard_coded(callrail):
    made = callrail.control.post(f"/a/{ACCOUNT}/api_keys", {"role": "reporting", "company_ids": [WIDGET_SHOP]})
    api = callrail.api.with_key(made["api_key"])
    assert names(api.get(f"{A}/companies.json"), "companies") == ["Widget Shop"]
    assert api.post(f"{A}/tags.json", json={"name": "x", "company_id": WIDGET_SHOP}).json() == FORBIDDEN
    ok(callrail.api.delete(f"{A}/users/{made['user']['id']}.json"), 204)
    error(api.get("/v3/a.json"), 401)
    assert ADMIN_KEY  # the admin key still works
    ok(callrail.api.get("/v3/a.json"))
