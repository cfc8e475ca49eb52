"""The `Signature` header ("Webhooks" > "Security" > "Validating Payloads"): the Base64 of an
HMAC-SHA1 digest of the exact request body, keyed with the company's signing key."""
from __future__ import annotations

import base64
import hashlib
import hmac


def sign(signing_key: str, body: bytes | str) -> str:
    if isinstance(body, str):
        body = body.encode("utf-8")
    digest = hmac.new(signing_key.encode("utf-8"), body, hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def verify(signing_key: str, body: bytes | str, signature: str | None) -> bool:
    """Constant-time comparison, as a receiver should do it."""
    return bool(signature) and hmac.compare_digest(sign(signing_key, body), signature.strip())
