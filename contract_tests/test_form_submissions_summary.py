"""Summarizing Form Data: every figure equals a count made independently from the listing."""
from __future__ import annotations

from collections import Counter

import pytest

SUMMARY = "/v3/a/{account}/forms/summary.json"
FORMS = "/v3/a/{account}/form_submissions.json"
GROUP_FIELDS = {"source": "source", "keywords": "keywords", "campaign": "campaign", "referrer": "referrer",
                "landing_page": "landing_page_url", "form_name": "form_name", "company": "company_name"}
ALL_FIELDS = "total_forms,first_forms,leads"


def summary(callrail, **params):
    response = callrail.api.get(SUMMARY.format(account=callrail.account_id), params=params)
    assert response.status_code == 200, response.text
    return response.json()


def listed(callrail, **params) -> list[dict]:
    items, page = [], 1
    while True:
        data = callrail.api.get(FORMS.format(account=callrail.account_id), params={
            **params, "per_page": 250, "page": page, "fields": "form_name,company_name,lead_status"}).json()
        items += data["form_submissions"]
        if page >= data["total_pages"]:
            return items
        page += 1


def figures(items) -> dict:
    return {"total_forms": len(items), "first_forms": sum(1 for f in items if f["first_form"]),
            "leads": sum(1 for f in items if f["lead_status"] == "good_lead")}


def test_totals_default_to_total_forms_over_the_recent_window(callrail):
    result = summary(callrail)
    assert list(result) == ["start_date", "end_date", "time_zone", "total_results", "grouped_by", "grouped_results"]
    items = listed(callrail)
    assert len(items) > 20
    assert result["total_results"] == {"total_forms": len(items)}
    assert result["grouped_by"] is None


def test_grouped_figures_match_the_listing(callrail):
    items = listed(callrail)  # one reset for every group_by: the data is only read
    for group_by, field in GROUP_FIELDS.items():
        result = summary(callrail, group_by=group_by, fields=ALL_FIELDS)
        assert result["total_results"] == figures(items)
        assert result["grouped_by"] == group_by
        expected = {key: {"key": key, **figures([f for f in items if f[field] == key])}
                    for key in Counter(f[field] for f in items)}
        assert len(expected) > 1, group_by
        assert {g["key"]: g for g in result["grouped_results"]} == expected, group_by
        totals = [g["total_forms"] for g in result["grouped_results"]]
        assert totals == sorted(totals, reverse=True)


def test_filters_match_the_listing(callrail):
    account_admin = callrail.api
    companies = account_admin.get(f"/v3/a/{callrail.account_id}/companies.json").json()["companies"]
    company = companies[0]["id"]
    for params, subset in [
        ({"company_id": company}, lambda f: f["company_id"] == company),
        ({"lead_status": "good_lead"}, lambda f: f["lead_status"] == "good_lead"),
        ({"lead_status": "not_a_lead"}, lambda f: f["lead_status"] == "not_a_lead"),
        ({"lead_status": "not_scored"}, lambda f: f["lead_status"] in (None, "previously_marked_good_lead")),
    ]:
        result = summary(callrail, fields=ALL_FIELDS, **params)
        assert result["total_results"] == figures([f for f in listed(callrail) if subset(f)]), params
    url = listed(callrail)[0]["form_url"]
    assert summary(callrail, form_URL=url)["total_results"]["total_forms"] == \
        sum(1 for f in listed(callrail) if f["form_url"] == url)


def test_tag_filter_both_forms(callrail):
    tagged = {name: len(listed(callrail, tags=name)) for name in ("Sales", "Support")}
    both = len(listed(callrail, **{"tags[]": ["Sales", "Support"]}))
    assert tagged["Sales"] > 0 and both >= max(tagged.values())
    assert summary(callrail, tags="Sales")["total_results"]["total_forms"] == tagged["Sales"]
    assert summary(callrail, tags="Sales,Support")["total_results"]["total_forms"] == both
    assert summary(callrail, **{"tags[]": ["Sales", "Support"]})["total_results"]["total_forms"] == both


def test_date_window_and_time_zone(callrail):
    callrail.control.freeze("2026-05-20T12:00:00Z")
    result = summary(callrail, start_date="2026-05-01", end_date="2026-05-10", time_zone="America/Chicago")
    assert result["start_date"] == "2026-05-01T00:00:00-0500"
    assert result["end_date"] == "2026-05-10T23:59:59-0500"
    assert result["time_zone"] == "America/Chicago"
    assert result["total_results"]["total_forms"] == len(
        listed(callrail, start_date="2026-05-01", end_date="2026-05-10", time_zone="America/Chicago"))


@pytest.mark.parametrize("params, parameter", [
    ({"group_by": "color"}, "group_by"), ({"fields": "total_forms,calls"}, "fields"),
    ({"lead_status": "maybe"}, "lead_status"), ({"date_range": "forever"}, "date_range"),
    ({"company_id": "COM00000000000000000000000000000000"}, "company_id"),
])
@pytest.mark.callrail_seed("docs")
def test_invalid_parameters(callrail, params, parameter):
    response = callrail.api.get(SUMMARY.format(account=callrail.account_id), params=params)
    assert response.status_code == 400 and response.json()["parameter"] == parameter


@pytest.mark.callrail_seed("docs")
def test_group_by_company_only_at_account_level(callrail):
    company = callrail.api.get(f"/v3/a/{callrail.account_id}/companies.json").json()["companies"][0]["id"]
    response = callrail.api.get(SUMMARY.format(account=callrail.account_id),
                                params={"group_by": "company", "company_id": company})
    assert response.status_code == 400 and response.json()["parameter"] == "group_by"


@pytest.mark.callrail_seed("docs")
def test_custom_form_ids_both_forms(callrail):
    callrail.control.freeze("2026-03-10T15:00:00Z")
    forms = {"FORca9e613babbb48b5b984a8732a25d1f8": "http://www.uptowndental.com/appointment",
             "FORca0e724babbb59b5b984a8733a36d2f0": "http://www.uptowndental.com/contact?network=g"}
    urls = list(forms.values()) + [forms["FORca9e613babbb48b5b984a8732a25d1f8"], "http://other.example/form"]
    for url in urls:
        response = callrail.api.post(FORMS.format(account=callrail.account_id), json={
            "company_id": "COM8154748ae6bd4e278a7cddd38a662f4f", "referrer": "direct", "referring_url": "",
            "landing_page_url": "http://www.uptowndental.com/", "form_url": url, "form_data": {"q": "1"}})
        assert response.status_code == 201
    first, second = forms
    assert summary(callrail, custom_form_ids=first)["total_results"]["total_forms"] == 2
    assert summary(callrail, custom_form_ids=f"{first},{second}")["total_results"]["total_forms"] == 3
    assert summary(callrail, **{"custom_form_ids[]": [first, second]})["total_results"]["total_forms"] == 3
    grouped = summary(callrail, group_by="form_name")["grouped_results"]
    assert {g["key"]: g["total_forms"] for g in grouped} == {"Appointment Request": 2, "Contact Us": 1, None: 1}


def test_fields_come_in_the_doc_order_with_total_forms_always(callrail):
    for fields in ("leads,first_forms", "first_forms, leads,leads", "total_forms,leads,first_forms"):
        result = summary(callrail, fields=fields, group_by="source")
        assert list(result["total_results"]) == ["total_forms", "first_forms", "leads"], fields
        assert all(list(g) == ["key", "total_forms", "first_forms", "leads"] for g in result["grouped_results"])
    assert list(summary(callrail, **{"fields[]": ["leads"]})["total_results"]) == ["total_forms", "leads"]
