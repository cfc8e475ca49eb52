"""Unit tests of the traffic package's pure rules, the start-up options and the journal bound."""
from datetime import datetime, timezone

import pytest

from emulator.config import Settings
from emulator.errors import ApiError
from emulator.traffic import faults, journal, limits

UTC = timezone.utc


def test_merge_is_partial_and_off_lifts_limits():
    merged = limits.merge(limits.DEFAULTS, {"general": {"hourly": 5}, "sms_send": None,
                                            "outbound_call": {"daily": "off"}})
    assert merged == {"general": {"hourly": 5, "daily": 10000}, "sms_send": {"hourly": None, "daily": None},
                      "outbound_call": {"hourly": 100, "daily": None}}
    assert limits.DEFAULTS["general"]["hourly"] == 1000  # not mutated
    assert limits.merge(limits.DEFAULTS, "off") == {c: {"hourly": None, "daily": None} for c in limits.CLASSES}


@pytest.mark.parametrize("patch,parameter", [({"x": {}}, "x"), ({"general": []}, "general"),
                                             ({"general": {"hourly": -1}}, "general.hourly"),
                                             ({"general": {"monthly": 1}}, "general.monthly"), ([1], None)])
def test_merge_names_the_bad_parameter(patch, parameter):
    with pytest.raises(ApiError) as caught:
        limits.merge(limits.DEFAULTS, patch)
    assert caught.value.status == 400
    assert caught.value.parameter == parameter


def test_the_start_up_option_takes_json_or_off():
    assert limits.parse_option('{"sms_send": {"hourly": 3}}') == {"sms_send": {"hourly": 3}}
    assert limits.parse_option("off") == {c: None for c in limits.CLASSES}
    for bad in ("{", '{"general": {"hourly": -2}}', '{"nope": 1}'):
        with pytest.raises(ValueError):
            limits.parse_option(bad)


def test_the_environment_variable_sets_start_up_limits(monkeypatch):
    monkeypatch.setenv("CALLRAIL_EMULATOR_RATE_LIMITS", '{"general": {"daily": 50}}')
    monkeypatch.setenv("CALLRAIL_EMULATOR_JOURNAL_SIZE", "12")
    settings = Settings.from_env()
    assert settings.rate_limits == {"general": {"daily": 50}}
    assert settings.journal_size == 12


def test_the_serve_flags_parse(monkeypatch):
    from emulator import cli

    seen = {}
    monkeypatch.setattr(cli, "run_server", lambda settings: seen.setdefault("settings", settings))
    cli.main(["serve", "--rate-limits", '{"outbound_call": null}', "--journal-size", "5"])
    assert seen["settings"].rate_limits == {"outbound_call": None}
    assert seen["settings"].journal_size == 5
    with pytest.raises(SystemExit):
        cli.main(["serve", "--rate-limits", "{broken"])


@pytest.mark.parametrize("method,path,classes", [
    ("POST", "/v3/a/ACC1/text-messages", ["sms_send", "general"]),
    ("POST", "/v3/a/123456789/calls", ["outbound_call", "general"]),
    ("POST", "/v3/a/ACC1/calls/", ["outbound_call", "general"]),
    ("GET", "/v3/a/ACC1/text-messages", ["general"]), ("GET", "/v3/a/ACC1/calls", ["general"]),
    ("PUT", "/v3/a/ACC1/calls/CAL1", ["general"]), ("POST", "/v3/a/ACC1/calls/CAL1", ["general"]),
    ("POST", "/v3/a/ACC1/companies", ["general"])])
def test_classes_by_method_and_path(method, path, classes):
    assert limits.classes_for(method, path) == classes


def test_fixed_windows_on_the_utc_hour_and_day():
    now = datetime(2026, 3, 10, 10, 59, 59, 500000, tzinfo=UTC)
    assert limits.window(now, "hourly") == (datetime(2026, 3, 10, 10, tzinfo=UTC), datetime(2026, 3, 10, 11, tzinfo=UTC))
    assert limits.window(now, "daily") == (datetime(2026, 3, 10, tzinfo=UTC), datetime(2026, 3, 11, tzinfo=UTC))
    assert limits.seconds_until(now, datetime(2026, 3, 10, 11, tzinfo=UTC)) == 1
    assert limits.seconds_until(now, now) == 1


def test_headers_describe_the_tightest_window():
    usage = [limits.Usage("sms_send", "hourly", 10, 9, 60), limits.Usage("sms_send", "daily", None, 9, 600),
             limits.Usage("general", "hourly", 100, 9, 60)]
    headers = limits.Decision(usage, []).headers()
    assert headers == {"X-RateLimit-Limit": "10", "X-RateLimit-Remaining": "1", "X-RateLimit-Reset": "60",
                       "X-RateLimit-Class": "sms_send", "X-RateLimit-Window": "hourly"}
    blocked = [limits.Usage("general", "hourly", 5, 5, 60), limits.Usage("general", "daily", 5, 5, 900)]
    headers = limits.Decision(blocked, blocked).headers()
    assert headers["Retry-After"] == "900"
    assert headers["X-RateLimit-Window"] == "daily"
    assert limits.Decision([limits.Usage("general", "hourly", None, 3, 60)], []).headers() == {}


@pytest.mark.parametrize("rule_path,path,matched", [
    ("/v3/a/*/calls*", "/v3/a/ACC1/calls", True), ("/v3/a/*/calls*", "/v3/a/ACC1/calls/CAL1/recording", True),
    ("/v3/a/*/calls*", "/v3/a/ACC1/companies", False), ("/v3/a.json", "/v3/a.json", True),
    ("/v3/a.json", "/v3/aXjson", False), ("/v3/a/[x]", "/v3/a/[x]", True), ("*", "/v3/anything", True)])
def test_path_patterns(rule_path, path, matched):
    assert faults.matches({"method": None, "path": rule_path}, "GET", (path,)) is matched


def test_method_matching():
    assert faults.matches({"method": "POST", "path": "*"}, "POST", ("/v3/a",))
    assert not faults.matches({"method": "POST", "path": "*"}, "GET", ("/v3/a",))
    assert faults.matches({"method": "*", "path": "*"}, "DELETE", ("/v3/a",))


def test_draws_are_deterministic():
    assert [faults.draw(5, n) for n in range(10)] == [faults.draw(5, n) for n in range(10)]
    assert faults.draw(5, 0) != faults.draw(6, 0)
    assert all(0 <= faults.draw(1, n) < 1 for n in range(50))


def test_masking_and_glob_escaping():
    assert journal.mask("docs-admin-key") == "docs******-key"
    assert journal.mask("short") == "*****"
    assert journal.mask(None) is None
    assert journal.glob("/v3/a?[b]*") == "/v3/a[?][[]b]*"
    assert journal.parse_query("a=1&a=2&b=") == {"a": ["1", "2"], "b": ""}
    assert journal.parse_body('{"x": 1}') == {"x": 1}
    assert journal.parse_body("x=1") == "x=1"
    assert journal.parse_body("") is None


@pytest.fixture
def app():
    from emulator.app import create_app, state

    app = create_app(Settings(seed="docs", journal_size=3, rate_limits={"general": {"hourly": 4}}))
    yield app
    state(app).close()


def test_the_journal_keeps_only_the_newest_entries(app):
    client = app.test_client()
    for n in range(5):
        client.get(f"/v3/a.json?n={n}")
    entries = client.get("/_emulator/requests").json["requests"]
    assert [e["query"]["n"] for e in entries] == ["2", "3", "4"]


def test_start_up_limits_are_in_force_and_come_back_after_reset(app):
    client = app.test_client()
    assert client.get("/_emulator/rate_limits").json["general"] == {"hourly": 4, "daily": 10000}
    client.put("/_emulator/rate_limits", json={"general": {"hourly": 9}})
    client.post("/_emulator/reset", json={})
    assert client.get("/_emulator/rate_limits").json["general"] == {"hourly": 4, "daily": 10000}
    client.post("/_emulator/clock", json={"freeze_at": "2026-03-10T10:00:00Z"})
    key = client.get("/_emulator/credentials").json["api_keys"][0]["key"]
    statuses = [client.get("/v3/a.json", headers={"Authorization": f"Token token={key}"}).status_code
                for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
