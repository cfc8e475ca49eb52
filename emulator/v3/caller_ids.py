"""Outbound caller IDs: list (company_id required), show, create, delete."""
from emulator.domain import caller_ids
from emulator.v3 import resource_routes

resource_routes("/a/<account_id>/caller_ids", caller_ids, "caller_id_id", verbs=("list", "show", "create", "delete"))
