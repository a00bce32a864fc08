"""How the fake Graph API finds the caller's token: Meta's `Authorization: Bearer <token>`, or,
posing as a reseller of the Cloud API (360dialog), the bare key in that reseller's own header.
A call without it is refused as Meta refuses one (code 190)."""

from __future__ import annotations

from aiohttp import web

BEARER_HEADER = "Authorization"
AUTH_HEADER = web.AppKey("sandbox_graph_auth_header", str)


def token_of(request: web.Request) -> str | None:
    header = request.app.get(AUTH_HEADER, BEARER_HEADER)
    value = request.headers.get(header, "")
    if header.lower() == BEARER_HEADER.lower():
        scheme, _, token = value.partition(" ")
        return token.strip() or None if scheme == "Bearer" else None
    return value.strip() or None
