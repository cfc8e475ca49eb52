"""Benchmark: webhook delivery throughput to a local receiver, and that nothing is lost.

    python bench/bench_webhooks.py [--events 1000] [--companies 1]

The receiver holds its first request until every event has been queued, so all `--events`
deliveries sit in the outbox at once; then it answers and the bench times the drain
(deliveries per second). It also times the API writes that queued them (the receiver being
stuck must not slow them), then checks that the receiver got every webhook exactly once, each
with a valid signature, and that the delivery log shows every one delivered.

Figures (2 cores, local receiver, 1000 events): ~370-390 events/s queued through the API while the
receiver was stuck; drain ~1,100 deliveries/s with one company's sender, ~950/s with four; nothing lost.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from contract_tests.webhook_receiver import Receiver  # noqa: E402
from emulator.pytest_plugin import Api, Control, RunningServer  # noqa: E402
from emulator.webhooks.signing import verify  # noqa: E402


def configure(api: Api, account_id: str, company_id: str, url: str) -> str:
    base = f"/v3/a/{account_id}/integrations"
    listed = api.get(f"{base}.json", params={"company_id": company_id}).json()["integrations"]
    hook = next((i for i in listed if i["type"] == "Webhooks"), None)
    config = {"form_captured_webhook": [url]}
    if hook is None:
        hook = api.post(f"{base}.json", json={"type": "Webhooks", "company_id": company_id, "config": config}).json()
    api.put(f"{base}/{hook['id']}.json", json={"state": "active", "config": config}).raise_for_status()
    return api.get(f"{base}/{hook['id']}.json", params={"fields": "signing_key"}).json()["signing_key"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--companies", type=int, default=1, help="companies sending (one sender per company)")
    options = parser.parse_args()

    server = RunningServer(seed="demo", random_seed=1)
    receiver = Receiver(delay=600)
    try:
        control = Control(server.base_url)
        creds = control.reset("demo", 1)["api_keys"][0]
        api, account_id = Api(server.base_url, creds["key"]), creds["account_id"]
        forms = api.get(f"/v3/a/{account_id}/form_submissions.json",
                        params={"per_page": 250}).json()["form_submissions"]
        by_company: dict[str, list[str]] = {}
        for form in forms:  # the seeded submissions to fire events for, by company
            by_company.setdefault(form["company_id"], []).append(form["id"])
        companies = [{"id": c} for c in sorted(by_company)[:options.companies]]
        if len(companies) < options.companies:
            sys.exit(f"only {len(companies)} companies have seeded form submissions")
        keys = {c["id"]: configure(api, account_id, c["id"], receiver.url(f"/{c['id']}")) for c in companies}
        control.put("/webhooks/settings", {"mode": "async", "timeout": 30})

        started = time.perf_counter()
        for n in range(options.events):
            company = companies[n % len(companies)]["id"]
            answer = control.request("POST", f"/a/{account_id}/events", {
                "event": "form_captured", "form_submission_id": by_company[company][n % len(by_company[company])]})
            assert answer.status_code == 201, answer.text
        queued_in = time.perf_counter() - started
        waiting = [d for d in control.get("/webhooks")["deliveries"] if d["attempted_at"] is None]
        drain_started = time.perf_counter()
        receiver.delay = 0
        receiver.release.set()
        flushed = control.post("/webhooks/flush", {"timeout": 600})
        drained_in = time.perf_counter() - drain_started

        log = control.get("/webhooks")["deliveries"]
        delivered = [d for d in log if d["status_code"] == 200]
        bodies = [r["raw"] for r in receiver.requests]
        valid = sum(verify(keys[r["path"].strip("/")], r["raw"], r["headers"].get("Signature"))
                    for r in receiver.requests)
        unique = len({json.loads(b)["id"] + r["headers"]["Signature"] for b, r in zip(bodies, receiver.requests)})
        print(f"events fired through the control plane: {options.events} in {queued_in:.2f}s "
              f"({options.events / queued_in:.0f} API writes/s while the receiver was stuck)")
        print(f"deliveries waiting at once: {len(waiting)} (queued, or held by the stuck receiver)")
        print(f"drain: {flushed['attempted']} attempted in {drained_in:.2f}s "
              f"= {flushed['attempted'] / drained_in:.0f} deliveries/s to a local receiver "
              f"({len(companies)} company sender(s))")
        print(f"log: {len(log)} deliveries, {len(delivered)} answered 200; receiver got {len(bodies)} "
              f"requests, {valid} with a valid Signature, {unique} distinct (body, signature) pairs")
        lost = options.events - len(delivered)
        print("nothing lost" if lost == 0 and len(bodies) == options.events and valid == options.events
              else f"LOST OR BROKEN: {lost} deliveries")
        if lost or len(bodies) != options.events or valid != options.events:
            sys.exit(1)
    finally:
        receiver.close()
        server.close()


if __name__ == "__main__":
    main()
