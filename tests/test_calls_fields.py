"""Pure derivations of call fields: display forms, call types, money, customer location."""
import random

import pytest

from emulator.domain import calls_data
from marshmallow import ValidationError

from emulator.domain import money
from emulator.domain.phones import formatted as dashed
from emulator.domain.calls_fields import duration_text, location_text, name_text
from emulator.domain.people import lead_status


def test_phone_display_form_of_the_doc():
    assert dashed("+12148654559") == "214-865-4559"
    assert dashed(None) is None


@pytest.mark.parametrize("seconds,text", [(0, "0s"), (13, "13s"), (179, "2m 59s"), (3600, "1h 0m 0s"),
                                          (3723, "1h 2m 3s"), (None, None)])
def test_duration_text(seconds, text):
    assert duration_text(seconds) == text


@pytest.mark.parametrize("raw,shown", [("RUEGSEGGER SIMO", "Ruegsegger Simo"), ("BLUE RIDGE, GA", "Blue Ridge, GA"),
                                       ("Kaylah Mills", "Kaylah Mills"), (None, None), ("WIRELESS CALLER",
                                                                                         "Wireless Caller")])
def test_caller_id_names_are_stylised(raw, shown):
    assert name_text(raw) == shown


def test_money_and_location():
    assert money.formatted(None) == "--" and money.formatted(1.0) == "$1.00"
    assert money.formatted(1234.5) == "$1,234.50"
    assert money.parse("$1.00") == money.parse("1.00") == 1.0 and money.parse(" $ 2.005 ") == 2.0
    assert money.parse("$1,250.5") == 1250.5 and money.parse("") is None and money.parse(3) == 3.0
    assert location_text("Denver", "CO") == "Denver, CO" and location_text(None, "GA") == "GA"
    assert location_text(None, None) is None


@pytest.mark.parametrize("value", ["$1.00", "1.00", "1,250", 3, 2.5, 0, "", "  ", None])
def test_money_accepts(value):
    money.validate(value)


@pytest.mark.parametrize("value", ["abc", "$", "1.0.0", "-1", -1, "NaN", "Infinity", "1e400", 10 ** 400,
                                   "9" * 400, float("inf"), True, [], {}, "$$1"])
def test_money_rejects(value):
    with pytest.raises(ValidationError):
        money.validate(value)


@pytest.mark.parametrize("args,expected", [
    (("outbound", 1, 0, 30), "outbound"), (("inbound", None, 0, None), "in_progress"),
    (("inbound", 1, 0, 30), "answered"), (("inbound", 0, 1, 30), "voicemail"),
    (("inbound", 0, 0, 30), "missed"), (("inbound", 0, 0, 2), "abandoned")])
def test_call_type(args, expected):
    assert calls_data.call_type(*args) == expected
    assert calls_data.call_type("inbound", 0, 1, 30, "hello") == "voicemail_transcription"


def test_customer_location_from_the_number():
    assert calls_data.location("+13036231131") == ("Denver", "CO", "US")
    assert calls_data.location("+14165551234")[1:] == ("ON", "CA")
    assert calls_data.location("+12125550000") == ("New York City", "NY", "US")


def test_source_tracker_attribution():
    offline = calls_data.tracker_source({"name": "Billboard", "source": '{"type": "offline"}',
                                         "campaign_name": "Offline"})
    assert (offline["source"], offline["medium"], offline["campaign"]) == ("Billboard", "offline", "Offline")
    paid = calls_data.tracker_source({"name": "G", "source": {"type": "search", "search_engine": "google",
                                                              "search_type": "paid"}})
    assert (paid["source"], paid["medium"]) == ("Google Ads", "cpc")
    organic = calls_data.tracker_source({"name": "G", "source": {"type": "search", "search_engine": "bing",
                                                                 "search_type": "organic"}})
    assert organic["source"] == "Bing Organic"


def test_session_attribution_carries_click_ids_in_the_landing_url():
    rng = random.Random(3)
    row = calls_data.session_attribution(("google", "paid"), "www.example.com", rng, "plumber", "Brand")
    assert row["gclid"] and f"gclid={row['gclid']}" in row["landing_page_url"]
    assert (row["source"], row["medium"], row["utm_source"], row["referrer_domain"]) == (
        "Google Ads", "cpc", "google", "www.google.com")
    direct = calls_data.session_attribution(("direct", None), "www.example.com", rng)
    assert direct["referring_url"] is None and direct["gclid"] is None and direct["keywords"] is None
    assert calls_data.session_options({"source": {"google": ["paid"], "type": "direct"}}) == [
        ("google", "paid"), ("direct", None)]


def test_lead_status_inheritance():
    firsts = {"PER1": {"record_type": "call", "id": "CAL1", "time": "2026-01-01T00:00:00.000Z"}}
    assert lead_status("not_a_lead", "PER1", "2026-02-01T00:00:00.000Z", firsts) == ("not_a_lead", None)
    assert lead_status(None, "PER1", "2026-02-01T00:00:00.000Z", firsts)[0] == "previously_marked_good_lead"
    assert lead_status(None, "PER1", "2026-01-01T00:00:00.000Z", firsts) == (None, None)
    assert lead_status(None, "PER2", "2026-02-01T00:00:00.000Z", firsts) == (None, None)
