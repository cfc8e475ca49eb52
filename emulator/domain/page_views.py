"""Page views of a call ("Page Views", doc 4124-4184): the browsing history of the web session
behind a session-tracker call. Stored by emulator/domain/calls.py in `call_page_views`
(one row per view of a `session_id`); this module lists them through the collection engine.

Only views created before the call started are shown, newest first; source-tracker calls have
no session, so their list is empty.
"""
from __future__ import annotations

from datetime import datetime

from marshmallow import Schema, fields

from emulator.clock import parse_stored
from emulator.domain import calls
from emulator.engine.collection import Query, list_collection
from emulator.engine.resource import Resource


class PageViewSchema(Schema):
    referrer_url = fields.Str(allow_none=True)
    page_url = fields.Str()
    created_at = fields.Str()


def local_seconds(moment: datetime, tz) -> str:
    """`2017-03-09T10:17:29-08:00`: the doc's page-view form (seconds, offset with a colon)."""
    local = moment.astimezone(tz)
    offset = local.strftime("%z")
    return local.strftime("%Y-%m-%dT%H:%M:%S") + f"{offset[:3]}:{offset[3:]}"


def _prepare(scope, rows, selected):
    tz = scope.zone(scope.args)
    return [{"referrer_url": r["referrer_url"], "page_url": r["page_url"],
             "created_at": local_seconds(parse_stored(r["created_at"]), tz)} for r in rows]


RESOURCE = Resource(
    name="page_view", table="call_page_views", schema=PageViewSchema, collection_key="page_views",
    default_sort="call_page_views.created_at DESC, call_page_views.id DESC",
    prepare=_prepare,
)


def list_for_call(scope, call_id: str) -> dict:
    call = calls.get(scope, call_id)
    scope.zone(scope.args)  # a bad time_zone is a 400 even when the list is empty
    base = (Query().where("call_page_views.account_id = ?", scope.account["id"])
            .where("call_page_views.session_id = ?", call["session_id"])
            .where("call_page_views.created_at < ?", call["start_time"]))
    return list_collection(scope, RESOURCE, scope.args, base)
