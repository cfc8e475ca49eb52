"""Call summary, time series, recording and page views routes, plus the recording links
themselves: the permanent redirect link and the temporary MP3 file URL. Those two are served
outside /v3 (no API key: the URL is the credential) on the emulator's own host."""
from flask import Response, redirect, request

from emulator.domain import call_reports, calls, page_views, recordings
from emulator.v3 import bp, route, scope, state


@route("/a/<account_id>/calls/summary")
def call_summary(account_id):
    s = scope(account_id)
    return call_reports.summary(s, s.args)


@route("/a/<account_id>/calls/timeseries")
def call_timeseries(account_id):
    s = scope(account_id)
    return call_reports.timeseries(s, s.args)


@route("/a/<account_id>/calls/<call_id>/recording")
def call_recording(account_id, call_id):
    s = scope(account_id)
    return recordings.url_for(s, calls.get(s, call_id))


@route("/a/<account_id>/calls/<call_id>/page_views")
def call_page_views(account_id, call_id):
    return page_views.list_for_call(scope(account_id), call_id)


def recording_redirect(call_id):
    emulator = state()
    target = recordings.follow_redirect(emulator.db.conn(), request.host_url.rstrip("/"), call_id,
                                        request.args.get("access_key"), emulator.clock.now())
    return redirect(target, code=302)


def recording_file(a, b, c, call_id):
    emulator = state()
    data = recordings.open_file(emulator.db.conn(), call_id, request.args.get("expires"),
                                request.args.get("signature"), emulator.clock.now())
    return Response(data, mimetype="audio/mpeg",
                    headers={"Content-Disposition": f'inline; filename="{call_id}.mp3"'})


@bp.record
def _recording_links(setup):
    setup.app.add_url_rule("/calls/<call_id>/recording/redirect", view_func=recording_redirect)
    setup.app.add_url_rule("/calls/<call_id>/recording", view_func=recording_redirect,
                           endpoint="recording_player")
    setup.app.add_url_rule("/calls/recordings/<a>/<b>/<c>/<call_id>.mp3", view_func=recording_file)
