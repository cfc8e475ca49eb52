"""Pure helpers of form submissions and text messages: what a form's fields say about the
customer, attribution, display forms, and the opt-out rule."""
from __future__ import annotations

import pytest

from emulator.domain.form_data import (
    attribution,
    customer_from,
    display_name,
    url_params,
)
from emulator.domain.phones import formatted as dashed
from emulator.domain.text_sending import OPT_OUT_KEYWORDS, with_opt_out


@pytest.mark.parametrize("form_data, expected", [
    ({"name": "Graham Armstrong", "email": "graham@example.com", "phone": "(404) 555-0123"},
     {"phone": "+14045550123", "email": "graham@example.com", "name": "Graham Armstrong"}),
    ({"phone_number": "5555555555", "report": "Carmen stole the Liberty Bell."},
     {"phone": "+15555555555", "email": None, "name": None}),
    ({"first_name": "Ann", "last_name": "Lee", "zip": "30301", "Contact": "ann@lee.example"},
     {"phone": None, "email": "ann@lee.example", "name": "Ann Lee"}),
    ({"message": "call 404-555-0123 after 5", "cell": "+1 770 555 0101"},
     {"phone": "+17705550101", "email": None, "name": None}),
    ({"comment": "12345678901234"}, {"phone": None, "email": None, "name": None}),
])
def test_customer_from_form_data(form_data, expected):
    assert customer_from(form_data) == expected


@pytest.mark.parametrize("referrer, referring_url, landing, source, medium", [
    ("google_paid", "https://www.google.com/", "https://x.example/?gclid=1", "Google Ads", "CPC"),
    ("www.google.com", "www.google.com", "https://x.example/?gclid=1", "Google Ads", "CPC"),
    ("google_organic", "http://www.google.com/url", "https://x.example/", "Google Organic", "organic"),
    ("direct", "", "https://x.example/", "Direct", "direct"),
    ("", "", "https://x.example/", "Direct", "direct"),
    ("bing", "https://www.bing.com/", "https://x.example/?msclkid=2", "Bing Ads", "CPC"),
    ("facebook", "https://m.facebook.com/", "https://x.example/", "Facebook", "social"),
    ("wikipedia_link", "wikipedia.org/wiki/Carmen_Sandiego", "missingmonuments.com/info", "wikipedia.org",
     "referral"),
])
def test_attribution(referrer, referring_url, landing, source, medium):
    result = attribution(referrer, referring_url, landing)
    assert (result["source"], result["medium"]) == (source, medium)


def test_keywords_only_from_paid_sources():
    landing = "https://x.example/?keywords=blue+widgets&utm_campaign=spring&gclid=1"
    assert attribution("google_paid", "", landing)["keywords"] == "blue widgets"
    assert attribution("google_organic", "", landing.replace("&gclid=1", ""))["keywords"] is None
    assert attribution("google_paid", "", landing)["campaign"] == "spring"


def test_display_forms():
    assert dashed("+14042223333") == "404-222-3333"
    assert dashed(None) is None
    assert display_name("MANN KEVIN") == "Mann Kevin"
    assert url_params("missingmonuments.com/info?a=1&b=two") == {"a": "1", "b": "two"}


@pytest.mark.parametrize("content, has_keyword", [
    ("Reply STOP to opt out", True), ("cancel anytime", True), ("UNSUBSCRIBE", True), ("quit!", True),
    ("the end", True), ("this weekend", False), ("nonstop", False), ("Stopped by", False)])
def test_opt_out_keywords_are_whole_words(content, has_keyword):
    assert bool(OPT_OUT_KEYWORDS.search(content)) is has_keyword


def test_with_opt_out():
    assert with_opt_out("Hello") == "Hello. Reply STOP to unsubscribe."
    assert with_opt_out("Hello!  ") == "Hello! Reply STOP to unsubscribe."
