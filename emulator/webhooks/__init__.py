"""Webhooks ("Webhooks"): domain events become signed HTTP POSTs to the URLs configured in a
company's Webhooks integration. `dispatcher` keeps the outbox (`webhook_deliveries`) and sends
it, `routing` turns one event into its deliveries, `payloads` builds the documented bodies,
`signing` the `Signature` header, `triggers` the integration-trigger scoping, and `cli` the
`listen` and `sign` commands."""


def install(app) -> None:
    """Subscribe the dispatcher to domain events and start it with the app, so deliveries
    queued before a restart go out at once."""
    from emulator import events
    from emulator.webhooks import dispatcher

    events.subscribe(dispatcher.on_events)
    dispatcher.attach(app.extensions["emulator"])
