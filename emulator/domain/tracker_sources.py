"""Tracker call sources, validated ("Session Tracker Call Sources" 5714-5768,
"Source Tracker Call Sources" 5769-5900)."""
from __future__ import annotations

from emulator.errors import bad_request

ENGINES = ("google", "bing", "yahoo")
SEARCH_KINDS = ("paid", "organic")
SESSION_KEYS = ("type", "google", "bing", "yahoo", "landing", "referrer", "inverted")

# Source-tracker types and the extra fields each one requires (all others are refused).
SOURCE_TYPES = {
    "all": (), "landing_url": ("landing",), "landing_params": ("landing",), "offline": (),
    "web_referrer": ("referrer",), "direct": (), "search": ("search_engine", "search_type"),
    "google_ad_extension": (), "mobile_ad_extension": (), "google_my_business": (),
}
SEARCH_ENGINES = ("google", "yahoo", "bing", "all")
SEARCH_TYPES = ("paid", "organic", "all")


def session_source(value, parameter: str = "source") -> dict:
    """`"all"` becomes `{"type": "all"}`; an object may combine direct visitors, search engines,
    landing and referrer matches, and `inverted`."""
    if value == "all":
        return {"type": "all"}
    if not isinstance(value, dict):
        raise bad_request(parameter, f'{parameter} must be "all" or an object')
    unknown = [k for k in value if k not in SESSION_KEYS]
    if unknown:
        raise bad_request(f"{parameter}.{unknown[0]}",
                          f"{parameter}.{unknown[0]} is not a session tracker source option; "
                          f"use {', '.join(SESSION_KEYS)}")
    out: dict = {}
    kind = value.get("type")
    if "type" in value:
        if kind == "all":
            if len(value) > 1:
                raise bad_request(f"{parameter}.type", f'{parameter}.type "all" cannot be combined with other rules')
            return {"type": "all"}
        if kind != "direct":
            raise bad_request(f"{parameter}.type", f'{parameter}.type must be "direct" (or "all")')
        out["type"] = "direct"
    for engine in ENGINES:
        if engine in value:
            out[engine] = _list(value[engine], f"{parameter}.{engine}", SEARCH_KINDS)
    for key in ("landing", "referrer"):
        if key in value:
            out[key] = _list(value[key], f"{parameter}.{key}")
    if "inverted" in value:
        if not isinstance(value["inverted"], bool):
            raise bad_request(f"{parameter}.inverted", f"{parameter}.inverted must be true or false")
        out["inverted"] = value["inverted"]
    if not any(k in out for k in ("type", *ENGINES, "landing", "referrer")):
        raise bad_request(parameter, f"{parameter} must name at least one kind of visitor to track")
    return out


def _list(value, parameter: str, allowed: tuple[str, ...] | None = None) -> list[str]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise bad_request(parameter, f"{parameter} must be a non-empty array of strings")
    if allowed:
        wrong = [v for v in value if v not in allowed]
        if wrong:
            raise bad_request(parameter, f"{parameter} values must be {' or '.join(allowed)}, not {wrong[0]!r}")
    return list(dict.fromkeys(value))


def source_source(value, parameter: str = "source") -> dict:
    """One `type` from the doc's list plus exactly the fields that type takes."""
    if not isinstance(value, dict):
        raise bad_request(parameter, f"{parameter} must be an object with a type")
    kind = value.get("type")
    if not isinstance(kind, str) or kind not in SOURCE_TYPES:
        raise bad_request(f"{parameter}.type", f"{parameter}.type must be one of: {', '.join(SOURCE_TYPES)}")
    needed = SOURCE_TYPES[kind]
    extra = [k for k in value if k != "type" and k not in needed]
    if extra:
        raise bad_request(f"{parameter}.{extra[0]}",
                          f"{parameter}.{extra[0]} does not apply to source type {kind}")
    out = {"type": kind}
    for key in needed:
        field = value.get(key)
        name = f"{parameter}.{key}"
        if not isinstance(field, str) or not field.strip():
            raise bad_request(name, f"{name} is required for source type {kind}")
        if key == "search_engine" and field not in SEARCH_ENGINES:
            raise bad_request(name, f"{name} must be one of: {', '.join(SEARCH_ENGINES)}")
        if key == "search_type" and field not in SEARCH_TYPES:
            raise bad_request(name, f"{name} must be one of: {', '.join(SEARCH_TYPES)}")
        out[key] = field.strip()
    return out
