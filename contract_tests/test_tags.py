"""Tags (doc lines 1811-2070): list, create, update, delete, levels, colours and roles."""
import pytest

from docs_seed import (A, BOBS_BURGERS, CONVERSION_TAG, FORBIDDEN, GRAND_SYMPHONY,
                       MANAGER_KEY, WIDGET_SHOP, WIDGET_SHOP_NUMERIC, error, names, ok)

pytestmark = pytest.mark.callrail_seed("docs")

COLORS = ["gray1", "gray2", "blue1", "blue2", "cyan1", "cyan2", "purple1", "purple2", "pink1", "pink2", "pink3",
          "pink4", "red1", "red2", "orange1", "orange2", "orange3", "orange4", "yellow1", "yellow2", "green1",
          "green2", "green3", "green4"]


def tags(callrail, api=None, **params):
    return {t["id"]: t for t in ok((api or callrail.api).get(f"{A}/tags.json", params={"per_page": 250, **params}))["tags"]}


def test_the_docs_example_tags(callrail):
    listed = ok(callrail.api.get(f"{A}/tags.json"))
    assert {k: listed[k] for k in ("page", "per_page", "total_pages", "total_records")} == \
        {"page": 1, "per_page": 100, "total_pages": 1, "total_records": 3}
    assert listed["tags"][0] == {
        "id": 993186, "name": "Conversion", "tag_level": "company", "color": "gray1", "background_color": "green2",
        "company_id": GRAND_SYMPHONY, "status": "enabled", "created_at": "2017-07-24T11:13:47.366-04:00"}
    assert [(t["name"], t["background_color"], t["created_at"]) for t in listed["tags"][1:]] == [
        ("Sales", "blue2", "2019-04-05T13:38:36.258-04:00"), ("Unanswered", "yellow1", "2020-10-16T16:07:35.554-04:00")]


def test_created_at_follows_the_time_zone_parameter(callrail):
    def conversion(**params):
        return tags(callrail, **params)[CONVERSION_TAG]["created_at"]

    assert conversion() == conversion(time_zone="user") == "2017-07-24T11:13:47.366-04:00"
    assert conversion(time_zone="America/Los_Angeles") == "2017-07-24T08:13:47.366-07:00"
    assert conversion(time_zone="Asia/Kolkata") == "2017-07-24T20:43:47.366+05:30"
    error(callrail.api.get(f"{A}/tags.json", params={"time_zone": "Pacific Time"}), 400, "time_zone")


def test_create_the_docs_example(callrail):
    callrail.control.freeze("2014-06-06T16:11:02.964Z")
    created = ok(callrail.api.post(f"{A}/tags.json", json={"name": "Existing Customer",
                                                           "company_id": WIDGET_SHOP, "color": "gray1"}), 201)
    assert isinstance(created["id"], int)
    assert {k: v for k, v in created.items() if k != "id"} == {
        "name": "Existing Customer", "tag_level": "company", "color": "gray1", "background_color": "gray1",
        "company_id": WIDGET_SHOP, "status": "enabled", "created_at": "2014-06-06T12:11:02.964-04:00"}
    assert tags(callrail)[created["id"]] == created


@pytest.mark.parametrize("color", COLORS)
def test_color_sets_both_colours(callrail, color):
    created = ok(callrail.api.post(f"{A}/tags.json", json={"name": color, "company_id": WIDGET_SHOP_NUMERIC,
                                                           "color": color}), 201)
    assert (created["color"], created["background_color"], created["company_id"]) == (color, color, WIDGET_SHOP)
    updated = ok(callrail.api.put(f"{A}/tags/{CONVERSION_TAG}.json", json={"color": color}))
    assert (updated["color"], updated["background_color"]) == (color, color)


def test_default_colour_and_account_level(callrail):
    created = ok(callrail.api.post(f"{A}/tags.json", json={"name": "VIP", "tag_level": "account"}), 201)
    assert (created["tag_level"], created["company_id"], created["color"]) == ("account", None, "gray1")
    # The same name may exist at each level and in each company.
    ok(callrail.api.post(f"{A}/tags.json", json={"name": "VIP", "company_id": WIDGET_SHOP}), 201)
    ok(callrail.api.post(f"{A}/tags.json", json={"name": "VIP", "company_id": BOBS_BURGERS}), 201)
    error(callrail.api.post(f"{A}/tags.json", json={"name": "VIP", "tag_level": "account"}), 422, "name")


@pytest.mark.parametrize("body,parameter", [
    ({"company_id": WIDGET_SHOP}, "name"), ({"name": "", "company_id": WIDGET_SHOP}, "name"),
    ({"name": "No company"}, "company_id"), ({"name": "No company", "tag_level": "company"}, "company_id"),
    ({"name": "Both", "tag_level": "account", "company_id": WIDGET_SHOP}, "company_id"),
    ({"name": "Bad level", "tag_level": "agency", "company_id": WIDGET_SHOP}, "tag_level"),
    ({"name": "Bad colour", "company_id": WIDGET_SHOP, "color": "black"}, "color"),
    ({"name": "Bad colour", "company_id": WIDGET_SHOP, "color": "#464646"}, "color"),
    ({"name": "Unknown company", "company_id": "COMnope"}, "company_id")])
def test_create_validation_stores_nothing(callrail, body, parameter):
    before = tags(callrail)
    error(callrail.api.post(f"{A}/tags.json", json=body), 400, parameter)
    assert tags(callrail) == before


def test_update_name_and_disabled(callrail):
    renamed = ok(callrail.api.put(f"{A}/tags/{CONVERSION_TAG}.json", json={"name": "Converted"}))
    assert renamed["name"] == "Converted" and renamed["background_color"] == "green2"
    for value, status in ((True, "disabled"), (False, "enabled"), ("true", "disabled"), ("false", "enabled")):
        assert ok(callrail.api.put(f"{A}/tags/{CONVERSION_TAG}.json", json={"disabled": value}))["status"] == status
    assert tags(callrail)[CONVERSION_TAG]["name"] == "Converted"


@pytest.mark.parametrize("body,parameter,status", [
    ({"disabled": "maybe"}, "disabled", 400), ({"color": "teal"}, "color", 400), ({"name": ""}, "name", 400),
    ({"name": "Sales"}, "name", 422)])
def test_update_validation_stores_nothing(callrail, body, parameter, status):
    before = tags(callrail)
    error(callrail.api.put(f"{A}/tags/{CONVERSION_TAG}.json", json={"color": "red1", **body}), status, parameter)
    assert tags(callrail) == before


def test_delete(callrail):
    assert callrail.api.delete(f"{A}/tags/{CONVERSION_TAG}.json").status_code == 204
    assert CONVERSION_TAG not in tags(callrail)
    error(callrail.api.delete(f"{A}/tags/{CONVERSION_TAG}.json"), 404)


def test_delete_removes_the_tag_from_tagged_records(callrail):
    if callrail.state is None:
        pytest.skip("looks into the in-process server's database")
    with callrail.state.db.transaction() as conn:
        conn.execute("INSERT INTO taggings(tag_id, record_type, record_id) VALUES (?, 'call', 'CALx')",
                     (CONVERSION_TAG,))
    assert callrail.api.delete(f"{A}/tags/{CONVERSION_TAG}.json").status_code == 204
    count = callrail.state.db.conn().execute("SELECT COUNT(*) FROM taggings WHERE tag_id=?", (CONVERSION_TAG,))
    assert count.fetchone()[0] == 0


def test_managers_manage_their_companies_tags_only(callrail):
    linda = callrail.api.with_key(MANAGER_KEY)
    created = ok(linda.post(f"{A}/tags.json", json={"name": "Burgers", "company_id": BOBS_BURGERS}), 201)
    assert ok(linda.put(f"{A}/tags/{created['id']}.json", json={"color": "red2"}))["background_color"] == "red2"
    error(linda.post(f"{A}/tags.json", json={"name": "Widgets", "company_id": WIDGET_SHOP}), 400, "company_id")
    account_tag = ok(callrail.api.post(f"{A}/tags.json", json={"name": "All", "tag_level": "account"}), 201)
    for response in (linda.post(f"{A}/tags.json", json={"name": "Mine", "tag_level": "account"}),
                     linda.put(f"{A}/tags/{account_tag['id']}.json", json={"name": "Renamed"}),
                     linda.delete(f"{A}/tags/{account_tag['id']}.json")):
        assert response.status_code == 403 and response.json() == FORBIDDEN
    assert linda.delete(f"{A}/tags/{created['id']}.json").status_code == 204
    assert sorted(t["name"] for t in tags(callrail, linda).values()) == ["All"]
    assert names(callrail.api.get(f"{A}/tags.json", params={"tag_level": "account"}), "tags") == ["All"]
