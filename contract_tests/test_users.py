"""Users (doc lines 5901-6260): list, show, create, update, delete and the role rules."""
import pytest

from docs_seed import (A, ANDY, BOBS_BURGERS, BOBS_BURGERS_NUMERIC, FORBIDDEN, GRAND_SYMPHONY, KEVIN, LINDA,
                       MANAGER_KEY, REPORTING_KEY, TEDDY, WIDGET_SHOP, WIDGET_SHOP_NUMERIC, error, ok)

pytestmark = pytest.mark.callrail_seed("docs")

NEW_USER = {"first_name": "Bob", "last_name": "Belcher", "email": "bob.b@example.com", "role": "reporting",
            "companies": [WIDGET_SHOP_NUMERIC, BOBS_BURGERS_NUMERIC]}


def user(callrail, ref, api=None):
    return ok((api or callrail.api).get(f"{A}/users/{ref}.json"))


def test_the_docs_kevin_mann(callrail):
    kevin = user(callrail, KEVIN)
    assert {k: kevin[k] for k in ("email", "id", "role", "first_name", "last_name", "name")} == {
        "email": "kevin@example.com", "id": KEVIN, "role": "admin", "first_name": "Kevin", "last_name": "Mann",
        "name": "Kevin Mann"}
    assert kevin["created_at"] == "2011-04-06T20:38:27.505Z"   # UTC, as the field table says
    assert {"id": WIDGET_SHOP, "name": "Widget Shop"} in kevin["companies"]
    assert len(kevin["companies"]) == 6   # administrators reach every company


def test_list_fields_and_company_access(callrail):
    listed = {u["id"]: u for u in ok(callrail.api.get(f"{A}/users.json"))["users"]}
    assert list(listed[KEVIN]) == ["email", "id", "created_at", "role", "first_name", "last_name", "name",
                                   "accepted", "companies"]
    assert listed[LINDA]["companies"] == [{"id": BOBS_BURGERS, "name": "Bob's Burgers"}]
    assert listed[LINDA]["role"] == "manager" and listed[TEDDY]["role"] == "reporting"
    assert all(u["accepted"] is True for u in listed.values())


def test_create_the_docs_example(callrail):
    callrail.control.freeze("2017-01-13T18:01:17.320Z")
    response = callrail.api.post(f"{A}/users.json", json=NEW_USER)
    created = ok(response, 200)   # "When successful, the HTTP response code will indicate 200 OK"
    assert created["name"] == "Bob Belcher" and created["role"] == "reporting"
    assert created["created_at"] == "2017-01-13T18:01:17.320Z"
    assert [c["id"] for c in created["companies"]] == [WIDGET_SHOP, BOBS_BURGERS]
    assert created["accepted"] is False   # invited: they have not set a password yet
    assert user(callrail, created["id"]) == created


def test_create_an_admin_needs_no_companies(callrail):
    created = ok(callrail.api.post(f"{A}/users.json", json={**NEW_USER, "role": "admin", "companies": None}))
    assert len(created["companies"]) == 6


@pytest.mark.parametrize("change,parameter", [
    ({"first_name": None}, "first_name"), ({"last_name": ""}, "last_name"), ({"email": "not-an-email"}, "email"),
    ({"role": "owner"}, "role"), ({"role": None}, "role"), ({"companies": []}, "companies"),
    ({"companies": ["COMnope"]}, "companies"), ({"companies": "all"}, "companies")])
def test_create_validation_stores_nothing(callrail, change, parameter):
    error(callrail.api.post(f"{A}/users.json", json={**NEW_USER, **change}), 400, parameter)
    assert "bob.b@example.com" not in [u["email"] for u in ok(callrail.api.get(f"{A}/users.json"))["users"]]


def test_create_with_a_taken_email_is_422(callrail):
    error(callrail.api.post(f"{A}/users.json", json={**NEW_USER, "email": "teddy@example.com"}), 422, "email")


def test_own_name_and_email(callrail):
    changed = ok(callrail.api.put(f"{A}/users/{KEVIN}.json", json={
        "first_name": "Gene", "email": "gene.mann@example.com", "current_password": "password1234"}))
    assert (changed["first_name"], changed["name"], changed["email"]) == ("Gene", "Gene Mann", "gene.mann@example.com")
    assert user(callrail, KEVIN) == changed


def test_changing_the_email_needs_the_current_password(callrail):
    error(callrail.api.put(f"{A}/users/{KEVIN}.json", json={"email": "k2@example.com"}), 400, "current_password")
    error(callrail.api.put(f"{A}/users/{KEVIN}.json", json={"email": "andy@example.com",
                                                          "current_password": "x"}), 422, "email")
    assert user(callrail, KEVIN)["email"] == "kevin@example.com"


@pytest.mark.parametrize("body", [{"password": "new-secret"}, {"password_confirmation": "x"},
                                  {"first_name": "Kev", "password": "new-secret", "current_password": "old"}])
def test_passwords_cannot_be_managed(callrail, body):
    error(callrail.api.put(f"{A}/users/{KEVIN}.json", json=body), 400, "password")
    assert user(callrail, KEVIN)["first_name"] == "Kevin"


@pytest.mark.parametrize("body", [{"first_name": "Andrew"}, {"last_name": "P"},
                                  {"email": "andrew@example.com", "current_password": "x"}])
def test_admins_cannot_change_other_users_names_or_email(callrail, body):
    response = callrail.api.put(f"{A}/users/{ANDY}.json", json=body)
    assert response.status_code == 403 and response.json() == FORBIDDEN
    assert user(callrail, ANDY)["name"] == "Andy Powell"


def test_admins_manage_other_users_companies(callrail):
    changed = ok(callrail.api.put(f"{A}/users/{LINDA}.json", json={"companies": [GRAND_SYMPHONY, WIDGET_SHOP]}))
    assert sorted(c["id"] for c in changed["companies"]) == sorted([GRAND_SYMPHONY, WIDGET_SHOP])
    linda = callrail.api.with_key(MANAGER_KEY)
    assert sorted(c["name"] for c in ok(linda.get(f"{A}/companies.json"))["companies"]) == \
        ["Grand Symphony Resort", "Widget Shop"]
    error(callrail.api.put(f"{A}/users/{LINDA}.json", json={"companies": ["COMnope"]}), 400, "companies")


def test_administrators_company_access_is_not_managed(callrail):
    error(callrail.api.put(f"{A}/users/{ANDY}.json", json={"companies": [WIDGET_SHOP]}), 400, "companies")


@pytest.mark.parametrize("key,me", [(MANAGER_KEY, LINDA), (REPORTING_KEY, TEDDY)])
def test_managers_and_reporting_users_update_only_their_own_profile(callrail, key, me):
    api = callrail.api.with_key(key)
    assert ok(api.put(f"{A}/users/{me}.json", json={"last_name": "Updated"}))["last_name"] == "Updated"
    assert api.put(f"{A}/users/{me}.json", json={"companies": [WIDGET_SHOP]}).json() == FORBIDDEN
    for other in (KEVIN, LINDA if me == TEDDY else TEDDY):
        response = api.put(f"{A}/users/{other}.json", json={"first_name": "Hacked"})
        assert response.status_code == 403 and response.json() == FORBIDDEN
    assert user(callrail, KEVIN)["first_name"] == "Kevin"


def test_users_who_have_not_accepted_cannot_be_updated(callrail):
    invited = ok(callrail.api.post(f"{A}/users.json", json=NEW_USER))
    error(callrail.api.put(f"{A}/users/{invited['id']}.json", json={"companies": [WIDGET_SHOP]}), 422)
    assert len(user(callrail, invited["id"])["companies"]) == 2


def test_delete_removes_the_user_and_its_keys(callrail):
    assert callrail.api.delete(f"{A}/users/{TEDDY}.json").status_code == 204
    error(callrail.api.get(f"{A}/users/{TEDDY}.json"), 404)
    error(callrail.api.with_key(REPORTING_KEY).get("/v3/a.json"), 401)
    assert TEDDY not in [u["id"] for u in ok(callrail.api.get(f"{A}/users.json"))["users"]]
    error(callrail.api.delete(f"{A}/users/{TEDDY}.json"), 404)


def test_an_admin_cannot_delete_itself(callrail):
    error(callrail.api.delete(f"{A}/users/{KEVIN}.json"), 422)
    assert user(callrail, KEVIN)["id"] == KEVIN
