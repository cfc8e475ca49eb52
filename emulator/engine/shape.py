"""Field selection ("Field Selection") and rendering through the resource's schema."""
from __future__ import annotations

from emulator.engine.params import many
from emulator.errors import bad_request


def selected_fields(resource, args) -> list[str]:
    """The optional fields requested with `fields=a,b` (default fields may be named too)."""
    names = many(args, "fields", split_commas=True)
    known = set(resource.default_fields) | set(resource.optional_fields)
    unknown = [n for n in names if n not in known]
    if unknown:
        raise bad_request("fields", f"fields contains unknown field(s): {', '.join(unknown)}")
    return [n for n in resource.optional_fields if n in names]


def render(scope, resource, rows, selected: list[str]) -> list[dict]:
    objects = resource.prepare(scope, rows, selected) if resource.prepare else [dict(r) for r in rows]
    only = resource.default_fields + selected
    return resource.schema(only=only, many=True).dump(objects)


def render_one(scope, resource, row, args) -> dict:
    if args.get("time_zone") is not None:
        scope.zone(args)  # an unknown time_zone is a 400 here too, as on lists
    return render(scope, resource, [row], selected_fields(resource, args))[0]
