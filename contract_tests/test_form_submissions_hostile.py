"""Form submissions under hostile input: wrong types, huge numbers, nested objects, unicode, other
accounts' ids. Never a 5xx; every 400 names the parameter; nothing is stored or published."""
from __future__ import annotations

import pytest

from contract_tests.docs_seed import (
    ADMIN_KEY,
    OTHER_ACCOUNT,
    OTHER_ADMIN_KEY,
    WIDGET_SHOP,
    WIDGET_SHOP_2,
    A,
)

pytestmark = pytest.mark.callrail_seed("docs")
FORMS = f"{A}/form_submissions.json"
IGNORE = f"{A}/form_submissions/ignored_fields.json"
SUMMARY = f"{A}/forms/summary.json"
HOSTILE = [None, 10 ** 30, -1, 1.5, True, [], {}, {"a": {"b": [1]}}, ["x"]]
BODY = {"company_id": WIDGET_SHOP, "referrer": "direct", "referring_url": "", "landing_page_url": "https://x.example/",
        "form_url": "https://x.example/contact", "form_data": {"phone": "404-555-0177", "ssn": "123-45-6789"}}


@pytest.fixture(autouse=True)
def frozen(callrail):
    callrail.control.freeze("2026-03-10T15:00:00Z")


def stored(callrail) -> list[dict]:
    response = callrail.api.get(FORMS, params={"per_page": 250, "fields": "note,value,tags,lead_status"})
    assert response.status_code == 200, response.text
    return response.json()["form_submissions"]


def submit(callrail, **overrides) -> dict:
    response = callrail.api.post(FORMS, json={**BODY, **overrides})
    assert response.status_code == 201, response.text
    return response.json()


def assert_400(response, parameter):
    assert response.status_code == 400, (parameter, response.status_code, response.text)
    assert response.json()["parameter"] == parameter, response.text


@pytest.mark.parametrize("field", list(BODY))
def test_create_rejects_wrong_types_for_every_field(callrail, field):
    before = stored(callrail)
    for value in HOSTILE:
        if field == "form_data" and isinstance(value, dict) and value:
            continue  # a non-empty object is a valid form_data
        assert_400(callrail.api.post(FORMS, json={**BODY, field: value}), field)
        assert_400(callrail.api.post(FORMS, json={"form_submission": {**BODY, field: value}}), field)
    assert stored(callrail) == before
    assert callrail.control.get("/events", name="form_captured")["events"] == []


def test_create_for_another_accounts_company_is_a_400(callrail):
    assert_400(callrail.api.post(FORMS, json={**BODY, "company_id": WIDGET_SHOP_2}), "company_id")
    assert stored(callrail) == []


def test_odd_form_data_is_stored_as_sent(callrail):
    form_data = {"naïve": "Zoë 😀", "big": 10 ** 30, "nested": {"phone": "404-555-0199"}, "flag": True,
                 "empty": None, "list": [1, "two"]}
    created = submit(callrail, form_data=form_data)
    assert created["form_data"] == form_data
    assert created["person_id"] == "anonymous"  # a phone inside a nested object is not a form value
    assert stored(callrail)[0]["form_data"] == form_data


def test_other_accounts_cannot_reach_a_submission(callrail):
    created = submit(callrail)
    # Kevin is a member of both accounts: the submission belongs to the one in the path only.
    other_path = callrail.api.put(f"/v3/a/{OTHER_ACCOUNT}/form_submissions/{created['id']}.json", json={"note": "x"})
    assert other_path.status_code == 404
    stranger = callrail.api.with_key(OTHER_ADMIN_KEY).put(f"{A}/form_submissions/{created['id']}.json",
                                                         json={"note": "x"})
    assert stranger.status_code == 404
    assert callrail.api.with_key(ADMIN_KEY).get(f"/v3/a/{OTHER_ACCOUNT}/form_submissions.json").json()[
        "total_records"] == 0
    assert stored(callrail)[0]["note"] is None


@pytest.mark.parametrize("field, values", [
    ("note", [10 ** 30, True, [], {"a": 1}]),
    ("value", [10 ** 30, -1, True, [], {"a": 1}, "1e400", "$", "ten", "Infinity"]),
    ("lead_status", [10 ** 30, True, [], {"a": 1}, "GOOD_LEAD", "previously_marked_good_lead"]),
    ("tags", ["Hot", 10 ** 30, {"a": 1}, [None], [{"a": 1}], [10 ** 30], [""]]),
    ("append_tags", [None, "maybe", [], {"a": 1}, 10 ** 30]),
])
def test_update_rejects_wrong_types_and_changes_nothing(callrail, field, values):
    created = submit(callrail)
    callrail.api.put(f"{A}/form_submissions/{created['id']}.json", json={"note": "before", "tags": ["Keep"]})
    before = stored(callrail)
    for value in values:
        response = callrail.api.put(f"{A}/form_submissions/{created['id']}.json",
                                    json={field: value, **({"note": "after"} if field != "note" else {})})
        assert_400(response, field)
    assert stored(callrail) == before


def test_whitespace_note_and_value_clear_them(callrail):
    created = submit(callrail)
    url = f"{A}/form_submissions/{created['id']}.json"
    assert callrail.api.put(url, json={"note": "n", "value": "$2,500.75"}).status_code == 200
    assert (stored(callrail)[0]["note"], stored(callrail)[0]["value"]) == ("n", 2500.75)
    assert callrail.api.put(url, json={"note": "   ", "value": "  "}).status_code == 200
    assert (stored(callrail)[0]["note"], stored(callrail)[0]["value"]) == (None, None)


def test_unicode_tags_and_notes_round_trip(callrail):
    created = submit(callrail)
    response = callrail.api.put(f"{A}/form_submissions/{created['id']}.json",
                                json={"note": "Rückruf 😀", "tags": ["Größe", "日本"]})
    assert response.status_code == 200
    item = stored(callrail)[0]
    assert (item["note"], item["tags"]) == ("Rückruf 😀", ["Größe", "日本"])


@pytest.mark.parametrize("payload, parameter", [
    ({"company_ids": [WIDGET_SHOP_2], "field_names": ["ssn"]}, "company_ids"),
    ({"company_ids": [WIDGET_SHOP, WIDGET_SHOP_2], "field_names": ["ssn"]}, "company_ids"),
    ({"company_ids": [["all"]], "field_names": ["ssn"]}, "company_ids"),
    ({"company_ids": ["all", WIDGET_SHOP], "field_names": ["ssn"]}, "company_ids"),
    ({"company_ids": [10 ** 30], "field_names": ["ssn"]}, "company_ids"),
    ({"company_ids": [True], "field_names": ["ssn"]}, "company_ids"),
    ({"company_ids": [{"id": WIDGET_SHOP}], "field_names": ["ssn"]}, "company_ids"),
    ({"company_ids": "all", "field_names": ["ssn"]}, "company_ids"),
    ({"company_ids": [WIDGET_SHOP], "field_names": [{"a": 1}]}, "field_names"),
    ({"company_ids": [WIDGET_SHOP], "field_names": [None]}, "field_names"),
    ({"company_ids": [WIDGET_SHOP], "field_names": ["ssn", 10 ** 30]}, "field_names"),
    ({"company_ids": [WIDGET_SHOP], "field_names": None}, "field_names"),
])
def test_ignored_fields_rejects_hostile_bodies(callrail, payload, parameter):
    submit(callrail)
    assert_400(callrail.api.post(IGNORE, json=payload), parameter)
    assert "ssn" in stored(callrail)[0]["form_data"]
    assert "ssn" in submit(callrail)["form_data"]


def test_ignoring_a_unicode_field_name(callrail):
    submit(callrail, form_data={"phone": "404-555-0177", "Straße": "x"})
    assert callrail.api.post(IGNORE, json={"company_ids": ["all"], "field_names": ["Straße"]}).status_code == 201
    assert stored(callrail)[0]["form_data"] == {"phone": "404-555-0177"}


@pytest.mark.parametrize("params, parameter", [
    ({"sort": "form_data"}, "sort"), ({"order": "sideways"}, "order"), ({"lead_status": "hot"}, "lead_status"),
    ({"person_lead": "maybe"}, "person_lead"), ({"fields": "form_name,ssn"}, "fields"),
    ({"company_id": WIDGET_SHOP_2}, "company_id"), ({"company_id": "😀"}, "company_id"),
    ({"per_page": 10 ** 30}, "per_page"), ({"page": "x"}, "page"), ({"start_date": "yesterday-ish"}, "start_date"),
])
def test_listing_rejects_bad_parameters(callrail, params, parameter):
    assert_400(callrail.api.get(FORMS, params=params), parameter)


@pytest.mark.parametrize("params, parameter", [
    ({"group_by": "😀"}, "group_by"), ({"fields": "total_forms,total_calls"}, "fields"),
    ({"company_id": WIDGET_SHOP_2}, "company_id"), ({"lead_status": "previously_marked_good_lead"}, "lead_status"),
    ({"time_zone": "Mars/Olympus"}, "time_zone"), ({"date_range": "forever"}, "date_range"),
])
def test_summary_rejects_bad_parameters(callrail, params, parameter):
    assert_400(callrail.api.get(SUMMARY, params=params), parameter)


def test_summary_with_unmatched_filters_counts_nothing(callrail):
    submit(callrail)
    for params in ({"form_URL": "https://x.example/contäct"}, {"tags": "Größe"},
                   {"custom_form_ids": "FOR" + "0" * 32 + ",x" * 200}):
        response = callrail.api.get(SUMMARY, params={**params, "fields": "total_forms,first_forms,leads"})
        assert response.status_code == 200, response.text
        assert response.json()["total_results"] == {"total_forms": 0, "first_forms": 0, "leads": 0}
    assert callrail.api.get(SUMMARY).json()["total_results"] == {"total_forms": 1}
