"""Webhooks ("Webhooks"): domain events become signed HTTP POSTs to the URLs configured in a
company's Webhooks integration. `payloads` builds the documented bodies, `signing` the
`Signature` header, `triggers` the integration-trigger scoping, `dispatcher` the outbox
(`webhook_deliveries`) and its background sender."""
