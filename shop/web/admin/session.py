"""The merchant's session: a signed, HttpOnly, SameSite=Strict cookie carrying a CSRF token.

The cookie holds `{auth, csrf, exp, sid}` and an HMAC over it. A signed-in cookie names a
server-side session (`shop.access.sessions`, the secret `sid`) that logout deletes; the
signature alone never signs anyone in. The key derives from ADMIN_TOKEN, so changing the
token logs every session out too.
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
    sid: str | None = None  # the server-side session of a signed-in cookie

    @classmethod
    def new(cls, *, authenticated: bool, sid: str | None = None) -> Session:
        expires = int(time.time()) + LIFETIME_SECONDS
        return cls(authenticated, secrets.token_urlsafe(24), expires, sid)


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
            {"a": session.authenticated, "c": session.csrf, "e": session.expires, "s": session.sid},
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
        sid = data.get("s")
        session = Session(
            bool(data["a"]), str(data["c"]), int(data["e"]), sid if isinstance(sid, str) else None
        )
    except (ValueError, KeyError, TypeError):
        return None
    return session if session.expires > time.time() else None


def tokens_match(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())
