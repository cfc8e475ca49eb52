"""The error model (HTTP Response Codes, doc lines 470-500): every error is JSON with the right
status; validation errors name the parameter; a failed write stores nothing."""
import pytest
import requests

from docs_seed import A, BOBS_BURGERS, GRAND_SYMPHONY, KEVIN, WIDGET_SHOP, error, names, ok

pytestmark = pytest.mark.callrail_seed("docs")


def company_names(callrail):
    return names(callrail.api.get(f"{A}/companies.json"), "companies")


def test_400_names_the_parameter_and_stores_nothing(callrail):
    before = company_names(callrail)
    error(callrail.api.post(f"{A}/companies.json", json={"time_zone": "America/Denver"}), 400, "name")
    error(callrail.api.post(f"{A}/companies.json", json={"name": "X", "time_zone": "Mars/Olympus"}), 400,
          "time_zone")
    error(callrail.api.get(f"{A}/companies.json", params={"per_page": "many"}), 400, "per_page")
    assert company_names(callrail) == before


def test_401_is_json(callrail):
    response = requests.get(f"{callrail.base_url}{A}/companies.json", timeout=30)
    assert error(response, 401)["error"]


def test_403_has_the_docs_body(callrail):
    tag = ok(callrail.api.post(f"{A}/tags.json", json={"name": "Burgers", "company_id": BOBS_BURGERS}), 201)
    response = callrail.api.with_key("docs-reporting-key").delete(f"{A}/tags/{tag['id']}.json")
    assert response.status_code == 403
    assert response.json() == {"error": "You do not have permission to perform the requested action"}


@pytest.mark.parametrize("path", ["/v3/nothing", "/v3/a/x/nothing.json", f"{A}/companies/x/y/z.json", "/v3"])
def test_unknown_v3_paths_are_json_404s(callrail, path):
    assert "not found" in error(callrail.api.get(path), 404)["error"].lower()


@pytest.mark.parametrize("path", [f"{A}/companies/COMnope.json", f"{A}/users/USRnope.json",
                                  "/v3/a/ACCnope.json", "/v3/a/999999999.json",
                                  f"{A}/companies/99999999999999999999999999.json",
                                  "/v3/a/99999999999999999999999999.json"])
def test_unknown_records_are_json_404s(callrail, path):
    error(callrail.api.get(path), 404)


def test_writes_to_unknown_records_are_404s(callrail):
    error(callrail.api.put(f"{A}/tags/424242.json", json={"name": "x"}), 404)
    error(callrail.api.delete(f"{A}/tags/424242.json"), 404)
    error(callrail.api.put(f"{A}/users/USRnope.json", json={"first_name": "x"}), 404)
    error(callrail.api.delete(f"{A}/companies/COMnope.json"), 404)


@pytest.mark.parametrize("method,path", [("DELETE", "/v3/a.json"), ("POST", f"{A}.json"),
                                         ("PATCH", f"{A}/companies.json"), ("DELETE", f"{A}/tags.json"),
                                         ("GET", f"{A}/tags/993186.json"), ("PUT", f"{A}/users.json")])
def test_wrong_methods_are_json_405s(callrail, method, path):
    response = callrail.api.request(method, path)
    error(response, 405)
    assert method not in response.headers["Allow"]


@pytest.mark.parametrize("raw", [b"name=Form+Encoded", b"{not json", b"[1, 2]", b'"a string"', b"\xff\xfe"])
def test_write_bodies_that_are_not_json_objects_are_406(callrail, raw):
    before = company_names(callrail)
    response = callrail.api.post(f"{A}/companies.json", data=raw,
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    error(response, 406)
    error(callrail.api.put(f"{A}/companies/{WIDGET_SHOP}.json", data=raw), 406)
    assert company_names(callrail) == before


def test_write_parameters_in_the_query_string_are_406(callrail):
    error(callrail.api.post(f"{A}/companies.json", params={"name": "In the URL"}), 406)
    error(callrail.api.put(f"{A}/tags/993186.json", params={"name": "In the URL"}), 406)
    assert "In the URL" not in company_names(callrail)


def test_get_parameters_in_a_body_are_406(callrail):
    error(callrail.api.get(f"{A}/companies.json", json={"status": "disabled"}), 406)
    error(callrail.api.get(f"{A}/companies.json", data="status=disabled"), 406)


def test_json_is_read_whatever_the_content_type(callrail):
    response = callrail.api.post(f"{A}/companies.json", data='{"name": "Plain text JSON"}',
                                 headers={"Content-Type": "text/plain"})
    assert ok(response, 201)["name"] == "Plain text JSON"


def test_422_for_rules_of_the_resource(callrail):
    body = error(callrail.api.post(f"{A}/users.json", json={
        "first_name": "K", "last_name": "M", "email": "kevin@example.com", "role": "admin"}), 422, "email")
    assert "taken" in body["error"]
    error(callrail.api.post(f"{A}/tags.json", json={"name": "Conversion", "company_id": GRAND_SYMPHONY}),
          422, "name")
    error(callrail.api.delete(f"{A}/users/{KEVIN}.json"), 422)


@pytest.mark.parametrize("body,parameter", [
    ({"name": 5, "company_id": BOBS_BURGERS}, "name"),
    ({"name": ["a"], "company_id": BOBS_BURGERS}, "name"),
    ({"name": {"a": 1}, "company_id": BOBS_BURGERS}, "name"),
    ({"name": None, "company_id": BOBS_BURGERS}, "name"),
    ({"name": "x", "company_id": {"a": 1}}, "company_id"),
    ({"name": "x", "company_id": [BOBS_BURGERS]}, "company_id"),
    ({"name": "x", "company_id": True}, "company_id"),
    ({"name": "x", "company_id": 1.5}, "company_id"),
    ({"name": "x", "company_id": 10 ** 30}, "company_id"),
    ({"name": "x", "company_id": BOBS_BURGERS, "color": 7}, "color"),
    ({"name": "x", "company_id": BOBS_BURGERS, "tag_level": ["account"]}, "tag_level"),
])
def test_values_of_the_wrong_type_are_400_never_500(callrail, body, parameter):
    error(callrail.api.post(f"{A}/tags.json", json=body), 400, parameter)


@pytest.mark.parametrize("method,path,body", [
    ("PUT", f"{A}/companies/{WIDGET_SHOP}.json", {"swap_cookie_duration": 10 ** 30}),
    ("PUT", f"{A}/companies/{WIDGET_SHOP}.json", {"swap_cookie_duration": "six"}),
    ("PUT", f"{A}/companies/{WIDGET_SHOP}.json", {"callscore_enabled": {"yes": 1}}),
    ("PUT", f"{A}/companies/{WIDGET_SHOP}.json", {"time_zone": ["America/Denver"]}),
    ("POST", f"{A}/companies/bulk_update.json", {"company_ids": [None]}),
    ("POST", f"{A}/companies/bulk_update.json", {"company_ids": [{"id": 1}]}),
    ("POST", f"{A}/companies/bulk_update.json", {"company_ids": "all"}),
    ("POST", f"{A}/users.json", {"first_name": "a", "last_name": "b", "email": "ab@example.com",
                                 "role": "manager", "companies": [10 ** 30]}),
    ("POST", f"{A}/users.json", {"first_name": "a", "last_name": "b", "email": "ab@example.com",
                                 "role": "manager", "companies": "all"}),
    ("PUT", f"{A}/users/{KEVIN}.json", {"email": None}),
    ("PUT", f"{A}/users/{KEVIN}.json", {"first_name": 12}),
    ("PUT", f"{A}/tags/993186.json", {"disabled": [True]}),
    ("PUT", f"{A}/tags/993186.json", {"name": ""}),
])
def test_write_bodies_with_bad_values_are_400(callrail, method, path, body):
    error(callrail.api.request(method, path, json=body), 400)


@pytest.mark.parametrize("query", ["page=99999999999999999999999", "per_page=99999999999999999999",
                                   "page=-3", "sort=name&order=sideways", "fields=,,,", "search=%25%00",
                                   "status[]=active", "company_id=99999999999999999999999999",
                                   "time_zone=../../etc/passwd"])
def test_odd_query_strings_never_500(callrail, query):
    for path in ("companies", "users", "tags"):
        response = callrail.api.get(f"{A}/{path}.json?{query}")
        assert response.status_code in (200, 400), (path, query, response.text)
        assert response.headers["Content-Type"].startswith("application/json")


def test_paths_answer_with_and_without_json_suffix(callrail):
    assert ok(callrail.api.get(f"{A}/companies")) == ok(callrail.api.get(f"{A}/companies.json"))
    assert ok(callrail.api.get(f"{A}")) == ok(callrail.api.get(f"{A}.json"))


@pytest.mark.parametrize("ref", ["%C2%B2", "%D9%A3", "%C2%B9%C2%B2%C2%B3"])
def test_unicode_digits_in_ids_are_json_404s(callrail, ref):
    """"²".isdigit() is true but int("²") fails: such ids must be a miss, never a 500."""
    for path in (f"/v3/a/{ref}/calls.json", f"/v3/a/{callrail.account_id}/companies/{ref}.json",
                 f"/v3/a/{callrail.account_id}/calls/{ref}.json"):
        response = callrail.api.get(path)
        assert response.status_code == 404, (path, response.status_code, response.text)
        assert response.json()["error"]
