"""Integrations: list (company_id required), show, create (returns the signing key), update,
disable (DELETE)."""
from emulator.domain import integrations
from emulator.engine.shape import render
from emulator.v3 import body, resource_routes, route, scope

resource_routes("/a/<account_id>/integrations", integrations, "integration_id",
                verbs=("list", "show", "update", "delete"))


@route("/a/<account_id>/integrations", methods=["POST"], status=201)
def create_integration(account_id):
    s = scope(account_id)
    # The create response always carries signing_key (Creating an Integration).
    return render(s, integrations.RESOURCE, [integrations.create(s, body())], ["signing_key"])[0]
