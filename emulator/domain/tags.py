"""Tags at company and account level, their colours, and the records they are applied to."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate

from emulator.clock import iso_offset, iso_z, parse_stored
from emulator.db import schema, update
from emulator.engine.collection import fetch
from emulator.engine.body import load
from emulator.engine.resource import Filter, Resource, Sort
from emulator.errors import bad_request, invalid

# "Available Colors": name -> (color, background color).
COLORS = {
    "gray1": ("#464646", "#e7e7e7"), "gray2": ("#ffffff", "#c2c2c2"),
    "blue1": ("#0f3778", "#b5cef7"), "blue2": ("#ffffff", "#4583ea"),
    "cyan1": ("#0d404a", "#96d7e5"), "cyan2": ("#ffffff", "#23a2bd"),
    "purple1": ("#3d0d90", "#e3d6ff"), "purple2": ("#ffffff", "#b997ff"),
    "pink1": ("#761e3a", "#fcd3e0"), "pink2": ("#9a4964", "#f890b2"),
    "pink3": ("#6b323b", "#ebdbde"), "pink4": ("#ffffff", "#cda6ac"),
    "red1": ("#8c1b00", "#f3b2a7"), "red2": ("#ffffff", "#fe4a22"),
    "orange1": ("#7f3306", "#ffc8ad"), "orange2": ("#ffffff", "#ff7529"),
    "orange3": ("#7d4900", "#ffdfb2"), "orange4": ("#ffffff", "#ffae38"),
    "yellow1": ("#594d00", "#fcea7c"), "yellow2": ("#694f00", "#fdeebf"),
    "green1": ("#054f2f", "#b1f0d2"), "green2": ("#044227", "#38d790"),
    "green3": ("#015531", "#a0ddc0"), "green4": ("#ffffff", "#00a863"),
}
DEFAULT_COLOR = "gray1"

schema("""
CREATE TABLE IF NOT EXISTS tags (
    id INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    company_id TEXT REFERENCES companies(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    tag_level TEXT NOT NULL,
    color TEXT NOT NULL,
    background_color TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'enabled',
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS tags_account_name ON tags(account_id, name);
CREATE INDEX IF NOT EXISTS tags_account ON tags(account_id);  -- the default order: by id within an account
CREATE INDEX IF NOT EXISTS tags_company_name ON tags(company_id, name);
-- Which records carry which tag; calls and form submissions add rows here.
CREATE TABLE IF NOT EXISTS taggings (
    tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    record_type TEXT NOT NULL,
    record_id TEXT NOT NULL,
    PRIMARY KEY (record_type, record_id, tag_id)
);
CREATE INDEX IF NOT EXISTS taggings_tag ON taggings(tag_id);
""")


class TagSchema(Schema):
    id = fields.Int()
    name = fields.Str()
    tag_level = fields.Str()
    color = fields.Str()
    background_color = fields.Str()
    company_id = fields.Str(allow_none=True)
    status = fields.Str()
    created_at = fields.Str()


def _prepare(scope, rows, selected):
    objects = [dict(r) for r in rows]
    zone = scope.zone(scope.args)
    for obj in objects:
        # "The date and time the tag was created in the current timezone ... with an offset."
        obj["created_at"] = iso_offset(parse_stored(obj["created_at"]), zone)
    return objects


RESOURCE = Resource(
    name="tag", table="tags", schema=TagSchema, collection_key="tags",
    sorts={"name": Sort("tags.name")},
    default_sort="tags.id ASC",
    filters={
        "status": Filter(values={"enabled": "tags.status = 'enabled'",
                                 "disabled": "tags.status = 'disabled'"}),
        "tag_level": Filter(values={"company": "tags.tag_level = 'company'",
                                    "account": "tags.tag_level = 'account'"}),
    },
    company_column="company_id",  # scope, and the company_id filter ("only tags belonging to this company")
    account_level_when_null=True,
    prepare=_prepare,
    check_args=lambda args: check_list_params(args),
)


class CreateSchema(Schema):
    name = fields.Str(required=True, validate=validate.Length(min=1))
    company_id = fields.Raw()
    color = fields.Str(validate=validate.OneOf(list(COLORS)))
    tag_level = fields.Str(validate=validate.OneOf(["company", "account"]))


def _disabled(value):
    if str(value).lower() not in ("true", "false"):
        raise ValidationError("must be true or false")


class UpdateSchema(Schema):
    name = fields.Str(validate=validate.Length(min=1))
    color = fields.Str(validate=validate.OneOf(list(COLORS)))
    disabled = fields.Raw(validate=_disabled)


def check_list_params(args) -> None:
    if args.get("tag_level") == "account" and args.get("company_id"):
        raise bad_request("tag_level", "tag_level=account cannot be combined with company_id")


def get(scope, tag_id) -> dict:
    return fetch(scope, RESOURCE, tag_id, "Tag")


def _may_manage(scope, tag_level: str) -> None:
    # Account-level tags "can only be created and edited by administrators";
    # reporting users cannot change settings ("User Roles").
    scope.require("admin") if tag_level == "account" else scope.require("admin", "manager")


def _clash(scope, name: str, company_id: str | None, except_id=None) -> None:
    row = scope.conn.execute(
        "SELECT id FROM tags WHERE account_id=? AND name=? AND company_id IS ? AND id IS NOT ?",
        (scope.account["id"], name, company_id, except_id)).fetchone()
    if row:
        raise invalid("name", f"name has already been taken: {name}")


def create(scope, body: dict) -> dict:
    data = load(CreateSchema, body)
    level = data.get("tag_level") or "company"
    _may_manage(scope, level)
    company_id = None
    if level == "account" and data.get("company_id") not in (None, ""):
        raise bad_request("company_id", "company_id cannot be combined with tag_level=account")
    if level == "company":
        if data.get("company_id") in (None, ""):
            raise bad_request("company_id", "company_id is required for a company-level tag")
        company_id = scope.company_param(data["company_id"], "company_id")["id"]
    tag_id = insert_tag(scope.conn, scope.account["id"], company_id, data["name"],
                        data.get("color", DEFAULT_COLOR), iso_z(scope.now), scope)
    return get(scope, tag_id)


def insert_tag(conn, account_id, company_id, name, color, created_at, scope=None) -> int:
    if scope is not None:
        _clash(scope, name, company_id)
    # `color` names a row of the colour table, which fixes both colours of the tag.
    cursor = conn.execute(
        "INSERT INTO tags(account_id, company_id, name, tag_level, color, background_color, created_at)"
        " VALUES (?,?,?,?,?,?,?)",
        (account_id, company_id, name, "company" if company_id else "account", color, color, created_at))
    return cursor.lastrowid


def change(scope, tag_id, body: dict) -> dict:
    tag = get(scope, tag_id)
    _may_manage(scope, tag["tag_level"])
    data = load(UpdateSchema, body, partial=True)
    changes = {}
    if "name" in data:
        _clash(scope, data["name"], tag["company_id"], tag["id"])
        changes["name"] = data["name"]
    if "color" in data:
        changes["color"] = changes["background_color"] = data["color"]
    if "disabled" in data:
        changes["status"] = "disabled" if str(data["disabled"]).lower() == "true" else "enabled"
    update(scope.conn, "tags", {"id": tag["id"]}, changes)
    return get(scope, tag["id"])


def delete(scope, tag_id) -> None:
    tag = get(scope, tag_id)
    _may_manage(scope, tag["tag_level"])
    # Removing a tag removes it from every interaction it was applied to (taggings cascade).
    scope.conn.execute("DELETE FROM taggings WHERE tag_id=?", (tag["id"],))
    scope.conn.execute("DELETE FROM tags WHERE id=?", (tag["id"],))


def names_for(conn, record_type: str, record_ids: list[str]) -> dict[str, list[str]]:
    """Tag names per record, for a page of records in one query."""
    out: dict[str, list[str]] = {r: [] for r in record_ids}
    if not record_ids:
        return out
    marks = ",".join("?" * len(record_ids))
    for row in conn.execute(
            f"SELECT t.record_id, tags.name FROM taggings t JOIN tags ON tags.id = t.tag_id "
            f"WHERE t.record_type=? AND t.record_id IN ({marks}) ORDER BY tags.name",
            [record_type, *record_ids]):
        out[row[0]].append(row[1])
    return out


def filter_sql(record_type: str, column: str):
    """A `Filter.sql` for `tags=A` or `tags[]=A&tags[]=B`: records carrying either tag."""
    def build(scope, values):
        marks = ",".join("?" * len(values))
        return (f"EXISTS (SELECT 1 FROM taggings tg JOIN tags t ON t.id = tg.tag_id "
                f"WHERE tg.record_type = ? AND tg.record_id = {column} AND t.name IN ({marks}))",
                [record_type, *values])
    return build


def retag(scope, record_type: str, record: dict, names, append: bool) -> bool:
    """Tags a call or form submission by name, in its company (account-level tags too); an
    unknown name becomes a new company tag ("New tags will be created"). `append` adds to the
    record's tags, otherwise they are replaced. True when the record's tags changed."""
    conn = scope.conn
    before = {r[0] for r in conn.execute(
        "SELECT tag_id FROM taggings WHERE record_type = ? AND record_id = ?", (record_type, record["id"]))}
    wanted = set(before) if append else set()
    for name in dict.fromkeys(n.strip() for n in (names or []) if n.strip()):
        row = conn.execute(
            "SELECT id FROM tags WHERE account_id = ? AND name = ? AND (company_id = ? OR company_id IS NULL) "
            "ORDER BY company_id IS NULL, id LIMIT 1",
            (record["account_id"], name, record["company_id"])).fetchone()
        wanted.add(row[0] if row else insert_tag(conn, record["account_id"], record["company_id"], name,
                                                 DEFAULT_COLOR, iso_z(scope.now)))
    if wanted == before:
        return False
    conn.execute("DELETE FROM taggings WHERE record_type = ? AND record_id = ?", (record_type, record["id"]))
    conn.executemany("INSERT INTO taggings(tag_id, record_type, record_id) VALUES (?, ?, ?)",
                     [(t, record_type, record["id"]) for t in sorted(wanted)])
    return True
