"""Relative pagination ("Relative Pagination", doc 70-101): keyset pages.

`next_page` is an absolute URL that repeats the request's own parameters with `offset` moved
on by one and a `cursor` holding the last row's sort key and rowid, so following it seeks
straight to the next row through the sort's index: page 400 costs what page 1 costs. Without a
cursor, `offset=k` (0-based) jumps to page k+1 with an SQL OFFSET. No totals are counted."""
from __future__ import annotations

import base64
import json
from urllib.parse import urlencode

from emulator.engine import params
from emulator.engine.collection import Query, parse_sort, scoped_query
from emulator.engine.shape import render, selected_fields
from emulator.errors import bad_request

CONTROL = ("offset", "cursor", "page")
MAX_OFFSET = 10**9  # offset * per_page must stay an SQLite integer


def wanted(resource, args) -> bool:
    return bool(resource.relative_default_sort) and bool(params.boolean(args, "relative_pagination", False))


def _sort(resource, args):
    return parse_sort(resource, args, resource.relative_default_sort)


def _encode(name: str, direction: str, value, rowid: int) -> str:
    raw = json.dumps([name, direction, value, rowid], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(token: str, name: str, direction: str):
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        cname, cdirection, value, rowid = json.loads(raw)
        if not isinstance(rowid, int) or isinstance(value, (list, dict)) or not all(
                -2**63 <= v < 2**63 for v in (rowid, value) if isinstance(v, int)):
            raise ValueError
    except (ValueError, TypeError, UnicodeDecodeError):
        raise bad_request("cursor", "cursor is not a cursor this endpoint returned") from None
    if (cname, cdirection) != (name, direction):
        raise bad_request("cursor", "cursor belongs to another sort or order; start again without it")
    return value, rowid


def _after(spec, table: str, direction: str, value, rowid: int) -> tuple[str, list]:
    """Rows after (value, rowid) in the order `expr direction, rowid direction`. SQLite puts
    NULLs first ascending and last descending."""
    key, op = f"{table}.rowid", ">" if direction == "asc" else "<"
    if value is None:
        if direction == "asc":
            return f"(({spec.expr}) IS NULL AND {key} > ?) OR ({spec.expr}) IS NOT NULL", [rowid]
        return f"({spec.expr}) IS NULL AND {key} < ?", [rowid]
    clause = f"(({spec.expr}), {key}) {op} (?, ?)"
    if spec.nullable and direction == "desc":
        clause = f"{clause} OR ({spec.expr}) IS NULL"
    elif spec.nullable:
        clause = f"({spec.expr}) IS NOT NULL AND {clause}"
    return clause, [value, rowid]


def list_page(scope, resource, args, url: str, base: Query | None = None) -> dict:
    """One relative page; `url` is the absolute URL of this endpoint on the emulator's host."""
    if resource.check_args:
        resource.check_args(args)
    selected = selected_fields(resource, args)
    name, spec, direction = _sort(resource, args)
    per_page = params.integer(args, "per_page", resource.default_per_page, minimum=1,
                              maximum=resource.max_per_page)
    offset = params.integer(args, "offset", 0, minimum=0, maximum=MAX_OFFSET)
    query = scoped_query(scope, resource, args, base)
    table = resource.table
    token = params.text(args, "cursor")
    skip = 0
    if token:
        value, rowid = _decode(token, name, direction)
        clause, values = _after(spec, table, direction, value, rowid)
        query.where(clause, *values)
    else:
        skip = offset * per_page
    order = f"({spec.expr}) {direction.upper()}, {table}.rowid {direction.upper()}"
    rows = scope.conn.execute(
        f"SELECT {table}.*, {table}.rowid AS _rowid, ({spec.expr}) AS _sort_key FROM {table} "
        f"WHERE {query.sql()} ORDER BY {order} LIMIT ? OFFSET ?",
        [*query.params, per_page + 1, skip]).fetchall()
    more = len(rows) > per_page
    rows = rows[:per_page]
    next_page = None
    if more:
        last = rows[-1]
        pairs = [(k, v) for k, v in _pairs(args) if k not in CONTROL]
        pairs += [("offset", str(offset + 1)), ("cursor", _encode(name, direction, last["_sort_key"],
                                                                  last["_rowid"]))]
        next_page = f"{url}?{urlencode(pairs)}"
    return {"per_page": per_page, "offset": offset, "next_page": next_page, "has_next_page": more,
            resource.collection_key: render(scope, resource, rows, selected)}


def _pairs(args):
    if hasattr(args, "items") and hasattr(args, "getlist"):
        return [(k, v) for k in args.keys() for v in args.getlist(k)]
    return [(k, v) for k, vs in args.items() for v in (vs if isinstance(vs, list) else [vs])]
