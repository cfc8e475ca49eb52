"""Tags: list, create, update, delete (the doc has no single-tag GET)."""
from emulator.domain import tags
from emulator.v3 import resource_routes

resource_routes("/a/<account_id>/tags", tags, "tag_id", verbs=("list", "create", "update", "delete"))
