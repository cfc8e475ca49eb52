"""Retrieving a Single Call Recording (doc 1778-1819) and Page Views (4124-4184), plus the
rule that spam calls leave the reports."""
from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import requests

from calls_helpers import simulate, tracking_number

MP3_FRAME_SYNC = b"\xff\xfb"


def calls_of(api, account_id, **params) -> list[dict]:
    calls, page = [], 1
    while True:
        body = api.get(f"/v3/a/{account_id}/calls.json",
                       params={"per_page": 250, "page": page, **params}).json()
        calls.extend(body["calls"])
        if page >= body["total_pages"]:
            return calls
        page += 1


def hipaa_account(callrail) -> str:
    accounts = callrail.api.get("/v3/a.json").json()["accounts"]
    return next(a["id"] for a in accounts if a["hipaa_account"])


def recorded_and_unrecorded(callrail, account_id):
    calls = calls_of(callrail.api, account_id)
    recorded = next(c for c in calls if c["recording"])
    unrecorded = next(c for c in calls if c["recording"] is None)
    return recorded, unrecorded


def assert_mp3(response):
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "audio/mpeg"
    assert response.content[:2] == MP3_FRAME_SYNC and len(response.content) > 500


def test_a_normal_account_gets_the_permanent_redirect_link(callrail):
    call, _ = recorded_and_unrecorded(callrail, callrail.account_id)
    response = callrail.api.get(f"/v3/a/{callrail.account_id}/calls/{call['id']}/recording.json")
    assert response.status_code == 200
    url = response.json()["url"]
    assert list(response.json()) == ["url"]
    assert re.fullmatch(rf"{re.escape(callrail.base_url)}/calls/{call['id']}/recording/redirect\?access_key=[0-9a-f]+", url)
    followed = requests.get(url, timeout=30)  # a browser: no API key
    assert [r.status_code for r in followed.history] == [302]
    assert_mp3(followed)
    # The call's `recording` field points at this endpoint (doc 827).
    again = callrail.api.get(call["recording"])
    assert again.status_code == 200 and again.json()["url"] == url
    # recording_player: the doc's /calls/{numeric id}/recording?access_key= form (722), playable as is
    player = call["recording_player"]
    assert re.fullmatch(rf"{re.escape(callrail.base_url)}/calls/[1-9]\d{{8}}/recording\?access_key=[0-9a-f]+", player)
    assert_mp3(requests.get(player, timeout=30))
    wrong = requests.get(re.sub(r"access_key=\w+", "access_key=0000", player), timeout=30, allow_redirects=False)
    assert wrong.status_code == 403 and wrong.json()["parameter"] == "access_key"


def test_a_wrong_access_key_gets_no_recording(callrail):
    call, _ = recorded_and_unrecorded(callrail, callrail.account_id)
    url = callrail.api.get(f"/v3/a/{callrail.account_id}/calls/{call['id']}/recording.json").json()["url"]
    for bad in (re.sub(r"access_key=\w+", "access_key=0000", url), url.split("?")[0]):
        response = requests.get(bad, timeout=30, allow_redirects=False)
        assert response.status_code == 403
        assert response.json()["parameter"] == "access_key"


def test_a_hipaa_account_gets_a_temporary_url_that_expires(callrail):
    account = hipaa_account(callrail)
    call, _ = recorded_and_unrecorded(callrail, account)
    body = callrail.api.get(f"/v3/a/{account}/calls/{call['id']}/recording.json").json()
    url = body["url"]
    assert re.fullmatch(rf"{re.escape(callrail.base_url)}/calls/recordings/\d{{3}}/\d{{3}}/\d{{3}}/{call['id']}\.mp3"
                        r"\?expires=\d+&signature=[0-9a-f]+", url)
    direct = requests.get(url, timeout=30, allow_redirects=False)
    assert_mp3(direct)
    tampered = requests.get(url[:-4] + "0000", timeout=30)
    assert tampered.status_code == 403 and tampered.json()["parameter"] == "signature"
    callrail.control.advance(23 * 3600)
    assert_mp3(requests.get(url, timeout=30))
    callrail.control.advance(2 * 3600)  # "The URL returned will expire in about 24 hours."
    expired = requests.get(url, timeout=30)
    assert expired.status_code == 403 and expired.json()["parameter"] == "expires"
    fresh = callrail.api.get(f"/v3/a/{account}/calls/{call['id']}/recording.json").json()["url"]
    assert fresh != url
    assert_mp3(requests.get(fresh, timeout=30))


def test_a_call_without_a_recording_is_a_clear_404(callrail):
    _, call = recorded_and_unrecorded(callrail, callrail.account_id)
    response = callrail.api.get(f"/v3/a/{callrail.account_id}/calls/{call['id']}/recording.json")
    assert response.status_code == 404
    assert response.json() == {"error": "Recording not found"}


def test_unknown_and_foreign_calls_are_404(callrail):
    other = hipaa_account(callrail)
    foreign, _ = recorded_and_unrecorded(callrail, other)
    for call_id in ("CAL00000000000000000000000000000000", foreign["id"]):
        for path in ("recording.json", "page_views.json"):
            response = callrail.api.get(f"/v3/a/{callrail.account_id}/calls/{call_id}/{path}")
            assert response.status_code == 404
            assert response.json() == {"error": "Call not found"}
    assert requests.get(f"{callrail.base_url}/calls/CAL00000000000000000000000000000000/recording/redirect"
                        "?access_key=00", timeout=30).status_code == 404


def _calls_by_tracker_type(callrail):
    trackers = callrail.api.get(f"/v3/a/{callrail.account_id}/trackers.json",
                                params={"per_page": 250}).json()["trackers"]
    kinds = {t["id"]: t["type"] for t in trackers}
    calls = calls_of(callrail.api, callrail.account_id, fields="tracker_id", direction="inbound")
    session = [c for c in calls if kinds.get(c["tracker_id"]) == "session"]
    source = [c for c in calls if kinds.get(c["tracker_id"]) == "source"]
    return session, source


def test_session_tracker_calls_show_the_views_before_the_call_newest_first(callrail):
    session, _ = _calls_by_tracker_type(callrail)
    assert len(session) >= 20
    seen = 0
    for call in session[:20]:
        response = callrail.api.get(f"/v3/a/{callrail.account_id}/calls/{call['id']}/page_views.json",
                                    params={"time_zone": "America/Los_Angeles"})
        assert response.status_code == 200
        body = response.json()
        assert list(body) == ["page", "per_page", "total_pages", "total_records", "page_views"]
        views = body["page_views"]
        seen += len(views)
        started = datetime.fromisoformat(call["start_time"])
        times = [datetime.fromisoformat(v["created_at"]) for v in views]
        assert all(t < started for t in times)  # never the browsing after the call
        assert times == sorted(times, reverse=True)
        for view in views:
            assert list(view) == ["referrer_url", "page_url", "created_at"]
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-0[78]:00", view["created_at"])
    assert seen > 20


def test_page_views_paginate_and_follow_the_time_zone(callrail):
    session, _ = _calls_by_tracker_type(callrail)
    path = f"/v3/a/{callrail.account_id}/calls/{{}}/page_views.json"
    call = max(session[:30], key=lambda c: callrail.api.get(path.format(c["id"])).json()["total_records"])
    full = callrail.api.get(path.format(call["id"]), params={"time_zone": "UTC"}).json()
    assert full["total_records"] >= 2
    pages = []
    for page in range(1, full["total_records"] + 1):
        body = callrail.api.get(path.format(call["id"]), params={"per_page": 1, "page": page,
                                                                   "time_zone": "UTC"}).json()
        assert body["total_pages"] == full["total_records"] and body["per_page"] == 1
        pages.extend(body["page_views"])
    assert pages == full["page_views"]
    assert all(v["created_at"].endswith("+00:00") for v in pages)
    tokyo = callrail.api.get(path.format(call["id"]), params={"time_zone": "Asia/Tokyo"}).json()
    assert [datetime.fromisoformat(v["created_at"]) for v in tokyo["page_views"]] == [
        datetime.fromisoformat(v["created_at"]) for v in pages]
    assert all(v["created_at"].endswith("+09:00") for v in tokyo["page_views"])
    bad = callrail.api.get(path.format(call["id"]), params={"time_zone": "Nowhere/Land"})
    assert bad.status_code == 400 and bad.json()["parameter"] == "time_zone"
    bad = callrail.api.get(path.format(call["id"]), params={"per_page": 0})
    assert bad.status_code == 400 and bad.json()["parameter"] == "per_page"


def test_source_tracker_calls_have_no_page_views(callrail):
    _, source = _calls_by_tracker_type(callrail)
    assert source
    for call in source[:5]:
        body = callrail.api.get(f"/v3/a/{callrail.account_id}/calls/{call['id']}/page_views.json").json()
        assert body["total_records"] == 0 and body["page_views"] == []


def test_a_simulated_session_call_has_the_views_of_its_session(callrail):
    site = "https://www.example.com"
    body = {"customer_phone_number": "+14045550142", "landing_page_url": f"{site}/?utm_source=google&gclid=abc",
            "referring_url": "https://www.google.com/", "last_requested_url": f"{site}/contact/"}
    session = tracking_number(callrail, session=True)
    call = simulate(callrail, tracking_phone_number=session["number"], **body)
    url = f"/v3/a/{callrail.account_id}/calls/{call['id']}"
    views = callrail.api.get(f"{url}/page_views.json", params={"time_zone": "UTC"}).json()
    assert [(v["page_url"], v["referrer_url"]) for v in views["page_views"]] == [
        (body["last_requested_url"], body["landing_page_url"]), (body["landing_page_url"], body["referring_url"])]
    shown = callrail.api.get(f"{url}.json", params={"fields": "device_type,gclid,milestones",
                                                    "time_zone": "UTC"}).json()
    assert all(v["created_at"] < shown["start_time"][:19] + "+00:00" for v in views["page_views"])
    assert shown["device_type"] == "desktop" and shown["gclid"] == "abc"
    assert shown["milestones"]["last_touch"]["session_browser"] == "Chrome"
    source = tracking_number(callrail, session=False)
    other = simulate(callrail, tracking_phone_number=source["number"], **body)
    empty = callrail.api.get(f"/v3/a/{callrail.account_id}/calls/{other['id']}/page_views.json").json()
    assert empty["total_records"] == 0
    assert callrail.api.get(f"/v3/a/{callrail.account_id}/calls/{other['id']}.json",
                            params={"fields": "device_type"}).json()["device_type"] is None


def test_a_call_marked_spam_leaves_the_reports_and_its_recording_goes(callrail):
    account = callrail.account_id
    call, _ = recorded_and_unrecorded(callrail, account)
    summary = f"/v3/a/{account}/calls/summary.json"
    series = f"/v3/a/{account}/calls/timeseries.json"
    before = callrail.api.get(summary, params={"group_by": "source"}).json()
    series_before = callrail.api.get(series).json()
    detail = callrail.api.get(f"/v3/a/{account}/calls/{call['id']}.json", params={"fields": "source"}).json()
    redirect = callrail.api.get(f"/v3/a/{account}/calls/{call['id']}/recording.json").json()["url"]
    assert callrail.api.put(f"/v3/a/{account}/calls/{call['id']}.json", json={"spam": True}).status_code == 200
    after = callrail.api.get(summary, params={"group_by": "source"}).json()
    assert after["total_results"]["total_calls"] == before["total_results"]["total_calls"] - 1
    count = lambda body: {g["key"]: g["total_calls"] for g in body["grouped_results"]}  # noqa: E731
    assert count(after).get(detail["source"], 0) == count(before)[detail["source"]] - 1
    series_after = callrail.api.get(series).json()
    assert series_after["total_results"]["total_calls"] == series_before["total_results"]["total_calls"] - 1
    assert callrail.api.get(f"/v3/a/{account}/calls/{call['id']}/recording.json").status_code == 404
    assert requests.get(redirect, timeout=30).status_code == 404


def test_a_simulated_call_shows_up_in_the_summary(callrail):
    account = callrail.account_id
    trackers = callrail.api.get(f"/v3/a/{account}/trackers.json").json()["trackers"]
    number = next(t["tracking_numbers"][0] for t in trackers if t["tracking_numbers"] and t["status"] == "active")
    summary = f"/v3/a/{account}/calls/summary.json"
    before = callrail.api.get(summary, params={"fields": "answered_calls", "date_range": "today"}).json()
    callrail.control.post(f"/a/{account}/calls", {"tracking_phone_number": number,
                                                  "customer_phone_number": "+14045550199",
                                                  "answered": True, "duration": 61})
    after = callrail.api.get(summary, params={"fields": "answered_calls", "date_range": "today"}).json()
    assert after["total_results"]["total_calls"] == before["total_results"]["total_calls"] + 1
    assert after["total_results"]["answered_calls"] == before["total_results"]["answered_calls"] + 1


def test_a_call_at_local_midnight_counts_in_the_bucket_it_starts(callrail):
    account = callrail.account_id
    tz = ZoneInfo("America/Los_Angeles")
    now = datetime.fromisoformat(callrail.control.get("/clock")["now"].replace("Z", "+00:00"))
    today = now.astimezone(tz).date()
    midnight = datetime.combine(today - timedelta(days=1), time(0), tzinfo=tz)
    window = {"start_date": (today - timedelta(days=2)).isoformat(), "end_date": today.isoformat(),
              "time_zone": "America/Los_Angeles"}
    series = f"/v3/a/{account}/calls/timeseries.json"

    def points(**params):
        body = callrail.api.get(series, params={**window, **params}).json()
        return {p["date"]: p["total_calls"] for p in body["data"]}

    days, hours = points(), points(interval="hour", start_date=midnight.date().isoformat(),
                                   end_date=midnight.date().isoformat())
    trackers = callrail.api.get(f"/v3/a/{account}/trackers.json").json()["trackers"]
    number = next(t["tracking_numbers"][0] for t in trackers if t["tracking_numbers"] and t["status"] == "active")
    callrail.control.post(f"/a/{account}/calls", {"tracking_phone_number": number,
                                                  "customer_phone_number": "+14045550123",
                                                  "start_time": midnight.isoformat()})
    midnight_label = midnight.date().isoformat()
    assert points() == {d: n + (d == midnight_label) for d, n in days.items()}
    hour_label = midnight.strftime("%Y-%m-%dT%H:%M:%S%z")
    assert points(interval="hour", start_date=midnight_label, end_date=midnight_label) == {
        h: n + (h == hour_label) for h, n in hours.items()}
    earlier = callrail.api.get(f"/v3/a/{account}/calls/summary.json", params={
        **window, "end_date": (today - timedelta(days=2)).isoformat()}).json()
    assert earlier["end_date"] == (midnight - timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%S%z")
