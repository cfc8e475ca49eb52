"""The shared collection engine over HTTP: offset pagination, sorting, filters, search and field
selection ("Offset Pagination", "Sorting", "Filtering", "Searching", "Field Selection")."""
import pytest

from docs_seed import (A, ACCOUNT, ACCOUNT_NUMERIC, ACTIVE_COMPANIES, BOBS_BURGERS, BOBS_BURGERS_NUMERIC,
                       DISABLED_COMPANIES, GRAND_SYMPHONY, OTHER_ACCOUNT, WIDGET_SHOP, error, names, ok)

pytestmark = pytest.mark.callrail_seed("docs")

USERS_BY_EMAIL = ["andy@example.com", "bob@example.com", "elliott@example.com", "kevin@example.com",
                  "linda@example.com", "teddy@example.com"]
USERS_BY_CREATION = ["kevin@example.com", "andy@example.com", "elliott@example.com", "teddy@example.com",
                     "bob@example.com", "linda@example.com"]
ALL_COMPANIES = sorted(ACTIVE_COMPANIES + DISABLED_COMPANIES)


def emails(response):
    return names(response, "users", "email")


# -- pagination

def test_pages_and_their_metadata(callrail):
    first = ok(callrail.api.get(f"{A}/users.json", params={"per_page": 4, "sort": "email"}))
    assert {k: first[k] for k in ("page", "per_page", "total_pages", "total_records")} == \
        {"page": 1, "per_page": 4, "total_pages": 2, "total_records": 6}
    second = ok(callrail.api.get(f"{A}/users.json", params={"per_page": 4, "page": 2, "sort": "email"}))
    assert second["page"] == 2 and second["total_pages"] == 2
    assert [u["email"] for u in first["users"] + second["users"]] == USERS_BY_EMAIL


def test_defaults_are_page_1_and_100_per_page(callrail):
    body = ok(callrail.api.get(f"{A}/users.json"))
    assert (body["page"], body["per_page"], body["total_pages"], body["total_records"]) == (1, 100, 1, 6)


@pytest.mark.parametrize("page", [3, 1000, 10 ** 15])
def test_a_page_past_the_end_is_empty_with_metadata(callrail, page):
    body = ok(callrail.api.get(f"{A}/users.json", params={"per_page": 4, "page": page}))
    assert body == {"page": page, "per_page": 4, "total_pages": 2, "total_records": 6, "users": []}


def test_per_page_maximum_is_250(callrail):
    assert ok(callrail.api.get(f"{A}/users.json", params={"per_page": 250}))["per_page"] == 250
    assert "250" in error(callrail.api.get(f"{A}/users.json", params={"per_page": 251}), 400, "per_page")["error"]


@pytest.mark.parametrize("name,value", [("per_page", "0"), ("per_page", "-5"), ("page", "0"), ("page", "-1"),
                                        ("page", "two"), ("page", "1.5"), ("per_page", "1e2"),
                                        ("per_page", "ten"), ("page", "0x10"), ("page", "99999999999999999999999")])
def test_out_of_range_and_non_integer_pages_are_400(callrail, name, value):
    for path in ("/v3/a.json", f"{A}/companies.json", f"{A}/users.json", f"{A}/tags.json"):
        response = callrail.api.get(path, params={name: value})
        if value == "99999999999999999999999" and name == "page":
            assert ok(response)["total_pages"] >= 1  # an absurd page is just past the end
        else:
            error(response, 400, name)


def test_total_pages_is_0_when_nothing_matches(callrail):
    body = ok(callrail.api.get(f"{A}/users.json", params={"search": "nobody-at-all"}))
    assert (body["total_pages"], body["total_records"], body["users"]) == (0, 0, [])


# -- sorting

@pytest.mark.parametrize("path,key,field,expected", [
    ("/v3/a.json", "accounts", "name", ["CallRail", "Last Mile Metrics"]),
    (f"{A}/companies.json", "companies", "name", ALL_COMPANIES),
    (f"{A}/users.json", "users", "email", USERS_BY_EMAIL),
    (f"{A}/tags.json", "tags", "name", ["Conversion", "Sales", "Unanswered"]),
])
def test_alphabetical_sorts_both_orders(callrail, path, key, field, expected):
    assert names(callrail.api.get(path, params={"sort": field}), key, field) == expected
    assert names(callrail.api.get(path, params={"sort": field, "order": "asc"}), key, field) == expected
    assert names(callrail.api.get(path, params={"sort": field, "order": "desc"}), key, field) == expected[::-1]


def test_users_created_at_sort_is_newest_first_unless_asked(callrail):
    newest_first = USERS_BY_CREATION[::-1]
    assert emails(callrail.api.get(f"{A}/users.json", params={"sort": "created_at"})) == newest_first
    assert emails(callrail.api.get(f"{A}/users.json", params={"sort": "created_at", "order": "desc"})) == newest_first
    assert emails(callrail.api.get(f"{A}/users.json", params={"sort": "created_at", "order": "asc"})) == \
        USERS_BY_CREATION


def test_sorting_spans_pages(callrail):
    pages = [emails(callrail.api.get(f"{A}/users.json", params={"sort": "email", "order": "desc",
                                                                 "per_page": 2, "page": n})) for n in (1, 2, 3)]
    assert sum(pages, []) == USERS_BY_EMAIL[::-1]


@pytest.mark.parametrize("path,bad_sort", [("/v3/a.json", "id"), (f"{A}/companies.json", "created_at"),
                                           (f"{A}/users.json", "first_name"), (f"{A}/tags.json", "status")])
def test_sorting_on_an_undeclared_field_is_400(callrail, path, bad_sort):
    error(callrail.api.get(path, params={"sort": bad_sort}), 400, "sort")


def test_order_needs_sort_and_asc_or_desc(callrail):
    error(callrail.api.get(f"{A}/users.json", params={"order": "desc"}), 400, "order")
    error(callrail.api.get(f"{A}/users.json", params={"sort": "email", "order": "up"}), 400, "order")


# -- filters

@pytest.mark.callrail_seed("demo")
def test_accounts_hipaa_filter(callrail):
    every = ok(callrail.api.get("/v3/a.json"))["accounts"]
    assert len(every) == 2
    hipaa = names(callrail.api.get("/v3/a.json", params={"hipaa_account": "true"}), "accounts", "hipaa_account")
    plain = names(callrail.api.get("/v3/a.json", params={"hipaa_account": "false"}), "accounts", "hipaa_account")
    assert hipaa == [True] and plain == [False]
    error(callrail.api.get("/v3/a.json", params={"hipaa_account": "maybe"}), 400, "hipaa_account")


def test_companies_status_filter(callrail):
    active = names(callrail.api.get(f"{A}/companies.json", params={"status": "active", "sort": "name"}), "companies")
    disabled = names(callrail.api.get(f"{A}/companies.json", params={"status": "disabled", "sort": "name"}),
                     "companies")
    assert active == sorted(ACTIVE_COMPANIES) and disabled == sorted(DISABLED_COMPANIES)
    error(callrail.api.get(f"{A}/companies.json", params={"status": "archived"}), 400, "status")


@pytest.mark.parametrize("ref", [BOBS_BURGERS, str(BOBS_BURGERS_NUMERIC)])
def test_users_company_filter(callrail, ref):
    # Administrators have access to every company; Linda and Teddy to Bob's Burgers only.
    assert emails(callrail.api.get(f"{A}/users.json", params={"company_id": ref, "sort": "email"})) == USERS_BY_EMAIL
    only_admins = emails(callrail.api.get(f"{A}/users.json", params={"company_id": WIDGET_SHOP, "sort": "email"}))
    assert only_admins == ["andy@example.com", "bob@example.com", "elliott@example.com", "kevin@example.com"]
    error(callrail.api.get(f"{A}/users.json", params={"company_id": "COMnope"}), 400, "company_id")


def test_tags_filters(callrail):
    account_tag = ok(callrail.api.post(f"{A}/tags.json", json={"name": "Everywhere", "tag_level": "account"}), 201)
    ok(callrail.api.put(f"{A}/tags/993186.json", json={"disabled": True}))

    def tag_names(**params):
        return names(callrail.api.get(f"{A}/tags.json", params={"sort": "name", **params}), "tags")

    assert tag_names(status="disabled") == ["Conversion"]
    assert tag_names(status="enabled") == ["Everywhere", "Sales", "Unanswered"]
    assert tag_names(tag_level="account") == [account_tag["name"]]
    assert tag_names(tag_level="company") == ["Conversion", "Sales", "Unanswered"]
    assert tag_names(company_id=GRAND_SYMPHONY) == ["Conversion", "Sales", "Unanswered"]
    ok(callrail.api.post(f"{A}/tags.json", json={"name": "Widgets", "company_id": WIDGET_SHOP}), 201)
    assert tag_names(company_id=WIDGET_SHOP, tag_level="company") == ["Widgets"]
    assert tag_names(company_id=GRAND_SYMPHONY, status="enabled") == ["Sales", "Unanswered"]
    error(callrail.api.get(f"{A}/tags.json", params={"tag_level": "account", "company_id": WIDGET_SHOP}), 400,
          "tag_level")
    error(callrail.api.get(f"{A}/tags.json", params={"status": "on"}), 400, "status")
    error(callrail.api.get(f"{A}/tags.json", params={"tag_level": "agency"}), 400, "tag_level")


# -- search

@pytest.mark.parametrize("term,expected", [
    ("belcher", ["bob@example.com", "linda@example.com"]),     # last_name, the doc's example
    ("BELCHER", ["bob@example.com", "linda@example.com"]),
    ("Teddy", ["teddy@example.com"]),                           # first_name
    ("kevin@", ["kevin@example.com"]),                          # email
    ("%", []), ("_", []),                                       # wildcards are literal
])
def test_users_search(callrail, term, expected):
    assert emails(callrail.api.get(f"{A}/users.json", params={"search": term, "sort": "email"})) == expected


def test_companies_search_by_name_combines_with_filters(callrail):
    assert names(callrail.api.get(f"{A}/companies.json", params={"search": "widget"}), "companies") == ["Widget Shop"]
    assert names(callrail.api.get(f"{A}/companies.json", params={"search": "o", "status": "disabled",
                                                                 "sort": "name"}), "companies") == \
        ["Falafel on a Waffle", "Jimmy Pesto's Pizzeria"]


# -- field selection

def test_accounts_numeric_id_field(callrail):
    default = ok(callrail.api.get(f"{A}.json"))
    assert list(default) == ["id", "name", "outbound_recording_enabled", "hipaa_account"]
    assert ok(callrail.api.get(f"{A}.json", params={"fields": "numeric_id"}))["numeric_id"] == ACCOUNT_NUMERIC
    listed = ok(callrail.api.get("/v3/a.json", params={"fields": "numeric_id"}))["accounts"]
    assert {a["id"]: a["numeric_id"] for a in listed}[ACCOUNT] == ACCOUNT_NUMERIC
    assert "numeric_id" not in ok(callrail.api.get("/v3/a.json"))["accounts"][0]
    # The account in the path may also be given by its numeric id.
    assert ok(callrail.api.get(f"/v3/a/{ACCOUNT_NUMERIC}.json"))["id"] == ACCOUNT


def test_companies_verified_caller_ids_field(callrail):
    one = ok(callrail.api.get(f"{A}/companies/{WIDGET_SHOP}.json", params={"fields": "verified_caller_ids"}))
    assert isinstance(one["verified_caller_ids"], list)
    listed = ok(callrail.api.get(f"{A}/companies.json", params={"fields": "verified_caller_ids"}))["companies"]
    assert all(isinstance(c["verified_caller_ids"], list) for c in listed)
    assert "verified_caller_ids" not in ok(callrail.api.get(f"{A}/companies/{WIDGET_SHOP}.json"))


@pytest.mark.parametrize("path", ["/v3/a.json", f"{A}.json", f"{A}/companies.json",
                                  f"{A}/companies/{WIDGET_SHOP}.json", f"{A}/users.json", f"{A}/tags.json"])
def test_unknown_fields_are_400(callrail, path):
    assert "bogus" in error(callrail.api.get(path, params={"fields": "id,bogus"}), 400, "fields")["error"]


def test_naming_default_fields_changes_nothing(callrail):
    assert ok(callrail.api.get(f"{A}/users.json", params={"fields": "email,name"})) == \
        ok(callrail.api.get(f"{A}/users.json"))


def test_an_unknown_time_zone_is_400_on_lists_and_single_objects(callrail):
    for path in (f"{A}/companies.json", f"{A}/users.json", f"{A}/tags.json", f"{A}.json",
                 f"{A}/companies/{WIDGET_SHOP}.json"):
        error(callrail.api.get(path, params={"time_zone": "Mars/Olympus"}), 400, "time_zone")


def test_other_account_lists_are_separate(callrail):
    assert names(callrail.api.get(f"/v3/a/{OTHER_ACCOUNT}/companies.json"), "companies") == ["Widget Shop 2"]
    assert emails(callrail.api.get(f"/v3/a/{OTHER_ACCOUNT}/users.json")) == ["gene@example.com"]
