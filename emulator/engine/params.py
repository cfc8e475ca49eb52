"""Typed reading of request parameters; every failure is a 400 naming the parameter."""
from __future__ import annotations

from typing import Any, Iterable, Mapping

from emulator.errors import bad_request

TRUE = ("true", "1", "yes")
FALSE = ("false", "0", "no")


def text(args: Mapping, name: str, default: str | None = None) -> str | None:
    value = args.get(name)
    if value is None or value == "":
        return default
    if not isinstance(value, str):
        raise bad_request(name, f"{name} must be a string")
    return value


def integer(args: Mapping, name: str, default: int | None = None, minimum: int | None = None,
            maximum: int | None = None) -> int | None:
    raw = args.get(name)
    if raw is None or raw == "":
        return default
    if isinstance(raw, bool):
        raise bad_request(name, f"{name} must be an integer")
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise bad_request(name, f"{name} must be an integer") from None
    if minimum is not None and value < minimum:
        raise bad_request(name, f"{name} must be at least {minimum}")
    if maximum is not None and value > maximum:
        raise bad_request(name, f"{name} must be at most {maximum}")
    return value


def boolean(args: Mapping, name: str, default: bool | None = None) -> bool | None:
    raw = args.get(name)
    if raw is None or raw == "":
        return default
    if isinstance(raw, bool):
        return raw
    if str(raw).lower() in TRUE:
        return True
    if str(raw).lower() in FALSE:
        return False
    raise bad_request(name, f"{name} must be true or false")


def choice(args: Mapping, name: str, allowed: Iterable[str], default: str | None = None) -> str | None:
    value = text(args, name)
    if value is None:
        return default
    allowed = list(allowed)
    if value not in allowed:
        raise bad_request(name, f"{name} must be one of: {', '.join(allowed)}")
    return value


def many(args, name: str, split_commas: bool = False) -> list[str]:
    """`name=A`, `name[]=A&name[]=B` (and `name=A,B` where the doc allows it)."""
    values: list[Any] = []
    getlist = getattr(args, "getlist", None)
    for key in (name, name + "[]"):
        if getlist:
            values.extend(getlist(key))
        elif key in args:
            raw = args[key]
            values.extend(raw if isinstance(raw, list) else [raw])
    out: list[str] = []
    for value in values:
        if not isinstance(value, (str, int)):
            raise bad_request(name, f"{name} must be a string or a list of strings")
        parts = str(value).split(",") if split_commas else [str(value)]
        out.extend(p.strip() for p in parts if p.strip())
    return out
