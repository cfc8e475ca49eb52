"""Start-up settings: every `serve` flag, also readable as CALLRAIL_EMULATOR_<FLAG>."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields

SEEDS = ("empty", "demo", "docs")


@dataclass
class Settings:
    host: str = "127.0.0.1"
    port: int = 3000
    db: str | None = None            # None: a fresh temporary file
    seed: str = "demo"
    random_seed: int = 1
    api_key: str | None = None       # fixes the seeded admin key
    control_token: str | None = None
    scale: int = 1                   # multiplies the demo seed's volume of records
    webhook_mode: str = "async"      # async | sync
    webhook_timeout: float = 5.0
    webhook_failure_limit: int = 10  # consecutive failures before an integration goes `failed`
    rate_limits: dict = field(default_factory=dict)  # overrides of the documented limits
    journal_size: int = 1000         # request journal entries kept (the oldest go first)
    threads: int = 8

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        """Environment first, then explicit (non-None) overrides from flags."""
        values = {}
        for f in fields(cls):
            raw = os.environ.get(f"CALLRAIL_EMULATOR_{f.name.upper()}")
            if raw is not None and f.name == "rate_limits":
                from emulator.traffic.limits import parse_option

                values[f.name] = parse_option(raw)
            elif raw is not None:
                try:
                    values[f.name] = _coerce(f.type, raw)
                except ValueError:
                    raise ValueError(f"CALLRAIL_EMULATOR_{f.name.upper()} must be a number, not {raw!r}") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = cls(**values)
        if settings.seed not in SEEDS:
            raise ValueError(f"seed must be one of {', '.join(SEEDS)}")
        return settings


def _coerce(type_name: str, raw: str):
    if "int" in type_name:
        return int(raw)
    if "float" in type_name:
        return float(raw)
    return raw
