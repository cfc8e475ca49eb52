"""The declarative description of a resource: everything the engine needs to list, filter,
sort, search, scope and shape it. A new resource is mostly one of these plus its rules."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from marshmallow import Schema, fields


@dataclass(frozen=True)
class Sort:
    expr: str                  # SQL expression over the resource's table
    default_order: str = "asc"  # "alphabetical, or reverse chronological" (Sorting)
    nullable: bool = True      # False lets relative pagination seek with one row-value comparison


@dataclass(frozen=True)
class Filter:
    """A query-parameter filter. `values` maps each allowed value to a SQL condition
    (with `?` parameters given in `params`); `sql` builds the condition for free values."""
    values: dict[str, str] | None = None
    params: dict[str, tuple] = field(default_factory=dict)
    sql: Callable[..., tuple[str, list]] | None = None  # (scope, values) -> (clause, params)
    many: bool = False         # tags=A or tags[]=A&tags[]=B, OR'ed
    split_commas: bool = False


@dataclass
class Resource:
    name: str
    table: str
    schema: type[Schema]
    collection_key: str | None = None
    sorts: dict[str, Sort] = field(default_factory=dict)
    default_sort: str = "id ASC"
    filters: dict[str, Filter] = field(default_factory=dict)
    search: tuple[str, ...] = ()
    date_column: str | None = None       # set: date_range/start_date/end_date apply
    company_column: str | None = None    # set: company scope and the company_id filter apply
    account_level_when_null: bool = False  # rows with no company are visible to every scope
    prepare: Callable | None = None      # (scope, rows, selected) -> list of full dicts
    check_args: Callable | None = None   # (args) -> None; rules across list parameters
    max_per_page: int = 250
    relative_default_sort: str | None = None  # the `sorts` key relative pagination uses by default
    default_per_page: int = 100

    @property
    def default_fields(self) -> list[str]:
        return [n for n, f in self.schema._declared_fields.items() if not f.metadata.get("optional")]

    @property
    def optional_fields(self) -> list[str]:
        return [n for n, f in self.schema._declared_fields.items() if f.metadata.get("optional")]


def optional(**metadata) -> dict:
    """Marks a schema field as selectable with `fields=` rather than returned by default."""
    return {"optional": True, **metadata}


class Flag(fields.Field):
    """A boolean stored as SQLite 0/1 (or NULL), rendered as JSON true/false/null."""

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else bool(value)
