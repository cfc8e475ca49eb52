"""The docs seed's calls: the doc's own examples (Listing All Calls, Retrieving a Single Call)."""
from __future__ import annotations

import pytest

from docs_seed import A, ok

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
