"""What the `docs` seed holds (emulator/fixtures/docs.json: the doc's own example objects), and
small assertion helpers shared by the foundation's contract tests."""
from __future__ import annotations

FORBIDDEN = {"error": "You do not have permission to perform the requested action"}

ACCOUNT = "ACC8154748ae6bd4e278a7cddd38a662f4f"        # Last Mile Metrics
ACCOUNT_NUMERIC = 227799611
OTHER_ACCOUNT = "ACC8154748ae6bd4e278a7cddd38a662d4d"  # CallRail (Kevin is a member too)
A = f"/v3/a/{ACCOUNT}"

ADMIN_KEY = "docs-admin-key"              # Kevin Mann
MANAGER_KEY = "docs-manager-key"          # Linda Belcher, Bob's Burgers only
REPORTING_KEY = "docs-reporting-key"      # Teddy Francisco, Bob's Burgers only
OTHER_ADMIN_KEY = "docs-callrail-admin-key"  # Gene Belcher, CallRail account only

KEVIN = "USR8154748ae6bd4e278a7cddd38a662f4f"
ANDY = "USR8154748ae6bd4e278a7cddd38a662e4e"
LINDA = "USR2c3d4e5f607182934a5b6c7d8e9f0a12"
TEDDY = "USR3d4e5f6071829304b5c6d7e8f90a1b23"
GENE = "USR9e8d7c6b5a4f30211f2e3d4c5b6a7988"

WIDGET_SHOP = "COM8154748ae6bd4e278a7cddd38a662f4f"
WIDGET_SHOP_NUMERIC = 183570817
BOBS_BURGERS = "COM8154748ae6bd4e278a7cddd38a662e4e"
BOBS_BURGERS_NUMERIC = 411892629
JOES_ICECREAM = "COMa1d3c8e0b5f94a7e9d2b6c4f8e1a3d5b"
GRAND_SYMPHONY = "COM37221d54e80c4216898d2f857fc69fa0"
WIDGET_SHOP_2 = "COM0392748ae6bd4e278a7cddd38b254a2a"   # in the CallRail account
ACTIVE_COMPANIES = ["Widget Shop", "Bob's Burgers", "Joe's Icecream", "Grand Symphony Resort"]
DISABLED_COMPANIES = ["Falafel on a Waffle", "Jimmy Pesto's Pizzeria"]

CONVERSION_TAG = 993186                   # Grand Symphony Resort, with Sales and Unanswered


def error(response, status: int, parameter: str | None = None) -> dict:
    """Assert a JSON error with this status (and the offending parameter named); return it."""
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["Content-Type"].startswith("application/json"), response.headers
    body = response.json()
    assert isinstance(body.get("error"), str) and body["error"], body
    if parameter is not None:
        assert body.get("parameter") == parameter, body
    return body


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, (response.status_code, response.text)
    return response.json() if response.content else {}


def names(response, key: str, field: str = "name") -> list:
    return [item[field] for item in ok(response)[key]]


def as_role(callrail, role: str, account: str = ACCOUNT):
    """An API session with the key of a user of this role in the account."""
    return callrail.api.with_key(callrail.key_for(role, account))


def listing(api, path: str, **params) -> dict:
    """One page of a collection under the docs account (`path` such as "notifications.json"); asserts 200."""
    return ok(api.get(f"{A}/{path}", params=params))


HOSTILE = (None, True, 1.5, 10**30, "", "ü🙂", [None], {"a": 1})


def probe_hostile(api, method: str, path: str, body: dict) -> set:
    """Send `body` with each top-level value (and each value of a nested object) replaced by each
    HOSTILE value: never a 5xx, and every 400/422 names a parameter. Returns the statuses seen."""
    variants = []
    for key, original in body.items():
        variants += [(key, {**body, key: value}) for value in HOSTILE]
        if isinstance(original, dict):
            variants += [(f"{key}.{sub}", {**body, key: {**original, sub: value}})
                         for sub in [*original, "unknown"] for value in HOSTILE]
    seen = set()
    for label, sent in variants:
        response = api.request(method, f"{A}/{path}", json=sent)
        assert response.status_code < 500, (label, sent, response.text)
        if response.status_code in (400, 422):
            assert response.json().get("parameter"), (label, sent, response.text)
        seen.add(response.status_code)
    return seen
