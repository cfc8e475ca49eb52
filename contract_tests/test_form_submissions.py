"""Form submissions: creating (both body forms, people, first_form), validation, listing
(sorts, filters, field selection) and updating (tags, note, value, lead status)."""
from __future__ import annotations

import pytest

from contract_tests.docs_seed import (
    BOBS_BURGERS,
    MANAGER_KEY,
    REPORTING_KEY,
    WIDGET_SHOP,
    WIDGET_SHOP_NUMERIC,
    A,
)

pytestmark = pytest.mark.callrail_seed("docs")
FORMS = f"{A}/form_submissions.json"
NOW = "2026-03-10T15:00:00Z"
CREATE_KEYS = ["id", "company_id", "person_id", "form_data", "form_url", "landing_page_url", "referrer",
               "referring_url", "submitted_at", "first_form"]


def body(**overrides) -> dict:
    data = {"company_id": WIDGET_SHOP, "referrer": "google_paid", "referring_url": "https://www.google.com/",
            "landing_page_url": "https://shop.example.com/?utm_source=google&utm_medium=cpc&utm_campaign=spring"
                                "&keywords=blue+widgets&gclid=abc",
            "form_url": "https://shop.example.com/contact",
            "form_data": {"name": "JANE DOE", "email": "jane@example.com", "phone": "(404) 555-0123",
                          "message": "Call me"}}
    data.update(overrides)
    return data


def submit(callrail, nested=True, **overrides):
    data = body(**overrides)
    response = callrail.api.post(FORMS, json={"form_submission": data} if nested else data)
    assert response.status_code == 201, response.text
    return response.json()


def listing(callrail, **params):
    response = callrail.api.get(FORMS, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def count(callrail) -> int:
    return listing(callrail)["total_records"]


@pytest.fixture(autouse=True)
def frozen(callrail):
    callrail.control.freeze(NOW)


def test_create_nested_returns_201_with_the_documented_fields(callrail):
    created = submit(callrail)
    assert list(created) == CREATE_KEYS
    assert created["id"].startswith("FOR") and len(created["id"]) == 35
    assert created["company_id"] == WIDGET_SHOP
    assert created["person_id"].startswith("PER")
    assert created["submitted_at"] == "2026-03-10T15:00:00.000Z"
    assert created["first_form"] is True
    assert created["form_data"]["message"] == "Call me"


def test_create_flat_body_and_numeric_company_id(callrail):
    created = submit(callrail, nested=False, company_id=WIDGET_SHOP_NUMERIC)
    assert created["company_id"] == WIDGET_SHOP


def test_listing_derives_customer_and_attribution_fields(callrail):
    created = submit(callrail)
    item = listing(callrail)["form_submissions"][0]
    assert item["id"] == created["id"]
    assert item["customer_phone_number"] == "+14045550123"
    assert item["formatted_customer_phone_number"] == "404-555-0123"
    assert item["customer_name"] == "JANE DOE"
    assert item["formatted_customer_name"] == "Jane Doe"
    assert item["customer_email"] == "jane@example.com"
    assert (item["source"], item["medium"], item["campaign"], item["keywords"]) == \
        ("Google Ads", "CPC", "spring", "blue widgets")
    assert "lead_status" not in item and "milestones" not in item


@pytest.mark.parametrize("phone", ["404-555-0123", "404.555.0123", "+1 404 555 0123", "14045550123",
                                   "4045550123"])
def test_any_us_format_finds_the_same_person(callrail, phone):
    first = submit(callrail)
    second = submit(callrail, form_data={"phone_number": phone, "note": "again"})
    assert second["person_id"] == first["person_id"]
    assert second["first_form"] is False
    item = next(f for f in listing(callrail)["form_submissions"] if f["id"] == second["id"])
    assert item["customer_phone_number"] == "+14045550123"


def test_first_form_is_per_company(callrail):
    submit(callrail)
    other = submit(callrail, company_id=BOBS_BURGERS)
    assert other["first_form"] is True


def test_without_phone_or_email_the_submission_is_anonymous(callrail):
    created = submit(callrail, form_data={"comment": "Nice shop"})
    assert created["person_id"] == "anonymous"
    assert created["first_form"] is False
    ids = [f["id"] for f in listing(callrail, person_lead="true")["form_submissions"]]
    assert created["id"] not in ids
    assert created["id"] in [f["id"] for f in listing(callrail, person_lead="false")["form_submissions"]]


def test_email_alone_identifies_the_person(callrail):
    first = submit(callrail, form_data={"email": "solo@example.com"})
    second = submit(callrail, form_data={"your_email": "solo@example.com", "x": "y"})
    assert first["person_id"].startswith("PER") and second["person_id"] == first["person_id"]


@pytest.mark.parametrize("field", ["company_id", "referrer", "referring_url", "landing_page_url", "form_url",
                                   "form_data"])
@pytest.mark.parametrize("nested", [True, False])
def test_each_required_field(callrail, field, nested):
    data = body()
    del data[field]
    response = callrail.api.post(FORMS, json={"form_submission": data} if nested else data)
    assert response.status_code == 400
    assert response.json()["parameter"] == field
    assert count(callrail) == 0


@pytest.mark.parametrize("field, value", [("company_id", "COM00000000000000000000000000000000"),
                                          ("company_id", None), ("form_data", "text"), ("form_data", {}),
                                          ("form_url", ""), ("referrer", 12), ("form_data", ["a"])])
def test_invalid_values(callrail, field, value):
    response = callrail.api.post(FORMS, json=body(**{field: value}))
    assert response.status_code == 400
    assert response.json()["parameter"] == field
    assert count(callrail) == 0


def test_form_submission_must_be_an_object(callrail):
    response = callrail.api.post(FORMS, json={"form_submission": "x"})
    assert response.status_code == 400 and response.json()["parameter"] == "form_submission"


def test_reporting_user_cannot_create_and_manager_only_in_own_companies(callrail):
    reporting = callrail.api.with_key(REPORTING_KEY)
    assert reporting.post(FORMS, json=body(company_id=BOBS_BURGERS)).status_code == 403
    manager = callrail.api.with_key(MANAGER_KEY)
    response = manager.post(FORMS, json=body(company_id=WIDGET_SHOP))
    assert response.status_code == 400 and response.json()["parameter"] == "company_id"
    assert manager.post(FORMS, json=body(company_id=BOBS_BURGERS)).status_code == 201
    assert count(callrail) == 1


def test_manager_sees_only_own_companies(callrail):
    submit(callrail)
    mine = submit(callrail, company_id=BOBS_BURGERS)
    manager = callrail.api.with_key(MANAGER_KEY)
    seen = manager.get(FORMS).json()["form_submissions"]
    assert [f["id"] for f in seen] == [mine["id"]]
    hidden = listing(callrail)["form_submissions"][-1]["id"]
    assert manager.put(f"{A}/form_submissions/{hidden}.json", json={"note": "x"}).status_code == 404


# -- listing

def test_sorting(callrail):
    a = submit(callrail, form_url="https://b.example.com/form")
    callrail.control.advance(60)
    b = submit(callrail, form_url="https://a.example.com/form")
    assert [f["id"] for f in listing(callrail)["form_submissions"]] == [b["id"], a["id"]]
    assert [f["id"] for f in listing(callrail, sort="submitted_at", order="asc")["form_submissions"]] == [a["id"], b["id"]]
    assert [f["id"] for f in listing(callrail, sort="created_at")["form_submissions"]] == [b["id"], a["id"]]
    assert [f["id"] for f in listing(callrail, sort="form_url")["form_submissions"]] == [b["id"], a["id"]]
    assert [f["id"] for f in listing(callrail, sort="form_url", order="desc")["form_submissions"]] == [a["id"], b["id"]]
    response = callrail.api.get(FORMS, params={"sort": "customer_name"})
    assert response.status_code == 400 and response.json()["parameter"] == "sort"


def test_company_and_date_filters(callrail):
    early = submit(callrail)
    callrail.control.advance(3 * 86400)
    late = submit(callrail, company_id=BOBS_BURGERS)
    assert [f["id"] for f in listing(callrail, company_id=BOBS_BURGERS)["form_submissions"]] == [late["id"]]
    assert [f["id"] for f in listing(callrail, company_id=WIDGET_SHOP_NUMERIC)["form_submissions"]] == [early["id"]]
    ids = [f["id"] for f in listing(callrail, start_date="2026-03-10", end_date="2026-03-10")["form_submissions"]]
    assert ids == [early["id"]]
    assert listing(callrail, date_range="today")["total_records"] == 1
    assert listing(callrail, date_range="last_7_days")["total_records"] == 1
    response = callrail.api.get(FORMS, params={"date_range": "someday"})
    assert response.status_code == 400 and response.json()["parameter"] == "date_range"


def test_lead_status_and_tag_filters(callrail):
    good = submit(callrail)
    bad = submit(callrail, form_data={"phone": "770-555-0199"})
    plain = submit(callrail, form_data={"phone": "678-555-0142"})
    put = callrail.api.put
    put(f"{A}/form_submissions/{good['id']}.json", json={"lead_status": "good_lead", "tags": ["Hot", "Sales"]})
    put(f"{A}/form_submissions/{bad['id']}.json", json={"lead_status": "not_a_lead", "tags": ["Cold"]})

    def ids(**params):
        return sorted(f["id"] for f in listing(callrail, **params)["form_submissions"])

    assert ids(lead_status="good_lead") == [good["id"]]
    assert ids(lead_status="not_a_lead") == [bad["id"]]
    assert ids(lead_status="not_scored") == [plain["id"]]
    assert ids(tags="Hot") == [good["id"]]
    assert ids(**{"tags[]": ["Hot", "Cold"]}) == sorted([good["id"], bad["id"]])
    assert ids(tags="Nope") == []
    response = callrail.api.get(FORMS, params={"lead_status": "maybe"})
    assert response.status_code == 400 and response.json()["parameter"] == "lead_status"


def test_every_selectable_field(callrail):
    created = submit(callrail)
    callrail.api.put(f"{A}/form_submissions/{created['id']}.json",
                     json={"note": "n", "value": "$12.50", "tags": ["Hot"], "lead_status": "good_lead"})
    fields = ("company_name,lead_status,value,note,tags,utm_source,utm_medium,utm_campaign,form_name,"
              "timeline_url,milestones")
    item = listing(callrail, fields=fields)["form_submissions"][0]
    assert item["company_name"] == "Widget Shop"
    assert (item["lead_status"], item["value"], item["note"], item["tags"]) == ("good_lead", 12.5, "n", ["Hot"])
    assert (item["utm_source"], item["utm_medium"], item["utm_campaign"]) == ("google", "cpc", "spring")
    assert item["form_name"] is None
    assert item["timeline_url"].endswith(created["person_id"])
    milestones = item["milestones"]
    assert list(milestones) == ["first_touch", "lead_created", "qualified", "last_touch"]
    touch = milestones["last_touch"]
    assert touch["event_date"] == "2026-03-10T11:00:00.000-04:00"
    assert touch["source"] == "Google Ads" and touch["medium"] == "cpc"
    assert touch["landing_page_url_params"]["gclid"] == "abc"
    assert touch["url_utm_params"] == {"utm_source": "google", "utm_medium": "cpc", "utm_campaign": "spring"}
    assert milestones["qualified"]["event_date"] is not None
    response = callrail.api.get(FORMS, params={"fields": "nope"})
    assert response.status_code == 400 and response.json()["parameter"] == "fields"


def test_custom_form_name_from_form_url(callrail):
    created = submit(callrail, form_url="http://www.uptowndental.com/appointment")
    item = next(f for f in listing(callrail, fields="form_name")["form_submissions"] if f["id"] == created["id"])
    assert item["form_name"] == "Appointment Request"


def test_milestones_keep_first_touch_across_submissions(callrail):
    submit(callrail)
    callrail.control.advance(3600)
    second = submit(callrail, referrer="direct", referring_url="", landing_page_url="https://shop.example.com/")
    item = next(f for f in listing(callrail, fields="milestones")["form_submissions"] if f["id"] == second["id"])
    assert item["milestones"]["first_touch"]["source"] == "Google Ads"
    assert item["milestones"]["last_touch"]["source"] == "Direct"
    assert (item["source"], item["medium"]) == ("Direct", "direct")


# -- updating

def update(callrail, submission_id, payload, key=None):
    api = callrail.api.with_key(key) if key else callrail.api
    return api.put(f"{A}/form_submissions/{submission_id}.json", json=payload)


def selected(callrail, submission_id):
    fields = "lead_status,value,note,tags"
    return next(f for f in listing(callrail, fields=fields)["form_submissions"] if f["id"] == submission_id)


def test_update_returns_the_documented_fields(callrail):
    created = submit(callrail)
    response = update(callrail, created["id"], {"note": "Call customer back tomorrow", "tags": ["New Client"],
                                                "lead_status": "good_lead", "value": "$1.00", "append_tags": True})
    assert response.status_code == 200
    result = response.json()
    assert result["id"] == created["id"] and "customer_email" not in result
    assert result["customer_phone_number"] == "+14045550123" and result["source"] == "Google Ads"
    item = selected(callrail, created["id"])
    assert (item["note"], item["tags"], item["lead_status"], item["value"]) == \
        ("Call customer back tomorrow", ["New Client"], "good_lead", 1)


def test_new_tags_are_created_in_the_company(callrail):
    created = submit(callrail)
    update(callrail, created["id"], {"tags": ["Brand New Tag"]})
    tags = callrail.api.get(f"{A}/tags.json", params={"company_id": WIDGET_SHOP, "per_page": 250}).json()["tags"]
    assert [t["name"] for t in tags].count("Brand New Tag") == 1
    update(callrail, created["id"], {"tags": ["Brand New Tag"]})
    tags = callrail.api.get(f"{A}/tags.json", params={"company_id": WIDGET_SHOP, "per_page": 250}).json()["tags"]
    assert [t["name"] for t in tags].count("Brand New Tag") == 1


def test_tags_replace_append_and_clear(callrail):
    created = submit(callrail)
    update(callrail, created["id"], {"tags": ["A", "B"]})
    update(callrail, created["id"], {"tags": ["C"], "append_tags": True})
    assert selected(callrail, created["id"])["tags"] == ["A", "B", "C"]
    update(callrail, created["id"], {"tags": ["B"], "append_tags": False})
    assert selected(callrail, created["id"])["tags"] == ["B"]
    update(callrail, created["id"], {"note": "unrelated"})
    assert selected(callrail, created["id"])["tags"] == ["B"]
    update(callrail, created["id"], {"tags": None})
    assert selected(callrail, created["id"])["tags"] == []


def test_omitted_fields_unchanged_null_and_blank_clear(callrail):
    created = submit(callrail)
    update(callrail, created["id"], {"note": "keep", "value": "25", "lead_status": "not_a_lead"})
    update(callrail, created["id"], {})
    item = selected(callrail, created["id"])
    assert (item["note"], item["value"], item["lead_status"]) == ("keep", 25, "not_a_lead")
    update(callrail, created["id"], {"note": "", "value": None, "lead_status": ""})
    item = selected(callrail, created["id"])
    assert (item["note"], item["value"], item["lead_status"]) == (None, None, None)
    update(callrail, created["id"], {"value": 3.25, "lead_status": None})
    assert selected(callrail, created["id"])["value"] == 3.25


@pytest.mark.parametrize("payload, parameter", [
    ({"value": "ten dollars"}, "value"), ({"value": "-5"}, "value"), ({"value": True}, "value"),
    ({"value": "1e400"}, "value"), ({"value": "NaN"}, "value"), ({"value": ["1"]}, "value"),
    ({"lead_status": "previously_marked_good_lead"}, "lead_status"), ({"lead_status": "hot"}, "lead_status"),
    ({"tags": "Hot"}, "tags"), ({"tags": [""]}, "tags"), ({"note": 5}, "note"), ({"append_tags": "maybe"}, "append_tags"),
])
def test_update_validation(callrail, payload, parameter):
    created = submit(callrail)
    update(callrail, created["id"], {"note": "before"})
    response = update(callrail, created["id"], {**payload, "note": "after"} if parameter != "note" else payload)
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter
    assert selected(callrail, created["id"])["note"] == "before"


def test_previously_marked_good_lead_rule(callrail):
    first = submit(callrail)
    assert update(callrail, first["id"], {"lead_status": "good_lead"}).status_code == 200
    callrail.control.advance(3600)
    second = submit(callrail, form_data={"phone": "4045550123", "message": "back again"})
    assert selected(callrail, second["id"])["lead_status"] == "previously_marked_good_lead"
    response = update(callrail, second["id"], {"lead_status": "good_lead", "note": "x"})
    assert response.status_code == 400 and response.json()["parameter"] == "lead_status"
    assert selected(callrail, second["id"])["note"] is None
    assert update(callrail, second["id"], {"lead_status": "not_a_lead"}).status_code == 200
    assert selected(callrail, second["id"])["lead_status"] == "not_a_lead"


def test_update_unknown_and_reporting(callrail):
    assert update(callrail, "FOR00000000000000000000000000000000", {"note": "x"}).status_code == 404
    created = submit(callrail, company_id=BOBS_BURGERS)
    assert update(callrail, created["id"], {"note": "x"}, key=REPORTING_KEY).status_code == 403
    assert update(callrail, created["id"], {"note": "x"}, key=MANAGER_KEY).status_code == 200


def test_creating_publishes_form_captured_and_failures_publish_nothing(callrail):
    callrail.api.post(FORMS, json=body(form_url=""))
    assert callrail.control.get("/events", name="form_captured")["events"] == []
    created = submit(callrail)
    events = callrail.control.get("/events", name="form_captured")["events"]
    assert [(e["record_type"], e["record_id"], e["company_id"]) for e in events] == \
        [("form_submission", created["id"], WIDGET_SHOP)]
