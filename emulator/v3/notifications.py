"""Notifications: list (user_id/email from the query string or, as the doc shows, a GET JSON
body), create, update, delete. The doc has no single-notification GET."""
from emulator.domain import notifications
from emulator.engine.collection import list_collection
from emulator.v3 import resource_routes, route, scope

resource_routes("/a/<account_id>/notifications", notifications, "notification_id",
                verbs=("create", "update", "delete"))


@route("/a/<account_id>/notifications", get_body=True)
def list_notification(account_id):
    s = scope(account_id)
    return list_collection(s, notifications.RESOURCE, s.args, notifications.list_base(s))
