"""Pure rules of integrations and triggers: which calls a trigger lets through, and how a
Webhooks configuration is validated and merged."""
import pytest

from emulator.domain.integration_triggers import allows
from emulator.domain.integrations import _webhooks_config
from emulator.errors import ApiError


def trigger(**criteria):
    base = {"tracker_ids": [], "call_type": None, "min_duration": None, "max_duration": None, "lead_status": None}
    return {**base, **criteria}


def test_no_trigger_or_empty_trigger_allows_everything():
    assert allows(None, tracker_id="TRK1", duration=0)
    assert allows(trigger(), tracker_id="TRK1", first_call=False, answered=False, duration=3, lead_status=None)


def test_tracker_ids_limit_the_trackers():
    t = trigger(tracker_ids=["TRK1"])
    assert allows(t, tracker_id="TRK1") and not allows(t, tracker_id="TRK2")


@pytest.mark.parametrize("call_type, facts, expected", [
    ("first_call", {"first_call": True}, True), ("first_call", {"first_call": False}, False),
    ("vm", {"voicemail": True, "answered": False}, True), ("vm", {"voicemail": False, "answered": True}, False),
    ("missed_and_vm", {"answered": False, "voicemail": False}, True),
    ("missed_and_vm", {"answered": False, "voicemail": True}, True),
    ("missed_and_vm", {"answered": True, "voicemail": False}, False),
])
def test_call_type(call_type, facts, expected):
    assert allows(trigger(call_type=call_type), **facts) is expected


def test_durations_are_inclusive_bounds():
    t = trigger(min_duration=3, max_duration=11)
    assert [allows(t, duration=d) for d in (2, 3, 11, 12)] == [False, True, True, False]


def test_lead_status_none_means_not_scored():
    t = trigger(lead_status="good_lead")
    assert allows(t, lead_status="good_lead") and allows(t, lead_status="previously_marked_good_lead")
    assert not allows(t, lead_status=None) and not allows(t, lead_status="not_a_lead")
    assert allows(t)   # not known: not checked


def test_criteria_are_additive():
    t = trigger(call_type="first_call", min_duration=10)
    assert allows(t, first_call=True, duration=10)
    assert not allows(t, first_call=True, duration=9) and not allows(t, first_call=False, duration=60)


def test_webhooks_config_merges_per_key_and_drops_empty_lists():
    current = {"pre_call_webhook": ["https://a.example.com"], "post_call_webhook": ["https://b.example.com"]}
    merged = _webhooks_config({"pre_call_webhook": [], "sms_sent_webhook": ["http://c.example.com/x"]}, current)
    assert merged == {"post_call_webhook": ["https://b.example.com"], "sms_sent_webhook": ["http://c.example.com/x"]}


@pytest.mark.parametrize("config, parameter", [
    ({"pre_call_webhook": ["mailto:a@example.com"]}, "config.pre_call_webhook"),
    ({"pre_call_webhook": ["https://exa mple.com"]}, "config.pre_call_webhook"),
    ({"pre_call_webhook": "https://example.com"}, "config.pre_call_webhook"),
    ({"call_webhook": ["https://example.com"]}, "config.call_webhook"),
])
def test_webhooks_config_rejects(config, parameter):
    with pytest.raises(ApiError) as caught:
        _webhooks_config(config, {})
    assert caught.value.status == 400 and caught.value.parameter == parameter
