"""Summary email subscriptions: list (the doc's path has no .json; both answer), show,
create, update, delete."""
from emulator.domain import summary_emails
from emulator.engine.collection import list_collection
from emulator.v3 import resource_routes, route, scope

resource_routes("/a/<account_id>/summary_emails", summary_emails, "summary_email_id",
                verbs=("show", "create", "update", "delete"))


@route("/a/<account_id>/summary_emails")
def list_summary_email(account_id):
    s = scope(account_id)
    return list_collection(s, summary_emails.RESOURCE, s.args, summary_emails.list_base(s))
