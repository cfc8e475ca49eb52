"""Accounts: GET /v3/a.json, GET /v3/a/{account_id}.json."""
from emulator.domain import accounts
from emulator.engine.collection import Query, list_collection
from emulator.engine.shape import render_one
from emulator.v3 import route, scope


@route("/a")
def list_accounts():
    s = scope()
    base = Query().where("accounts.id IN (SELECT account_id FROM memberships WHERE user_id = ?)",
                         s.user["id"])
    return list_collection(s, accounts.RESOURCE, s.args, base)


@route("/a/<account_id>")
def show_account(account_id):
    s = scope(account_id)
    return render_one(s, accounts.RESOURCE, s.account, s.args)
