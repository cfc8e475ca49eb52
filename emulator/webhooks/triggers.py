"""Integration triggers scope the call webhooks ("Integration Triggers"): the integration's own
trigger, else the company default; criteria combine with AND; null means no filter.

Which facts of a call are known depends on the event: before a call ends (pre-call, call
routing complete) only its tracker and whether it is a first call are, so duration, missed,
voicemail and lead-status criteria are applied from the post-call event on (docs/BEHAVIOUR.md).
"""
from __future__ import annotations

from emulator.domain import integration_triggers

EARLY_EVENTS = ("pre_call", "answered_call")


def allows_call(conn, integration: dict, call: dict, event: str) -> bool:
    trigger = integration_triggers.effective_trigger(conn, integration["id"], integration["company_id"])
    if trigger is None:
        return True
    if trigger["tracker_ids"] and call["tracker_id"] not in trigger["tracker_ids"]:
        return False  # a call with no tracker (outbound from a caller id) is outside any tracker scope
    facts = {"tracker_id": call["tracker_id"], "first_call": bool(call["first_call"])}
    if event not in EARLY_EVENTS:
        facts.update(answered=_flag(call["answered"]), voicemail=bool(call["voicemail"]),
                     duration=call["duration"], lead_status=call["lead_status"])
    return integration_triggers.allows(trigger, **facts)


def _flag(value):
    return None if value is None else bool(value)
