"""Users: list, show, create (200, as the doc states), update, delete."""
from emulator.domain import users
from emulator.v3 import resource_routes

resource_routes("/a/<account_id>/users", users, "user_id", create_status=200)
