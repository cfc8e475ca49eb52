"""Outbound caller IDs ("Outbound Caller IDs", doc 3957-4124) and the control route that completes
their verification. Docs seed: Widget Shop has the doc's caller IDs 10, 13 and 14."""
from __future__ import annotations

import re

import pytest

from docs_seed import (A, BOBS_BURGERS, MANAGER_KEY, OTHER_ACCOUNT, OTHER_ADMIN_KEY, REPORTING_KEY, WIDGET_SHOP,
                       WIDGET_SHOP_NUMERIC, error, ok, probe_hostile)

pytestmark = pytest.mark.callrail_seed("docs")

FIELDS = ["id", "phone_number", "name", "company_id", "verified", "created_at", "validation_code"]


def listing(api, company=WIDGET_SHOP, **params):
    return ok(api.get(f"{A}/caller_ids.json", params={"company_id": company, **params}))


def count(callrail, company=WIDGET_SHOP):
    return listing(callrail.api, company)["total_records"]


def new(callrail, api=None, **over):
    body = {"phone_number": "+14047704070", "name": "Widget Shop", "company_id": WIDGET_SHOP_NUMERIC, **over}
    return (api or callrail.api).post(f"{A}/caller_ids.json", json=body)


def verify(callrail, caller_id, body=None):
    return callrail.control.request("POST", f"/a/{callrail.account_id}/caller_ids/{caller_id}/verify", body or {})


def test_list_the_doc_caller_ids(callrail):
    page = listing(callrail.api)
    assert page["page"] == 1 and page["total_records"] == 3
    assert [c["id"] for c in page["caller_ids"]] == [10, 13, 14]
    bob = page["caller_ids"][1]
    assert list(bob) == FIELDS
    assert {k: bob[k] for k in ("id", "phone_number", "name", "company_id", "verified", "created_at")} == {
        "id": 13, "phone_number": "+14043334455", "name": "Bob's Cell", "company_id": WIDGET_SHOP,
        "verified": True, "created_at": "2016-08-26T13:29:00Z"}
    assert re.fullmatch(r"\d{6}", bob["validation_code"])
    assert listing(callrail.api, WIDGET_SHOP_NUMERIC)["total_records"] == 3
    paged = listing(callrail.api, per_page=2, page=2)
    assert paged["total_pages"] == 2 and [c["id"] for c in paged["caller_ids"]] == [14]


def test_list_requires_company_id(callrail):
    error(callrail.api.get(f"{A}/caller_ids.json"), 400, "company_id")
    error(callrail.api.get(f"{A}/caller_ids.json", params={"company_id": ""}), 400, "company_id")


def test_list_of_an_unknown_or_foreign_company_is_400(callrail):
    other = ok(callrail.api.get(f"/v3/a/{OTHER_ACCOUNT}/companies.json"))["companies"][0]["id"]
    error(callrail.api.get(f"{A}/caller_ids.json", params={"company_id": other}), 400, "company_id")


def test_show_a_caller_id(callrail):
    shown = ok(callrail.api.get(f"{A}/caller_ids/10.json"))
    assert shown["phone_number"] == "+17704445555" and shown["name"] == "Bob's Cell" and list(shown) == FIELDS


@pytest.mark.parametrize("caller_id", ["999999", "abc", "9" * 30])
def test_unknown_caller_id_is_404(callrail, caller_id):
    error(callrail.api.get(f"{A}/caller_ids/{caller_id}.json"), 404)
    error(callrail.api.delete(f"{A}/caller_ids/{caller_id}.json"), 404)


def test_another_accounts_caller_id_is_404(callrail):
    other = callrail.api.with_key(OTHER_ADMIN_KEY)
    company = ok(other.get(f"/v3/a/{OTHER_ACCOUNT}/companies.json"))["companies"][0]["id"]
    theirs = ok(other.get(f"/v3/a/{OTHER_ACCOUNT}/caller_ids.json", params={"company_id": company}))["caller_ids"][0]
    error(callrail.api.get(f"{A}/caller_ids/{theirs['id']}.json"), 404)
    error(callrail.api.delete(f"{A}/caller_ids/{theirs['id']}.json"), 404)
    assert ok(other.get(f"/v3/a/{OTHER_ACCOUNT}/caller_ids/{theirs['id']}.json")) == theirs


def test_create_a_caller_id(callrail):
    callrail.control.freeze("2026-01-18T16:43:30Z")
    response = new(callrail, phone_number="(904) 222-3344", name="Bob's Cell")
    made = ok(response, 201)
    assert list(made) == FIELDS
    assert made["phone_number"] == "+19042223344" and made["name"] == "Bob's Cell"
    assert made["company_id"] == WIDGET_SHOP and made["verified"] is False
    assert made["created_at"] == "2026-01-18T16:43:30.000Z"
    assert re.fullmatch(r"\d{6}", made["validation_code"])
    assert ok(callrail.api.get(f"{A}/caller_ids/{made['id']}.json")) == made
    assert count(callrail) == 4


@pytest.mark.parametrize("missing", ["phone_number", "name", "company_id"])
def test_required_fields(callrail, missing):
    body = {"phone_number": "+14047704070", "name": "Widget Shop", "company_id": WIDGET_SHOP}
    del body[missing]
    error(callrail.api.post(f"{A}/caller_ids.json", json=body), 400, missing)
    assert count(callrail) == 3


@pytest.mark.parametrize("over,parameter", [
    ({"phone_number": "12345"}, "phone_number"),
    ({"phone_number": "+442079460000"}, "phone_number"),
    ({"phone_number": None}, "phone_number"),
    ({"name": ""}, "name"),
    ({"name": 7}, "name"),
    ({"company_id": "COM00000000000000000000000000000000"}, "company_id"),
])
def test_invalid_values(callrail, over, parameter):
    error(new(callrail, **over), 400, parameter)
    assert count(callrail) == 3


def test_posting_an_unverified_number_again_restarts_verification(callrail):
    first = ok(new(callrail), 201)
    again = ok(new(callrail, phone_number="404-770-4070", name="Front Desk"), 201)
    assert again["id"] == first["id"] and again["name"] == "Front Desk"
    assert again["validation_code"] != first["validation_code"] and again["verified"] is False
    assert count(callrail) == 4


def test_a_verified_number_cannot_be_added_twice(callrail):
    error(new(callrail, phone_number="+14043334455"), 422, "phone_number")
    assert count(callrail) == 3


def test_delete_a_caller_id(callrail):
    response = callrail.api.delete(f"{A}/caller_ids/13.json")
    assert response.status_code == 204 and response.content == b""
    error(callrail.api.get(f"{A}/caller_ids/13.json"), 404)
    assert [c["id"] for c in listing(callrail.api)["caller_ids"]] == [10, 14]


def test_verification_through_the_control_plane(callrail):
    made = ok(new(callrail), 201)
    wrong = "000000" if made["validation_code"] != "000000" else "111111"
    response = verify(callrail, made["id"], {"validation_code": wrong})
    assert response.status_code == 400 and response.json()["parameter"] == "validation_code"
    assert ok(callrail.api.get(f"{A}/caller_ids/{made['id']}.json"))["verified"] is False
    answer = verify(callrail, made["id"], {"validation_code": made["validation_code"]})
    assert answer.status_code == 200 and answer.json()["verified"] is True and answer.json()["id"] == made["id"]
    assert ok(callrail.api.get(f"{A}/caller_ids/{made['id']}.json"))["verified"] is True
    company = ok(callrail.api.get(f"{A}/companies/{WIDGET_SHOP}.json", params={"fields": "verified_caller_ids"}))
    assert {"name": "Widget Shop", "phone_number": "+14047704070"} in company["verified_caller_ids"]


def test_verification_without_a_code(callrail):
    made = ok(new(callrail), 201)
    assert verify(callrail, made["id"]).json()["verified"] is True


def test_verifying_an_unknown_caller_id_is_404(callrail):
    assert verify(callrail, 999999).status_code == 404


def test_reporting_users_cannot_create_or_delete(callrail):
    api = callrail.api.with_key(REPORTING_KEY)
    assert listing(api, BOBS_BURGERS)["total_records"] >= 1
    forbidden = {"error": "You do not have permission to perform the requested action"}
    assert error(new(callrail, api, company_id=BOBS_BURGERS), 403) == forbidden
    theirs = listing(api, BOBS_BURGERS)["caller_ids"][0]["id"]
    assert error(api.delete(f"{A}/caller_ids/{theirs}.json"), 403) == forbidden
    assert count(callrail, BOBS_BURGERS) == listing(api, BOBS_BURGERS)["total_records"]
    assert ok(api.get(f"{A}/caller_ids/{theirs}.json"))["id"] == theirs


def test_managers_manage_caller_ids_of_their_companies_only(callrail):
    api = callrail.api.with_key(MANAGER_KEY)
    made = ok(new(callrail, api, company_id=BOBS_BURGERS), 201)
    assert made["company_id"] == BOBS_BURGERS
    assert api.delete(f"{A}/caller_ids/{made['id']}.json").status_code == 204
    error(new(callrail, api), 400, "company_id")
    error(api.get(f"{A}/caller_ids.json", params={"company_id": WIDGET_SHOP}), 400, "company_id")
    error(api.get(f"{A}/caller_ids/10.json"), 404)
    error(api.delete(f"{A}/caller_ids/10.json"), 404)
    assert count(callrail) == 3


def test_hostile_values_are_400s_naming_the_parameter(callrail):
    body = {"phone_number": "+14047704071", "name": "Front Desk", "company_id": WIDGET_SHOP}
    assert 400 in probe_hostile(callrail.api, "POST", "caller_ids.json", body)
