"""The docs seed's calls: the doc's own examples (Listing All Calls, Retrieving a Single Call)."""
from __future__ import annotations

import pytest

from docs_seed import A, error, ok

pytestmark = pytest.mark.callrail_seed("docs")


def test_the_docs_example_calls(callrail):
    body = ok(callrail.api.get(f"{A}/calls.json", params={"date_range": "recent"}))
    first = next(c for c in body["calls"] if c["id"] == "CAL8154748ae6bd4e278a7cddd38a662f4f")
    assert {k: first[k] for k in ("answered", "business_phone_number", "customer_city", "customer_country",
                                  "customer_name", "customer_phone_number", "customer_state", "direction",
                                  "duration", "recording_duration", "tracking_phone_number", "voicemail")} == {
        "answered": False, "business_phone_number": None, "customer_city": "Denver", "customer_country": "US",
        "customer_name": "RUEGSEGGER SIMO", "customer_phone_number": "+13036231131", "customer_state": "CO",
        "direction": "inbound", "duration": 4, "recording_duration": "27",
        "tracking_phone_number": "+13038163491", "voicemail": False}
    assert first["start_time"][11:] == "11:27:48.119-05:00" or first["start_time"][11:] == "11:27:48.119-04:00"
    assert first["recording_player"].endswith("access_key=3b91eb7f7cc08a4d01ed")
    blue = next(c for c in body["calls"] if c["customer_phone_number"] == "+17064558047")
    assert blue["customer_name"] == "BLUE RIDGE, GA" and blue["duration"] == 16 and blue["recording"] is None
    single = ok(callrail.api.get(f"{A}/calls/{first['id']}.json", params={"fields": "keywords_spotted,milestones"}))
    assert single["keywords_spotted"][0]["keyword"] == "test phrase one"
    assert [loc["start"] for loc in single["keywords_spotted"][0]["locations"]] == [7.71, 13.38, 17.96]
    milestones = single["milestones"]
    assert milestones["first_touch"]["source"] == "Google Ads"
    assert milestones["first_touch"]["landing_page_url_params"] == {
        "campaign": "US_branded", "keywords": "peststoppers", "gclid": "12345abgdef"}
    assert milestones["qualified"] == milestones["first_touch"]
    assert milestones["last_touch"]["source"] == "Google Organic"
    assert milestones["last_touch"]["event_date"] == single["start_time"]


def test_the_field_selection_and_page_views_examples(callrail):
    """calls/444941612.json?fields=company_id,company_name (184) and that call's page views as the
    Page Views example lists them (4128-4164)."""
    call = ok(callrail.api.get(f"{A}/calls/444941612.json", params={"fields": "company_id,company_name"}))
    assert call["customer_name"] == "Jovani Osinski" and call["voicemail"] is True
    assert (call["company_id"], call["company_name"]) == ("COM37221d54e80c4216898d2f857fc69fa0",
                                                          "Grand Symphony Resort")
    views = ok(callrail.api.get(f"{A}/calls/444941612/page_views.json",
                                params={"time_zone": "America/Los_Angeles"}))
    assert (views["page"], views["per_page"], views["total_pages"], views["total_records"]) == (1, 100, 1, 5)
    assert [v["page_url"].split("?")[0] for v in views["page_views"]] == [
        "https://www.grandsymphonyresort.com/book-now/", "https://www.grandsymphonyresort.com/available-suites/",
        "https://www.grandsymphonyresort.com/things-to-do", "https://www.grandsymphonyresort.com/attractions/",
        "https://www.grandsymphonyresort.com/"]
    assert [v["created_at"][10:] for v in views["page_views"]] == [
        "T10:17:29-08:00", "T10:17:21-08:00", "T10:17:19-08:00", "T10:17:09-08:00", "T10:17:00-08:00"]
    assert views["page_views"][-1]["referrer_url"] == "https://www.google.com/"
    assert all(list(v) == ["referrer_url", "page_url", "created_at"] for v in views["page_views"])
    session = ok(callrail.api.get(f"{A}/calls/{call['id']}.json",
                                  params={"fields": "source,utm_campaign,gclid,device_type,landing_page_url"}))
    assert session["source"] == "Google Ads" and session["utm_campaign"] == "Non-Brand"
    assert session["gclid"].startswith("DjwKCBjwcdbLBRALEiwFn8pA5Qg") and session["device_type"] == "desktop"


def test_the_update_example_on_the_example_call(callrail):
    """The example call inherits a good lead (its milestones need one), so the update example as
    written is the documented 400 (1456); without lead_status it answers as the doc shows."""
    url = f"{A}/calls/CAL8154748ae6bd4e278a7cddd38a662f4f.json"
    body = {"note": "Call customer back tomorrow", "tags": ["New Client"], "lead_status": "good_lead",
            "value": "$1.00", "append_tags": True, "customer_name": "James Smith"}
    error(callrail.api.put(url, json=body), 400, "lead_status")
    assert ok(callrail.api.get(url, params={"fields": "note"}))["note"] is None
    body.pop("lead_status")
    updated = ok(callrail.api.put(url, json=body))
    assert updated["customer_name"] == "James Smith" and "recording_player" not in updated
    assert updated["recording"].endswith("/calls/111222333/recording.json")
