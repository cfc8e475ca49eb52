"""The shared collection engine: request parameters -> one SQL query -> shaped JSON."""
