"""`callrail-emulator sign` and `listen` (the receiver part, on a free local port)."""
from __future__ import annotations

import io
import json
import sys
import threading

import pytest
import requests

from emulator import cli
from emulator.webhooks.cli import describe, guess_event, make_server
from emulator.webhooks.signing import sign

KEY = "072e77e426f92738a72fe23c4d1953b4"


def test_sign_command_signs_stdin_bytes(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'{"a":1}')))
    cli.main(["sign", "--signing-key", KEY])
    assert capsys.readouterr().out.strip() == sign(KEY, b'{"a":1}')


def test_sign_command_keeps_a_trailing_newline_and_says_so(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'{"a":1}\n')))
    cli.main(["sign", "--signing-key", KEY])
    out = capsys.readouterr()
    assert out.out.strip() == sign(KEY, b'{"a":1}\n') != sign(KEY, b'{"a":1}')
    assert "newline" in out.err


def test_sign_command_needs_a_key(monkeypatch):
    with pytest.raises(SystemExit):
        cli.main(["sign"])


@pytest.fixture
def listener():
    out = io.StringIO()
    server = make_server("127.0.0.1", 0, KEY, 200, False, out)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", out
    server.shutdown()
    server.server_close()


def test_listen_accepts_a_valid_signature_and_prints_the_body(listener):
    url, out = listener
    body = json.dumps({"id": "CAL1", "direction": "inbound", "changes": ["note"], "note": "hi"})
    answer = requests.post(f"{url}/updated", data=body, headers={"Signature": sign(KEY, body)}, timeout=10)
    assert answer.status_code == 200
    text = out.getvalue()
    assert "updated_call" in text and "CAL1" in text and "signature ok" in text
    assert '"note": "hi"' in text


def test_listen_rejects_a_wrong_or_missing_signature(listener):
    url, out = listener
    assert requests.post(f"{url}/x", data=b'{"id": 1}', headers={"Signature": "nope"}, timeout=10).status_code == 401
    assert requests.post(f"{url}/x", data=b'{"id": 1}', timeout=10).status_code == 401
    assert "SIGNATURE INVALID" in out.getvalue() and "NO SIGNATURE HEADER" in out.getvalue()


def test_describe_summary_is_one_line():
    line = describe("/p", b'{"form_data": {}, "id": "FRM1"}', "sig", True, summary=True)
    assert line.count("\n") == 1 and "form_captured" in line and "FRM1" in line


@pytest.mark.parametrize("body, kind", [
    ({"form_data": {}}, "form_captured"),
    ({"resource_id": "SCI1", "agent": "Keith Rail"}, "sms_sent"),
    ({"resource_id": "SCI1", "conversation_id": "c"}, "sms_received"),
    ({"id": "CAL1", "changes": []}, "updated_call"),
    ({"id": "CAL1", "changes": [], "direction": "outbound"}, "updated_outbound_call"),
    ({"id": "CAL1", "call_type": "outbound"}, "post_outbound_call"),
    ({"id": "CAL1", "call_type": "in_progress", "answered": None}, "pre_call"),
    ({"id": "CAL1", "call_type": "in_progress", "answered": True}, "answered_call"),
    ({"id": "CAL1", "call_type": "missed", "answered": False}, "post_call"),
    ({"id": "CAL1", "direction": "inbound"}, "call"),
    (["not", "an", "object"], "unknown"),
])
def test_guess_event(body, kind):
    assert guess_event(body)[0] == kind


def test_serve_webhook_flags_reach_the_settings(monkeypatch):
    seen = []
    monkeypatch.setattr(cli, "run_server", seen.append)
    monkeypatch.delenv("CALLRAIL_EMULATOR_WEBHOOK_MODE", raising=False)
    cli.main(["serve", "--webhook-mode", "sync", "--webhook-timeout", "1.5", "--webhook-failure-limit", "3"])
    assert (seen[0].webhook_mode, seen[0].webhook_timeout, seen[0].webhook_failure_limit) == ("sync", 1.5, 3)
    cli.main(["serve"])
    assert seen[1].webhook_mode == "async"


def test_serve_rejects_an_unknown_webhook_mode(monkeypatch):
    monkeypatch.setattr(cli, "run_server", lambda settings: None)
    with pytest.raises(SystemExit):
        cli.main(["serve", "--webhook-mode", "sometimes"])
