"""The webhook outbox lives in SQLite: deliveries queued when the emulator stopped, and events
committed but not yet turned into deliveries, go out after a restart over the same `--db`."""
from __future__ import annotations

import sqlite3
import threading

from contract_tests.webhook_receiver import Receiver
from emulator.pytest_plugin import Api, Control, RunningServer
from emulator.webhooks import dispatcher
from emulator.webhooks.signing import verify


def hook_forms(control: Control, base_url: str, receiver: Receiver) -> tuple[Api, str, dict, str]:
    """Point the first company's Webhooks integration (form submissions) at the receiver:
    (api, account id, a form body to submit, the signing key)."""
    admin = control.get("/credentials")["api_keys"][0]
    api, account = Api(base_url, admin["key"]), admin["account_id"]
    company = api.get(f"/v3/a/{account}/companies.json", params={"sort": "name"}).json()["companies"][0]
    hook = next(i for i in api.get(f"/v3/a/{account}/integrations.json",
                                   params={"company_id": company["id"]}).json()["integrations"]
                if i["type"] == "Webhooks")
    api.put(f"/v3/a/{account}/integrations/{hook['id']}.json",
            json={"config": {"form_captured_webhook": [receiver.url("/forms")]}}).raise_for_status()
    key = api.get(f"/v3/a/{account}/integrations/{hook['id']}.json",
                  params={"fields": "signing_key"}).json()["signing_key"]
    form = {"company_id": company["id"], "referrer": "direct", "referring_url": "", "landing_page_url": "",
            "form_url": "https://example.com/f", "form_data": {"email": "a@example.com"}}
    return api, account, form, key


def test_queued_deliveries_and_pending_events_survive_a_restart(tmp_path):
    path = str(tmp_path / "emulator.db")
    receiver = Receiver()
    first = RunningServer(db=path, seed="demo", random_seed=1)
    try:
        control = Control(first.base_url)
        api, account, form, key = hook_forms(control, first.base_url, receiver)
        assert api.post(f"/v3/a/{account}/form_submissions.json", json=form).status_code == 201
        control.post("/webhooks/flush")
        [sent] = control.get("/webhooks")["deliveries"]
    finally:
        dispatcher.for_db(first.state.db).stop()
        first.close()
    assert len(receiver.requests) == 1
    # As if the process had stopped with that delivery still queued, and with a new event
    # committed whose deliveries were never built.
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE webhook_deliveries SET status='queued', status_code=NULL, attempted_at=NULL")
        conn.execute("INSERT INTO events(account_id, company_id, name, record_type, record_id, data, created_at)"
                     " SELECT account_id, company_id, name, record_type, record_id, data, created_at FROM events"
                     " WHERE name='form_captured' ORDER BY id DESC LIMIT 1")
    second = RunningServer(db=path, seed="demo", random_seed=1)
    try:
        control = Control(second.base_url)
        control.post("/webhooks/flush")
        logged = control.get("/webhooks")["deliveries"]
        assert [d["status_code"] for d in logged] == [200, 200]
        assert logged[0]["id"] == sent["id"]
        assert len(receiver.requests) == 3
        assert all(verify(key, r["raw"], r["headers"]["Signature"]) for r in receiver.requests)
        assert receiver.requests[1]["raw"].decode() == sent["request_body"]
    finally:
        dispatcher.for_db(second.state.db).stop()
        second.close()
        receiver.close()


def test_a_delivery_in_flight_across_a_reset_never_records_onto_its_successor(tmp_path):
    """Ids start again after a reset: a send still in flight from before must not write its result
    onto the new delivery that took its id."""
    old_receiver, new_receiver = Receiver(status=500, delay=600), Receiver(status=200, delay=600)
    server = RunningServer(db=str(tmp_path / "emulator.db"), seed="docs", random_seed=1)
    sender = dispatcher.attach(server.state)
    old_recorded = threading.Event()
    record = sender._record

    def watched(delivery, *args):
        record(delivery, *args)
        if delivery["url"] == old_receiver.url("/forms"):
            old_recorded.set()

    sender._record = watched
    try:
        control = Control(server.base_url)

        def submit(receiver: Receiver, mode: str) -> None:
            api, account, form, _ = hook_forms(control, server.base_url, receiver)
            control.put("/webhooks/settings", {"mode": mode})
            assert api.post(f"/v3/a/{account}/form_submissions.json", json=form).status_code == 201

        submit(old_receiver, "async")
        assert old_receiver.arrived.wait(60)  # delivery 1 is in flight, its receiver holds it
        control.reset("docs")
        pending = threading.Thread(target=submit, args=(new_receiver, "sync"))  # waits on new_receiver
        pending.start()
        assert new_receiver.arrived.wait(60)
        [successor] = control.get("/webhooks")["deliveries"]
        old_receiver.release.set()
        assert old_recorded.wait(60)
        new_receiver.release.set()
        pending.join(60)
        [successor_now] = control.get("/webhooks")["deliveries"]
        assert successor_now["id"] == successor["id"]
        assert successor_now["status_code"] == 200 and successor_now["status"] == "delivered"
    finally:
        old_receiver.close()
        new_receiver.close()
        sender.stop()
        server.close()
