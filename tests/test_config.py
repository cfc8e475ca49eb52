"""Settings: every serve flag also as CALLRAIL_EMULATOR_<FLAG>; flags win; bad values are errors."""
import os

import pytest

from emulator.config import Settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in list(os.environ):
        if name.startswith("CALLRAIL_EMULATOR_"):
            monkeypatch.delenv(name)


def test_defaults():
    settings = Settings.from_env()
    assert (settings.host, settings.port, settings.db, settings.seed, settings.random_seed) == \
        ("127.0.0.1", 3000, None, "demo", 1)


def test_environment_then_flags(monkeypatch):
    monkeypatch.setenv("CALLRAIL_EMULATOR_PORT", "4100")
    monkeypatch.setenv("CALLRAIL_EMULATOR_SEED", "docs")
    monkeypatch.setenv("CALLRAIL_EMULATOR_RANDOM_SEED", "9")
    monkeypatch.setenv("CALLRAIL_EMULATOR_API_KEY", "from-env")
    monkeypatch.setenv("CALLRAIL_EMULATOR_WEBHOOK_TIMEOUT", "2.5")
    settings = Settings.from_env(port=4200, api_key=None)
    assert (settings.port, settings.seed, settings.random_seed, settings.api_key, settings.webhook_timeout) == \
        (4200, "docs", 9, "from-env", 2.5)


@pytest.mark.parametrize("name,value", [("CALLRAIL_EMULATOR_PORT", "abc"), ("CALLRAIL_EMULATOR_SEED", "full")])
def test_bad_values(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError):
        Settings.from_env()
