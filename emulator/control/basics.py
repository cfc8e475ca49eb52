"""Health, credentials, reset, accounts, API keys and the clock."""
from __future__ import annotations

from datetime import datetime, timedelta


from emulator import __version__
from emulator.config import SEEDS
from emulator.control import body, control_route, state
from emulator.domain import accounts, users
from emulator.domain.scope import Scope
from emulator.engine.shape import render_one
from emulator.errors import bad_request


@control_route("/health")
def health():
    return {"status": "ok", "version": __version__}


def credentials_json() -> dict:
    conn = state().db.conn()
    rows = conn.execute(
        "SELECT k.key, u.id AS user_id, u.role, a.id AS account_id, a.numeric_id "
        "FROM api_keys k JOIN users u ON u.id = k.user_id JOIN accounts a ON a.id = u.account_id "
        "ORDER BY a.rowid, CASE u.role WHEN 'admin' THEN 0 WHEN 'manager' THEN 1 ELSE 2 END, k.rowid")
    return {"api_keys": [{"key": r["key"], "user_id": r["user_id"], "role": r["role"],
                          "account_id": r["account_id"], "account_numeric_id": r["numeric_id"]}
                         for r in rows]}


@control_route("/credentials")
def credentials():
    return credentials_json()


@control_route("/reset", methods=["POST"])
def reset():
    data = body()
    seed = data.get("seed")
    if seed is not None and seed not in SEEDS:
        raise bad_request("seed", f"seed must be one of: {', '.join(SEEDS)}")
    random_seed = data.get("random_seed")
    if random_seed is not None and (not isinstance(random_seed, int) or isinstance(random_seed, bool)):
        raise bad_request("random_seed", "random_seed must be an integer")
    keep_clock = data.get("keep_clock", False)
    if not isinstance(keep_clock, bool):
        raise bad_request("keep_clock", "keep_clock must be true or false")
    state().reset(seed, random_seed, keep_clock=keep_clock)
    return credentials_json()


def admin_scope(account: dict) -> Scope:
    emulator = state()
    conn = emulator.db.conn()
    admin = conn.execute("SELECT * FROM users WHERE account_id=? AND role='admin' ORDER BY rowid LIMIT 1",
                         (account["id"],)).fetchone()
    return Scope(db=emulator.db, user=dict(admin), account=account, company_ids=None,
                 now=emulator.clock.now(), args={})


@control_route("/accounts", methods=["POST"], status=201)
def create_account():
    data = body()
    name = data.get("name", "Emulated Account")
    if not isinstance(name, str) or not name:
        raise bad_request("name", "name must be a non-empty string")
    hipaa = data.get("hipaa_account", False)
    if not isinstance(hipaa, bool):
        raise bad_request("hipaa_account", "hipaa_account must be true or false")
    emulator = state()
    conn, now = emulator.db.conn(), emulator.clock.now()
    account = accounts.create(emulator.db, conn, now, name, hipaa)
    user = users.create_user(emulator.db, conn, now, account["id"], email=f"admin@{account['id'].lower()}.example.com",
                             first_name="Account", last_name="Admin", role="admin")
    key = users.issue_key(emulator.db, conn, now, user["id"])
    scope = admin_scope(account)
    return {"account": render_one(scope, accounts.RESOURCE, account, {"fields": "numeric_id"}),
            "user": render_one(scope, users.RESOURCE, users.get(scope, user["id"]), {}),
            "api_key": key}


@control_route("/a/<account_id>/api_keys", methods=["POST"], status=201)
def create_api_key(account_id):
    data = body()
    role = data.get("role")
    if role not in users.ROLES:
        raise bad_request("role", f"role is required, one of: {', '.join(users.ROLES)}")
    emulator = state()
    conn, now = emulator.db.conn(), emulator.clock.now()
    scope = admin_scope(accounts.find(conn, account_id))
    for name in ("first_name", "last_name", "email"):
        if data.get(name) is not None and not (isinstance(data[name], str) and data[name]):
            raise bad_request(name, f"{name} must be a non-empty string")
    refs = data.get("company_ids") or []
    if not isinstance(refs, list):
        raise bad_request("company_ids", "company_ids must be a list")
    company_ids = sorted({scope.company_param(ref, "company_ids")["id"] for ref in refs})
    if role != "admin" and not company_ids:
        company_ids = [r["id"] for r in conn.execute(
            "SELECT id FROM companies WHERE account_id=? ORDER BY rowid LIMIT 1", (scope.account["id"],))]
    n = emulator.db.next_counter("control-user")
    user = users.create_user(emulator.db, conn, now, scope.account["id"],
                             email=data.get("email") or f"{role}{n}@emulator.example.com",
                             first_name=data.get("first_name") or role.title(),
                             last_name=data.get("last_name") or f"User {n}", role=role,
                             company_ids=company_ids)
    key = users.issue_key(emulator.db, conn, now, user["id"])
    return {"user": render_one(scope, users.RESOURCE, users.get(scope, user["id"]), {}), "api_key": key}


@control_route("/clock")
def get_clock():
    return state().clock.as_json()


@control_route("/clock", methods=["POST"])
def set_clock():
    data = body()
    clock = state().clock
    if "freeze_at" in data:
        try:
            instant = datetime.fromisoformat(str(data["freeze_at"]).replace("Z", "+00:00"))
        except ValueError:
            raise bad_request("freeze_at", "freeze_at must be an ISO 8601 date-time") from None
        if instant.tzinfo is None:
            raise bad_request("freeze_at", "freeze_at needs a UTC offset or Z")
        if not 1900 <= instant.year <= 9000:
            # Date windows (25 months back, a year ahead) must stay representable.
            raise bad_request("freeze_at", "freeze_at must be between the years 1900 and 9000")
        clock.freeze_at(instant)
    elif "advance" in data:
        seconds = data["advance"]
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
            raise bad_request("advance", "advance must be a number of seconds")
        try:
            moved = clock.now() + timedelta(seconds=seconds)
        except (OverflowError, ValueError):
            moved = None
        if moved is None or not 1900 <= moved.year <= 9000:
            raise bad_request("advance", "advance must keep the clock between the years 1900 and 9000")
        clock.advance(seconds)
    elif data.get("unfreeze") is True:
        clock.unfreeze()
    else:
        raise bad_request(None, "send one of freeze_at, advance or unfreeze")
    return clock.as_json()
