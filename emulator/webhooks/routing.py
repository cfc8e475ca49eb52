"""From one domain event to its deliveries: the company's active Webhooks integration, the
URLs configured under the event's key (`post_call` -> `post_call_webhook`), the integration
trigger for call events, one signed body for all of them."""
from __future__ import annotations

from emulator import __version__
from emulator.domain import integrations
from emulator.webhooks import payloads, triggers
from emulator.webhooks.signing import sign

USER_AGENT = f"CallRail-Emulator-Webhooks/{__version__}"


def deliveries_for(emulator, conn, event: dict, base_url: str) -> list[dict]:
    name = event["name"]
    if name not in payloads.EVENTS or not event["company_id"]:
        return []
    integration = integrations.active_webhooks(conn, event["company_id"])
    urls = integration["config"].get(f"{name}_webhook") or [] if integration else []
    if not urls:
        return []
    if name in payloads.CALL_EVENTS:
        call = conn.execute("SELECT * FROM calls WHERE id=?", (event["record_id"],)).fetchone()
        if call is None or not triggers.allows_call(conn, integration, dict(call), name):
            return []
    scope = payloads.webhook_scope(emulator, conn, event, base_url)
    payload = payloads.build(scope, event)
    if payload is None:
        return []
    body = payloads.encode(payload)
    headers = {"Content-Type": "application/json",
               "Signature": sign(integrations.signing_key(conn, event["company_id"]), body),
               "User-Agent": USER_AGENT}
    return [{"account_id": event["account_id"], "company_id": event["company_id"],
             "integration_id": integration["id"], "event_id": event["id"], "event": name,
             "record_type": event["record_type"], "record_id": event["record_id"], "url": url,
             "request_headers": headers, "request_body": body} for url in urls]
