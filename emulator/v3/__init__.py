"""The CallRail surface: every /v3 route. One module per resource; each holds only the HTTP
shape (parameters in, status and JSON out) and calls the domain layer for the rules."""
from __future__ import annotations

import importlib
import json
import pkgutil
from functools import wraps

from flask import Blueprint, g, request

from emulator.domain import accounts as account_rules
from emulator.domain import users as user_rules
from emulator.domain.scope import Scope
from emulator.engine.collection import list_collection
from emulator.engine.shape import render_one
from emulator.errors import ApiError, unauthorized
from emulator.events import notify

bp = Blueprint("v3", __name__, url_prefix="/v3")


def state():
    from emulator.app import state as app_state

    return app_state()


def route(rule: str, methods=("GET",), status: int = 200, get_body: bool = False):
    """Declare a /v3 route. Writes run in one transaction: a failed request stores nothing.
    `get_body`: this GET also reads parameters from a JSON body, as the doc shows for it."""

    def decorate(view):
        @wraps(view)
        def wrapper(**kwargs):
            g.get_body = get_body
            emulator = state()
            if request.method == "GET":
                result = view(**kwargs)
            else:
                with emulator.db.transaction():
                    result = view(**kwargs)
                notify(emulator.db)
            if result is None:
                return "", 204
            return result, status

        bp.add_url_rule(rule, view_func=wrapper, methods=list(methods), endpoint=f"{view.__name__}")
        return wrapper

    return decorate


def resource_routes(path: str, module, id_name: str, verbs=("list", "show", "create", "update", "delete"),
                    create_status: int = 201):
    """The usual CRUD routes of a resource, mapped to its domain module's functions
    (`get`, `create`, `change`, `delete`) and shaped by its RESOURCE declaration."""
    resource = module.RESOURCE
    item = f"{path}/<{id_name}>"

    def list_view(account_id):
        s = scope(account_id)
        return list_collection(s, resource, s.args)

    def show_view(account_id, **ids):
        s = scope(account_id)
        return render_one(s, resource, module.get(s, ids[id_name]), s.args)

    def create_view(account_id):
        s = scope(account_id)
        return render_one(s, resource, module.create(s, body()), s.args)

    def update_view(account_id, **ids):
        s = scope(account_id)
        return render_one(s, resource, module.change(s, ids[id_name], body()), s.args)

    def delete_view(account_id, **ids):
        module.delete(scope(account_id), ids[id_name])

    table = {"list": (path, "GET", 200, list_view), "show": (item, "GET", 200, show_view),
             "create": (path, "POST", create_status, create_view),
             "update": (item, "PUT", 200, update_view), "delete": (item, "DELETE", 204, delete_view)}
    for verb in verbs:
        rule, method, status, view = table[verb]
        view.__name__ = f"{verb}_{resource.name}"
        route(rule, methods=[method], status=status)(view)


def api_key() -> str | None:
    """`Authorization: Token token="KEY"` or `Token token=KEY`."""
    header = request.headers.get("Authorization", "")
    scheme, _, rest = header.partition(" ")
    if scheme.lower() != "token":
        return None
    name, _, value = rest.strip().partition("=")
    if name.strip() != "token" or not value:
        return None
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    return value or None


@bp.before_request
def authenticate():
    emulator = state()
    key = api_key()
    user = user_rules.for_key(emulator.db.conn(), key) if key else None
    if user is None:
        raise unauthorized()
    g.user = user
    # One instant per request: the traffic hooks' reading, so the rate-limit window, the
    # journal, date filters and stored timestamps agree.
    g.now = g.get("traffic_now") or emulator.clock.now()


def args():
    """Query parameters; POST/PUT bodies must be JSON objects (406 otherwise)."""
    if request.method == "GET" and g.get("get_body"):
        merged = request.args.to_dict(flat=False)
        merged = {k: v if len(v) > 1 else v[0] for k, v in merged.items()}
        merged.update(_json_body(optional=True))
        return merged
    if request.method == "GET" and request.get_data():
        raise ApiError(406, "Parameters of GET requests must be sent in the URL query string")
    return request.args


# Query parameters that describe the response rather than the change: allowed on writes.
RESPONSE_PARAMETERS = {"fields", "time_zone"}


def body() -> dict:
    """The JSON body of a POST/PUT. Parameters sent in the query string instead are a 406:
    "For other requests, verify that parameters are sent as JSON" (HTTP Response Codes)."""
    value = _json_body(optional=True)
    if not value and set(request.args) - RESPONSE_PARAMETERS:
        raise ApiError(406, "Parameters of POST and PUT requests must be sent as JSON in the body")
    return value


def _json_body(optional: bool) -> dict:
    raw = request.get_data()
    if not raw.strip():
        return {}
    try:
        value = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ApiError(406, "Request parameters must be sent as JSON") from None
    if not isinstance(value, dict):
        raise ApiError(406, "The request body must be a JSON object")
    return value


def scope(account_ref: str | None = None) -> Scope:
    """The key's view of the account in the path (404 for accounts it is not a member of)."""
    emulator = state()
    conn = emulator.db.conn()
    account = account_rules.find_for_user(conn, g.user["id"], account_ref) if account_ref else None
    return Scope(db=emulator.db, user=g.user, account=account,
                 company_ids=user_rules.visible_company_ids(conn, g.user), now=g.now,
                 base_url=request.host_url.rstrip("/"), args=args())


for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
