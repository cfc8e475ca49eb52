"""Integration triggers: list (company_id required; key `integration_criteria`), show,
create, update, delete."""
from emulator.domain import integration_triggers
from emulator.v3 import resource_routes

resource_routes("/a/<account_id>/integration_triggers", integration_triggers, "integration_trigger_id")
