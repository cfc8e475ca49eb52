"""Companies: list, show, create, update, bulk_update, disable (DELETE)."""
from emulator.domain import companies
from emulator.v3 import body, resource_routes, route, scope

resource_routes("/a/<account_id>/companies", companies, "company_id")


@route("/a/<account_id>/companies/bulk_update", methods=["POST"])
def bulk_update_companies(account_id):
    return {"updated_records": companies.bulk_update(scope(account_id), body())}
