"""Trackers: list, show, create (session or source), update, disable (DELETE)."""
from emulator.domain import trackers
from emulator.v3 import resource_routes

resource_routes("/a/<account_id>/trackers", trackers, "tracker_id")
