"""Users, their roles, company access and API keys ("Users", "Authorization")."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from emulator import ids
from emulator.clock import iso_z
from emulator.db import insert, schema, update
from emulator.engine.body import load
from emulator.engine.resource import Flag, Filter, Resource, Sort
from emulator.errors import bad_request, forbidden, invalid, not_found

ROLES = ("admin", "manager", "reporting")

schema("""
CREATE TABLE IF NOT EXISTS users (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    role TEXT NOT NULL,
    time_zone TEXT NOT NULL DEFAULT 'America/New_York',
    accepted INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS users_account_email ON users(account_id, email);
CREATE INDEX IF NOT EXISTS users_account_created ON users(account_id, created_at);
CREATE INDEX IF NOT EXISTS users_account_last_name ON users(account_id, last_name);
CREATE TABLE IF NOT EXISTS user_companies (
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, company_id)
);
CREATE INDEX IF NOT EXISTS user_companies_company ON user_companies(company_id);
CREATE TABLE IF NOT EXISTS api_keys (
    key TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS api_keys_user ON api_keys(user_id);
""")


class UserSchema(Schema):
    email = fields.Str()
    id = fields.Str()
    created_at = fields.Str()
    role = fields.Str()
    first_name = fields.Str()
    last_name = fields.Str()
    name = fields.Str()
    accepted = Flag()
    companies = fields.List(fields.Dict())


def _prepare(scope, rows, selected):
    objects = [dict(r) for r in rows]
    access = companies_of(scope.conn, scope.account["id"], objects, scope.company_ids)
    for obj in objects:
        obj["name"] = f"{obj['first_name']} {obj['last_name']}"
        obj["companies"] = access[obj["id"]]
    return objects


def companies_of(conn, account_id: str, users: list[dict],
                 visible: set[str] | None = None) -> dict[str, list[dict]]:
    """Company access for a batch of users in one query each way: admins see every company.
    `visible` (the asking key's companies) hides companies the asker may not see."""
    every = [{"id": r["id"], "name": r["name"]} for r in conn.execute(
        "SELECT id, name FROM companies WHERE account_id=? ORDER BY created_at, rowid", (account_id,))
        if visible is None or r["id"] in visible]
    others = [u["id"] for u in users if u["role"] != "admin"]
    granted: dict[str, list[dict]] = {u: [] for u in others}
    if others:
        marks = ",".join("?" * len(others))
        for r in conn.execute(
                f"SELECT uc.user_id, c.id, c.name FROM user_companies uc JOIN companies c "
                f"ON c.id = uc.company_id WHERE uc.user_id IN ({marks}) ORDER BY c.created_at, c.rowid",
                others):
            if visible is None or r["id"] in visible:
                granted[r["user_id"]].append({"id": r["id"], "name": r["name"]})
    return {u["id"]: (every if u["role"] == "admin" else granted[u["id"]]) for u in users}


def _company_filter(scope, values):
    company = scope.company_param(values[0], "company_id")
    return ("users.role = 'admin' OR users.id IN (SELECT user_id FROM user_companies WHERE company_id = ?)",
            [company["id"]])


RESOURCE = Resource(
    name="user", table="users", schema=UserSchema, collection_key="users",
    sorts={"email": Sort("users.email"), "created_at": Sort("users.created_at", "desc")},
    default_sort="users.created_at ASC, users.rowid ASC",
    filters={"company_id": Filter(sql=_company_filter)},
    search=("users.first_name", "users.last_name", "users.email"),
    prepare=_prepare,
)


class CreateSchema(Schema):
    first_name = fields.Str(required=True, validate=validate.Length(min=1))
    last_name = fields.Str(required=True, validate=validate.Length(min=1))
    email = fields.Email(required=True)
    role = fields.Str(required=True, validate=validate.OneOf(ROLES))
    companies = fields.List(fields.Raw(), allow_none=True)


class UpdateSchema(Schema):
    first_name = fields.Str(validate=validate.Length(min=1))
    last_name = fields.Str(validate=validate.Length(min=1))
    email = fields.Email()
    current_password = fields.Str()
    companies = fields.List(fields.Raw())


def get(scope, user_id: str) -> dict:
    row = scope.conn.execute("SELECT * FROM users WHERE id=? AND account_id=?",
                             (user_id, scope.account["id"])).fetchone()
    if row is None:
        raise not_found("User")
    return dict(row)


def create_user(db, conn, now, account_id: str, *, email: str, first_name: str, last_name: str,
                role: str, company_ids=(), accepted: bool = True, time_zone: str | None = None) -> dict:
    """The one way a user comes to exist (API, control plane and seeds)."""
    if conn.execute("SELECT 1 FROM users WHERE account_id=? AND email=?", (account_id, email)).fetchone():
        raise invalid("email", f"email has already been taken: {email}")
    if time_zone is None:
        time_zone = conn.execute("SELECT time_zone FROM accounts WHERE id=?", (account_id,)).fetchone()[0]
    row = {"id": ids.prefixed(db, "USR"), "account_id": account_id, "email": email,
           "first_name": first_name, "last_name": last_name, "role": role, "time_zone": time_zone,
           "accepted": int(accepted), "created_at": iso_z(now)}
    insert(conn, "users", row)
    insert(conn, "memberships", {"user_id": row["id"], "account_id": account_id})
    for company_id in company_ids:
        insert(conn, "user_companies", {"user_id": row["id"], "company_id": company_id})
    return row


def issue_key(db, conn, now, user_id: str, key: str | None = None) -> str:
    key = key or ids.api_key(db)
    insert(conn, "api_keys", {"key": key, "user_id": user_id, "created_at": iso_z(now)})
    return key


def _company_ids(scope, refs, parameter: str = "companies") -> list[str]:
    if not isinstance(refs, list):
        raise bad_request(parameter, f"{parameter} must be a list of company ids")
    return sorted({scope.company_param(ref, parameter)["id"] for ref in refs})


def create(scope, body: dict) -> dict:
    scope.require("admin")
    data = load(CreateSchema, body)
    company_ids = []
    if data["role"] != "admin":
        if not data.get("companies"):
            raise bad_request("companies", "companies is required for manager and reporting users")
        company_ids = _company_ids(scope, data["companies"])
    # An invited user has not accepted yet (Creating a User: "an email will be sent").
    row = create_user(scope.db, scope.conn, scope.now, scope.account["id"], email=data["email"],
                      first_name=data["first_name"], last_name=data["last_name"], role=data["role"],
                      company_ids=company_ids, accepted=False)
    return get(scope, row["id"])


def change(scope, user_id: str, body: dict) -> dict:
    user = get(scope, user_id)
    if "password" in body or "password_confirmation" in body:
        raise bad_request("password", "Passwords can no longer be managed via the API; "
                                      "change them in the CallRail application")
    data = load(UpdateSchema, body, partial=True)
    own = user["id"] == scope.user["id"]
    if not own and not scope.is_admin:
        # "Managers and Reporting users cannot ... update users other than ... their own" (Users).
        raise forbidden()
    personal = [k for k in ("first_name", "last_name", "email") if k in data]
    if personal and not own:
        raise forbidden()
    if "companies" in data and not scope.is_admin:
        raise forbidden()
    if not user["accepted"]:
        raise invalid("id", "Updates can only be made for users that have accepted their invitation")
    if "email" in data and data["email"] != user["email"]:
        if not data.get("current_password"):
            raise bad_request("current_password", "current_password is required to change the email")
        clash = scope.conn.execute("SELECT 1 FROM users WHERE account_id=? AND email=? AND id<>?",
                                   (scope.account["id"], data["email"], user["id"])).fetchone()
        if clash:
            raise invalid("email", f"email has already been taken: {data['email']}")
    update(scope.conn, "users", {"id": user["id"]}, {k: data[k] for k in personal})
    if "companies" in data:
        if user["role"] == "admin":
            raise bad_request("companies", "Administrators have access to every company; "
                                           "company access is managed for other roles only")
        ids_ = _company_ids(scope, data["companies"])
        scope.conn.execute("DELETE FROM user_companies WHERE user_id=?", (user["id"],))
        for company_id in ids_:
            insert(scope.conn, "user_companies", {"user_id": user["id"], "company_id": company_id})
    return get(scope, user["id"])


def delete(scope, user_id: str) -> None:
    scope.require("admin")
    user = get(scope, user_id)
    if user["id"] == scope.user["id"]:
        raise invalid("id", "You cannot delete your own user")
    scope.conn.execute("DELETE FROM users WHERE id=?", (user["id"],))
    scope.conn.execute("DELETE FROM memberships WHERE user_id=?", (user["id"],))


def for_key(conn, key: str) -> dict | None:
    row = conn.execute("SELECT users.* FROM api_keys JOIN users ON users.id = api_keys.user_id "
                       "WHERE api_keys.key = ?", (key,)).fetchone()
    return dict(row) if row else None


def visible_company_ids(conn, user: dict) -> set[str] | None:
    if user["role"] == "admin":
        return None
    return {r[0] for r in conn.execute("SELECT company_id FROM user_companies WHERE user_id=?",
                                       (user["id"],))}
