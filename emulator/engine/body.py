"""Request bodies through marshmallow: a failed load is a 400 naming the first parameter."""
from __future__ import annotations

from marshmallow import EXCLUDE, Schema, ValidationError

from emulator.errors import ApiError


def load(schema_cls: type[Schema], body: dict, partial: bool = False, prefix: str = "") -> dict:
    """`prefix` names a nested object's parameters (`call_flow.destination_number`)."""
    try:
        return schema_cls(unknown=EXCLUDE, partial=partial).load(body)
    except ValidationError as exc:
        parameter, message = _first(exc.messages, prefix)
        error = ApiError(400, f"{parameter}: {message}", parameter)
        error.body = {"error": f"{parameter}: {message}", "parameter": parameter,
                      "errors": exc.messages}
        raise error from None


def _first(messages, prefix: str = "") -> tuple[str, str]:
    if isinstance(messages, dict):
        key = next(iter(messages))
        name = f"{prefix}.{key}" if prefix and not isinstance(key, int) else (prefix or str(key))
        return _first(messages[key], name)
    if isinstance(messages, list) and messages:
        if isinstance(messages[0], (dict, list)):
            return _first(messages[0], prefix)
        return prefix, str(messages[0])
    return prefix, str(messages)
