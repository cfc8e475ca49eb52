"""List endpoints: pagination, sorting, filters, search, date window, scope and field
selection turned into one SQL query over the resource's table."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from emulator.clock import iso_z
from emulator.engine import dates, params
from emulator.engine.shape import render, selected_fields
from emulator import ids
from emulator.errors import bad_request, not_found


@dataclass
class Query:
    """WHERE clauses and their parameters, built up piece by piece."""
    clauses: list[str] = field(default_factory=list)
    params: list = field(default_factory=list)

    def where(self, clause: str, *values) -> "Query":
        self.clauses.append(clause)
        self.params.extend(values)
        return self

    def sql(self) -> str:
        return " AND ".join(f"({c})" for c in self.clauses) or "1"


def scoped_query(scope, resource, args, query: Query | None = None) -> Query:
    """Account, company scope, filters, search and dates: everything but order and page.
    `query` may bring the resource's own base clauses (accounts are not account-scoped)."""
    table = resource.table
    if query is None:
        query = Query().where(f"{table}.account_id = ?", scope.account["id"])
    if resource.company_column:
        column = f"{table}.{resource.company_column}"
        if scope.company_ids is not None:
            marks = ",".join("?" * len(scope.company_ids)) or "NULL"
            clause = f"{column} IN ({marks})"
            if resource.account_level_when_null:
                clause += f" OR {column} IS NULL"
            query.where(clause, *sorted(scope.company_ids))
        company = args.get("company_id")
        if company not in (None, ""):
            query.where(f"{column} = ?", scope.company_param(company, "company_id")["id"])
    for name, spec in resource.filters.items():
        _apply_filter(scope, query, name, spec, args)
    term = params.text(args, "search")
    if term and resource.search:
        like = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query.where(" OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in resource.search),
                    *([like] * len(resource.search)))
    if resource.date_column:
        start, end = dates.window(args, scope.zone(args), scope.now)
        query.where(f"{table}.{resource.date_column} >= ? AND {table}.{resource.date_column} < ?",
                    iso_z(start), iso_z(end))
    return query


def _apply_filter(scope, query: Query, name: str, spec, args) -> None:
    values = params.many(args, name, spec.split_commas) if spec.many else (
        [params.text(args, name)] if params.text(args, name) is not None else [])
    if not values:
        return
    if spec.values is not None:
        for value in values:
            if value not in spec.values:
                raise bad_request(name, f"{name} must be one of: {', '.join(spec.values)}")
        clauses = [spec.values[v] for v in values]
        query.where(" OR ".join(clauses), *[p for v in values for p in spec.params.get(v, ())])
    else:
        clause, extra = spec.sql(scope, values)
        query.where(clause, *extra)


def fetch(scope, resource, record_id, what: str, integer: bool = False) -> dict:
    """One record of the account by id, in a company the key may see (rows without a company
    are account-level and visible to every key); otherwise a 404 naming `what`."""
    key = ids.as_int(record_id) if integer else str(record_id)
    row = scope.conn.execute(f"SELECT * FROM {resource.table} WHERE id = ? AND account_id = ?",
                             (key, scope.account["id"])).fetchone()
    company = row[resource.company_column] if row is not None and resource.company_column else None
    if row is None or (company is not None and not scope.can_see_company(company)):
        raise not_found(what)
    return dict(row)


def parse_sort(resource, args, default: str | None = None):
    """`sort` + `order` ("If provided, sort is required"): (name, Sort, direction), or None
    when neither is given and there is no `default` sort name."""
    sort = params.text(args, "sort")
    if sort is None and params.text(args, "order") is not None:
        raise bad_request("order", "order requires sort")
    name = sort or default
    if name is None:
        return None
    if name not in resource.sorts:
        allowed = ", ".join(resource.sorts) or "none"
        raise bad_request("sort", f"sort must be one of: {allowed}")
    spec = resource.sorts[name]
    return name, spec, params.choice(args, "order", ("asc", "desc"), spec.default_order)


def order_by(resource, args) -> str:
    parsed = parse_sort(resource, args)
    if parsed is None:
        return resource.default_sort
    _, spec, direction = parsed
    return f"{spec.expr} {direction.upper()}, {resource.table}.rowid {direction.upper()}"


def page_args(resource, args) -> tuple[int, int]:
    page = params.integer(args, "page", 1, minimum=1)
    per_page = params.integer(args, "per_page", resource.default_per_page, minimum=1,
                              maximum=resource.max_per_page)
    return page, per_page


def list_collection(scope, resource, args, base: Query | None = None, joins: str = "") -> dict:
    if resource.check_args:
        resource.check_args(args)
    selected = selected_fields(resource, args)
    query = scoped_query(scope, resource, args, base)
    order = order_by(resource, args)
    page, per_page = page_args(resource, args)
    if args.get("time_zone") is not None:
        scope.zone(args)  # an unknown time_zone is a 400 on every list, dated or not
    table = resource.table
    conn = scope.conn
    total = conn.execute(f"SELECT COUNT(*) FROM {table} {joins} WHERE {query.sql()}",
                         query.params).fetchone()[0]
    offset = (page - 1) * per_page
    rows = [] if offset >= total else conn.execute(
        f"SELECT {table}.* FROM {table} {joins} WHERE {query.sql()} ORDER BY {order} LIMIT ? OFFSET ?",
        [*query.params, per_page, offset]).fetchall()
    return {
        "page": page,
        "per_page": per_page,
        "total_pages": math.ceil(total / per_page),
        "total_records": total,
        resource.collection_key: render(scope, resource, rows, selected),
    }
