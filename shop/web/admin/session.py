"""The merchant's session: a signed, HttpOnly, SameSite=Strict cookie carrying a CSRF token.

No server-side session store: the cookie holds `{auth, csrf, exp}` and an HMAC over it.
The key derives from ADMIN_TOKEN, so changing the token logs every session out.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass

COOKIE = "vitrina_session"
LIFETIME_SECONDS = 12 * 3600


@dataclass(frozen=True)
class Session:
    authenticated: bool
    csrf: str
    expires: int

    @classmethod
    def new(cls, *, authenticated: bool) -> Session:
        return cls(authenticated, secrets.token_urlsafe(24), int(time.time()) + LIFETIME_SECONDS)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def signing_key(admin_token: str | None) -> bytes:
    """From the admin token; without one (open sandbox) a fresh key per process."""
    if admin_token is None:
        return secrets.token_bytes(32)
    return hmac.new(admin_token.encode(), b"vitrina-session-v1", hashlib.sha256).digest()


def encode(session: Session, key: bytes) -> str:
    payload = _b64(
        json.dumps(
            {"a": session.authenticated, "c": session.csrf, "e": session.expires},
            separators=(",", ":"),
        ).encode()
    )
    mac = _b64(hmac.new(key, payload.encode(), hashlib.sha256).digest())
    return f"{payload}.{mac}"


def decode(value: str | None, key: bytes) -> Session | None:
    """The session in a cookie, or None when it is missing, forged or expired."""
    if not value or value.count(".") != 1:
        return None
    payload, mac = value.split(".")
    expected = _b64(hmac.new(key, payload.encode(), hashlib.sha256).digest())
    if not hmac.compare_digest(mac, expected):
        return None
    try:
        data = json.loads(_unb64(payload))
        session = Session(bool(data["a"]), str(data["c"]), int(data["e"]))
    except (ValueError, KeyError, TypeError):
        return None
    return session if session.expires > time.time() else None


def tokens_match(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())
