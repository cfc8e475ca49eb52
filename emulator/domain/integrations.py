"""Integrations ("Integrations", "Configuring Integrations") and the per-company webhook
signing key ("Webhooks" > "Security").

The webhook dispatcher reads configuration through `webhook_urls`, `signing_key`,
`active_webhooks` and reports delivery trouble through `mark_failed`.
"""
from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from marshmallow import Schema, fields, post_dump, validate

from emulator.clock import iso_z
from emulator.db import dumps, loads, schema, update
from emulator.engine.collection import fetch
from emulator.engine.body import load
from emulator.engine.resource import Resource, optional
from emulator.errors import bad_request

schema("""
CREATE TABLE IF NOT EXISTS integrations (
    id INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    type TEXT NOT NULL,                       -- Webhooks | Custom
    state TEXT NOT NULL DEFAULT 'active',     -- active | disabled | pending | failed
    config TEXT NOT NULL DEFAULT '{}',        -- JSON, shape depends on type
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS integrations_company_type ON integrations(company_id, type);
-- "CallRail generates a secret, random token for every company" (Webhooks > Security).
CREATE TABLE IF NOT EXISTS signing_keys (
    company_id TEXT PRIMARY KEY REFERENCES companies(id) ON DELETE CASCADE,
    key TEXT NOT NULL
);
""")

TYPES = ("Webhooks", "Custom")
STATES = ("active", "disabled", "pending", "failed")
WEBHOOK_KEYS = ("pre_call_webhook", "answered_call_webhook", "post_call_webhook",
                "updated_call_webhook", "post_outbound_call_webhook", "updated_outbound_call_webhook",
                "sms_received_webhook", "sms_sent_webhook", "form_captured_webhook")


class IntegrationSchema(Schema):
    id = fields.Int()
    type = fields.Str()
    state = fields.Str()
    config = fields.Dict()
    signing_key = fields.Str(allow_none=True, metadata=optional())

    @post_dump
    def _webhooks_only_key(self, data, **kwargs):
        # "If the integration type is Webhooks, the signing_key field will be included."
        if "signing_key" in data and data["signing_key"] is None:
            del data["signing_key"]
        return data


def _prepare(scope, rows, selected):
    objects = []
    for row in rows:
        obj = dict(row)
        obj["config"] = loads(obj["config"], {})
        if "signing_key" in selected:
            obj["signing_key"] = (signing_key(scope.conn, obj["company_id"])
                                  if obj["type"] == "Webhooks" else None)
        objects.append(obj)
    return objects


def _require_company(args) -> None:
    if args.get("company_id") in (None, ""):
        raise bad_request("company_id", "company_id is required")


RESOURCE = Resource(
    name="integration", table="integrations", schema=IntegrationSchema, collection_key="integrations",
    default_sort="integrations.id ASC",
    company_column="company_id",
    prepare=_prepare,
    check_args=_require_company,
)


class CreateSchema(Schema):
    company_id = fields.Raw(required=True)
    type = fields.Str(required=True, validate=validate.OneOf(
        TYPES, error="Only Webhooks and Custom integrations can be created via the API"))
    config = fields.Dict()


class UpdateSchema(Schema):
    state = fields.Str(validate=validate.OneOf(("active", "disabled")))
    config = fields.Dict()


# -- the signing key -------------------------------------------------------------------------

def signing_key(conn, company_id: str) -> str:
    """The company's webhook signing key (32 hex), created on first use, the same for every
    Webhooks integration of the company. Deterministic for a random seed."""
    row = conn.execute("SELECT key FROM signing_keys WHERE company_id=?", (company_id,)).fetchone()
    if row:
        return row[0]
    seed = conn.execute("SELECT value FROM settings WHERE key='random_seed'").fetchone()
    key = hashlib.md5(f"{seed[0] if seed else 0}:signing_key:{company_id}".encode()).hexdigest()
    conn.execute("INSERT OR IGNORE INTO signing_keys(company_id, key) VALUES (?, ?)", (company_id, key))
    return key


# -- configuration ---------------------------------------------------------------------------

def _valid_url(value) -> bool:
    if not isinstance(value, str) or any(c.isspace() for c in value):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _webhooks_config(config: dict, current: dict) -> dict:
    """Each key given replaces that key's URL list; an empty list removes the key."""
    merged = dict(current)
    for key, urls in config.items():
        parameter = f"config.{key}"
        if key not in WEBHOOK_KEYS:
            raise bad_request(parameter, f"{parameter} is not a webhook; use one of: {', '.join(WEBHOOK_KEYS)}")
        if not isinstance(urls, list):
            raise bad_request(parameter, f"{parameter} must be an array of URLs")
        for url in urls:
            if not _valid_url(url):
                raise bad_request(parameter, f"{parameter} contains an invalid http(s) URL: {url!r}")
        if urls:
            merged[key] = list(dict.fromkeys(urls))
        else:
            merged.pop(key, None)
    return {k: merged[k] for k in WEBHOOK_KEYS if k in merged}


def _custom_config(config: dict, current: dict, creating: bool) -> dict:
    for key in config:
        if key != "grab_cookies":
            raise bad_request(f"config.{key}", f"config.{key} is not a setting of Custom integrations")
    if "grab_cookies" not in config:
        if creating:
            raise bad_request("config.grab_cookies", "config.grab_cookies is required for Custom integrations")
        return current
    cookies = config["grab_cookies"]
    if (not isinstance(cookies, list) or not cookies
            or not all(isinstance(c, str) and c.strip() for c in cookies)):
        raise bad_request("config.grab_cookies", "config.grab_cookies must be a non-empty array of cookie names")
    return {"grab_cookies": list(dict.fromkeys(cookies))}


def _config(kind: str, config: dict, current: dict, creating: bool) -> dict:
    if kind == "Webhooks":
        return _webhooks_config(config, current)
    return _custom_config(config, current, creating)


# -- rules -----------------------------------------------------------------------------------

def get(scope, integration_id) -> dict:
    return fetch(scope, RESOURCE, integration_id, "Integration", integer=True)


def create(scope, body: dict) -> dict:
    scope.require("admin", "manager")
    data = load(CreateSchema, body)
    company = scope.company_param(data["company_id"], "company_id")
    clash = scope.conn.execute("SELECT 1 FROM integrations WHERE company_id=? AND type=?",
                               (company["id"], data["type"])).fetchone()
    if clash:
        raise bad_request("type", f"This company already has a {data['type']} integration; "
                                  "a company may only have a single integration of a given type")
    config = _config(data["type"], data.get("config") or {}, {}, creating=True)
    return get(scope, insert_integration(scope.conn, scope.account["id"], company["id"], data["type"],
                                         config, iso_z(scope.now)))


def insert_integration(conn, account_id: str, company_id: str, kind: str, config: dict,
                       created_at: str, state: str = "active") -> int:
    cursor = conn.execute(
        "INSERT INTO integrations(account_id, company_id, type, state, config, created_at) "
        "VALUES (?,?,?,?,?,?)", (account_id, company_id, kind, state, dumps(config), created_at))
    if kind == "Webhooks":
        signing_key(conn, company_id)
    return cursor.lastrowid


def change(scope, integration_id, body: dict) -> dict:
    scope.require("admin", "manager")
    integration = get(scope, integration_id)
    data = load(UpdateSchema, body, partial=True)
    changes = {}
    if "state" in data:
        changes["state"] = data["state"]
    if "config" in data:
        current = loads(integration["config"], {})
        changes["config"] = dumps(_config(integration["type"], data["config"], current, creating=False))
    update(scope.conn, "integrations", {"id": integration["id"]}, changes)
    return get(scope, integration["id"])


def delete(scope, integration_id) -> None:
    """DELETE disables ("Disabling an Integration")."""
    scope.require("admin", "manager")
    integration = get(scope, integration_id)
    update(scope.conn, "integrations", {"id": integration["id"]}, {"state": "disabled"})


# -- for the webhook dispatcher ----------------------------------------------------------------

def active_webhooks(conn, company_id: str) -> dict | None:
    """The company's active Webhooks integration (config parsed), if any."""
    row = conn.execute("SELECT * FROM integrations WHERE company_id=? AND type='Webhooks' "
                       "AND state='active'", (company_id,)).fetchone()
    if row is None:
        return None
    return {**dict(row), "config": loads(row["config"], {})}


def webhook_urls(conn, company_id: str, event_key: str) -> list[str]:
    """URLs configured for an event: `post_call_webhook` (or just `post_call`)."""
    key = event_key if event_key.endswith("_webhook") else f"{event_key}_webhook"
    integration = active_webhooks(conn, company_id)
    return list(integration["config"].get(key, [])) if integration else []


def mark_failed(conn, integration_id: int) -> None:
    conn.execute("UPDATE integrations SET state='failed' WHERE id=?", (integration_id,))


def describe(conn, integration_ids) -> dict[int, dict]:
    """`{"id", "type"}` of a batch of integrations, for the triggers' sideloaded object."""
    wanted = sorted({i for i in integration_ids if i is not None})
    if not wanted:
        return {}
    marks = ",".join("?" * len(wanted))
    return {r["id"]: {"id": r["id"], "type": r["type"]} for r in conn.execute(
        f"SELECT id, type FROM integrations WHERE id IN ({marks})", wanted)}
