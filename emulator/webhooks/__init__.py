"""Webhooks ("Webhooks"): domain events become signed HTTP POSTs to the URLs configured in a
company's Webhooks integration. `dispatcher` keeps the outbox (`webhook_deliveries`) and sends
it, `routing` turns one event into its deliveries, `payloads` builds the documented bodies,
`signing` the `Signature` header, `triggers` the integration-trigger scoping, and `cli` the
`listen` and `sign` commands."""
