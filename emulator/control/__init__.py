"""The control plane (/_emulator): a public, stable contract (DESIGN.md). JSON in and out.
One module per concern; each registers its routes on this blueprint."""
from __future__ import annotations

import importlib
import json
import pkgutil
from functools import wraps

from flask import Blueprint, request

from emulator.errors import ApiError

bp = Blueprint("control", __name__, url_prefix="/_emulator")


def state():
    from emulator.app import state as app_state

    return app_state()


@bp.before_request
def check_token():
    token = state().settings.control_token
    if token and request.headers.get("X-Emulator-Token") != token:
        raise ApiError(401, "X-Emulator-Token is missing or wrong", "X-Emulator-Token")


def body() -> dict:
    raw = request.get_data()
    if not raw.strip():
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        raise ApiError(400, "The body must be JSON", "body") from None
    if not isinstance(value, dict):
        raise ApiError(400, "The body must be a JSON object", "body")
    return value


def control_route(rule: str, methods=("GET",), status: int = 200):
    """Control routes that change state run in one transaction, like /v3 writes."""

    def decorate(view):
        @wraps(view)
        def wrapper(**kwargs):
            if request.method == "GET":
                result = view(**kwargs)
            else:
                from emulator.events import notify

                with state().db.transaction():
                    result = view(**kwargs)
                notify(state().db)
            return result, status

        bp.add_url_rule(rule, view_func=wrapper, methods=list(methods), endpoint=view.__name__)
        return wrapper

    return decorate


for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
