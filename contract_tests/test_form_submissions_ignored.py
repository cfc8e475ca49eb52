"""Ignoring form fields: future submissions drop them, stored submissions lose them."""
from __future__ import annotations

import pytest

from contract_tests.docs_seed import (
    BOBS_BURGERS,
    BOBS_BURGERS_NUMERIC,
    REPORTING_KEY,
    WIDGET_SHOP,
    WIDGET_SHOP_NUMERIC,
    A,
)

pytestmark = pytest.mark.callrail_seed("docs")
FORMS = f"{A}/form_submissions.json"
IGNORE = f"{A}/form_submissions/ignored_fields.json"


def submit(callrail, company_id, **form_data):
    response = callrail.api.post(FORMS, json={"form_submission": {
        "company_id": company_id, "referrer": "direct", "referring_url": "", "landing_page_url": "https://x.example/",
        "form_url": "https://x.example/contact",
        "form_data": form_data or {"name": "Sam Lee", "phone": "404-555-0177", "ssn": "123-45-6789"}}})
    assert response.status_code == 201, response.text
    return response.json()


def stored(callrail, submission_id):
    items = callrail.api.get(FORMS, params={"per_page": 250}).json()["form_submissions"]
    return next(f for f in items if f["id"] == submission_id)


def test_ignoring_fields_is_retroactive_and_applies_to_new_submissions(callrail):
    widget = submit(callrail, WIDGET_SHOP)
    bobs = submit(callrail, BOBS_BURGERS)
    response = callrail.api.post(IGNORE, json={"company_ids": [WIDGET_SHOP_NUMERIC], "field_names": ["ssn"]})
    assert response.status_code == 201
    assert response.json() == {"message": "Ingored form fields created"}
    assert stored(callrail, widget["id"])["form_data"] == {"name": "Sam Lee", "phone": "404-555-0177"}
    assert "ssn" in stored(callrail, bobs["id"])["form_data"]
    fresh = submit(callrail, WIDGET_SHOP)
    assert fresh["form_data"] == {"name": "Sam Lee", "phone": "404-555-0177"}
    assert "ssn" not in stored(callrail, fresh["id"])["form_data"]


def test_all_companies_and_string_ids(callrail):
    widget = submit(callrail, WIDGET_SHOP)
    bobs = submit(callrail, BOBS_BURGERS)
    assert callrail.api.post(IGNORE, json={"company_ids": ["all"], "field_names": ["ssn", "name"]}).status_code == 201
    for submission in (widget, bobs):
        assert stored(callrail, submission["id"])["form_data"] == {"phone": "404-555-0177"}
    callrail.api.post(IGNORE, json={"company_ids": [BOBS_BURGERS], "field_names": ["phone"]})
    assert stored(callrail, bobs["id"])["form_data"] == {}
    assert stored(callrail, widget["id"])["form_data"] == {"phone": "404-555-0177"}


def test_an_ignored_phone_field_no_longer_identifies_anyone(callrail):
    before = submit(callrail, WIDGET_SHOP)
    callrail.api.post(IGNORE, json={"company_ids": [WIDGET_SHOP], "field_names": ["phone"]})
    assert stored(callrail, before["id"])["customer_phone_number"] is None
    after = submit(callrail, WIDGET_SHOP, phone="404-555-0177", comment="hi")
    assert after["person_id"] == "anonymous"
    assert after["form_data"] == {"comment": "hi"}


@pytest.mark.parametrize("payload, parameter", [
    ({"field_names": ["ssn"]}, "company_ids"),
    ({"company_ids": [WIDGET_SHOP_NUMERIC]}, "field_names"),
    ({"company_ids": [], "field_names": ["ssn"]}, "company_ids"),
    ({"company_ids": [WIDGET_SHOP_NUMERIC], "field_names": []}, "field_names"),
    ({"company_ids": WIDGET_SHOP_NUMERIC, "field_names": ["ssn"]}, "company_ids"),
    ({"company_ids": [WIDGET_SHOP_NUMERIC], "field_names": "ssn"}, "field_names"),
    ({"company_ids": [WIDGET_SHOP_NUMERIC], "field_names": [7]}, "field_names"),
    ({"company_ids": [WIDGET_SHOP_NUMERIC, 999999999], "field_names": ["ssn"]}, "company_ids"),
])
def test_validation_stores_nothing(callrail, payload, parameter):
    existing = submit(callrail, WIDGET_SHOP)
    response = callrail.api.post(IGNORE, json=payload)
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter
    assert "ssn" in stored(callrail, existing["id"])["form_data"]
    assert "ssn" in submit(callrail, WIDGET_SHOP)["form_data"]


def test_reporting_users_cannot_ignore_fields(callrail):
    existing = submit(callrail, BOBS_BURGERS)
    response = callrail.api.with_key(REPORTING_KEY).post(
        IGNORE, json={"company_ids": [BOBS_BURGERS_NUMERIC], "field_names": ["ssn"]})
    assert response.status_code == 403
    assert "ssn" in stored(callrail, existing["id"])["form_data"]
