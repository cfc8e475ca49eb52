"""Pure parts of the call reports: time buckets, duration formatting, the recording MP3."""
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from emulator.domain import recordings
from emulator.domain.call_reports import buckets, requested_fields
from emulator.domain.calls_fields import duration_text
from emulator.domain.page_views import local_seconds
from emulator.errors import ApiError

NY = ZoneInfo("America/New_York")
UTC = timezone.utc


def at(text, tz=UTC):
    return datetime.fromisoformat(text).replace(tzinfo=tz)


@pytest.mark.parametrize("seconds, text", [(0, "0s"), (45, "45s"), (60, "1m 0s"), (179, "2m 59s"),
                                           (3600, "1h 0m 0s"), (3725, "1h 2m 5s")])
def test_format_duration(seconds, text):
    assert duration_text(seconds) == text


def test_days_are_local_midnights():
    points = buckets("day", at("2016-10-01T00:00", NY), at("2016-10-05T00:00", NY), NY)
    assert [p[0] for p in points] == ["2016-10-01", "2016-10-02", "2016-10-03", "2016-10-04"]
    assert points[0][1] == at("2016-10-01T04:00")  # EDT is UTC-4
    assert all(lo < hi for _, lo, hi in points)
    assert all(points[i][2] == points[i + 1][1] for i in range(3))


def test_hours_follow_daylight_saving_changes():
    # 2016-11-06 in New York has 25 hours: 01:00 happens twice.
    points = buckets("hour", at("2016-11-06T00:00", NY), at("2016-11-07T00:00", NY), NY)
    assert len(points) == 25
    assert points[0][0] == "2016-11-06T00:00:00-0400"
    assert [p[0] for p in points[1:3]] == ["2016-11-06T01:00:00-0400", "2016-11-06T01:00:00-0500"]
    assert points[-1][0] == "2016-11-06T23:00:00-0500"


def test_hours_start_on_the_local_hour():
    points = buckets("hour", at("2016-10-01T10:30", NY), at("2016-10-01T12:10", NY), NY)
    assert [p[0] for p in points] == ["2016-10-01T10:00:00-0400", "2016-10-01T11:00:00-0400",
                                      "2016-10-01T12:00:00-0400"]


def test_weeks_start_on_monday_months_and_years_on_the_first():
    start, end = at("2016-10-05T00:00", NY), at("2017-02-10T00:00", NY)
    weeks = buckets("week", start, end, NY)
    assert weeks[0][0] == "2016-10-03" and weeks[1][0] == "2016-10-10"
    assert [p[0] for p in buckets("month", start, end, NY)] == [
        "2016-10-01", "2016-11-01", "2016-12-01", "2017-01-01", "2017-02-01"]
    assert [p[0] for p in buckets("year", start, end, NY)] == ["2016-01-01", "2017-01-01"]


def test_more_than_200_points_is_a_400_naming_interval():
    assert len(buckets("day", at("2016-01-01T00:00"), at("2016-07-19T00:00"), UTC)) == 200
    with pytest.raises(ApiError) as error:
        buckets("day", at("2016-01-01T00:00"), at("2016-07-20T00:00"), UTC)
    assert error.value.status == 400 and error.value.parameter == "interval"


def test_fields_always_include_total_calls_in_doc_order():
    assert requested_fields({}) == ["total_calls"]
    assert requested_fields({"fields": "leads,missed_calls"}) == ["total_calls", "missed_calls", "leads"]
    with pytest.raises(ApiError) as error:
        requested_fields({"fields": "total_calls,bogus"})
    assert error.value.parameter == "fields"


def test_page_view_time_has_seconds_and_offset():
    assert local_seconds(at("2017-03-09T18:17:29"), ZoneInfo("America/Los_Angeles")) == "2017-03-09T10:17:29-08:00"


def test_the_committed_mp3_is_the_built_silent_stream():
    data = recordings.mp3_bytes()
    assert data == recordings.silent_mp3()
    assert recordings.frame_count(data) == 20
    assert 1000 < len(data) < 4000


def test_frame_count_rejects_what_is_not_mp3():
    with pytest.raises(ValueError):
        recordings.frame_count(b"ID3 not really")
    with pytest.raises(ValueError):
        recordings.frame_count(recordings.silent_mp3(2)[:-1])


def test_average_duration_rounds_half_up_and_is_zero_without_durations():
    from emulator.domain.call_reports import _RAW, _counts

    raw = dict.fromkeys(_RAW, 0)
    fields = ["average_duration", "formatted_average_duration"]
    assert _counts({**raw, "duration_sum": 3, "duration_count": 2}, fields) == {
        "average_duration": 2, "formatted_average_duration": "2s"}
    assert _counts({**raw, "duration_sum": 358, "duration_count": 2}, fields)["average_duration"] == 179
    assert _counts({**raw, "duration_sum": 7, "duration_count": 3}, fields)["average_duration"] == 2
    assert _counts(raw, fields) == {"average_duration": 0, "formatted_average_duration": "0s"}
