"""Who a `/api` request acts as, from its `Authorization: Bearer …` header, and the JSON
answers when no one (401), too many wrong tokens (429) or the wrong role (403).

ADMIN_TOKEN is the bootstrap owner's token; a person's own token (`shop.access.tokens`) acts
as their account with its role.
"""

from __future__ import annotations

from datetime import datetime

from aiohttp import web

from shop.access.staff import BOOTSTRAP, Actor
from shop.access.tokens import token_holder
from shop.storage.db import Database
from shop.web.admin import session as sessions


async def bearer_holder(
    db: Database, admin_token: str | None, header: str, now: datetime
) -> Actor | None:
    scheme, _, given = header.partition(" ")
    given = given.strip()
    if scheme.lower() != "bearer" or not given:
        return None
    if admin_token is not None and sessions.tokens_match(given, admin_token):
        return BOOTSTRAP
    return await token_holder(db, given, now)


def unauthorized() -> web.Response:
    return web.json_response(
        {
            "error": "unauthorized",
            "message": "send Authorization: Bearer <ADMIN_TOKEN or your API token>",
        },
        status=401,
        headers={"WWW-Authenticate": 'Bearer realm="vitrina"'},
    )


def too_many(wait: int) -> web.Response:
    return web.json_response(
        {"error": "too_many_attempts", "message": f"too many wrong tokens; retry in {wait} s"},
        status=429,
        headers={"Retry-After": str(wait)},
    )


def forbidden(who: Actor) -> web.Response:
    return web.json_response(
        {
            "error": "forbidden",
            "message": f"the role {who.role} of {who.name} may not use this route",
        },
        status=403,
    )
