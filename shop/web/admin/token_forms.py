"""The API tokens' section, shared by a person's own profile and the owner's page of them:
the list as the page shows it, and the create and revoke forms' work."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiohttp import web

from shop.access.tokens import NewToken, create_token, revoke_token, tokens_of
from shop.web.admin import frame
from shop.web.keys import SERVICES


@dataclass(frozen=True)
class TokenDone:
    """What a token form did: a token made (shown once), or the label of one revoked."""

    made: NewToken | None = None
    revoked: str | None = None


async def token_rows(request: web.Request, name: str) -> list[dict[str, Any]]:
    tokens = await tokens_of(request.app[SERVICES].db, name)
    return [
        {
            "id": token.id,
            "label": token.label,
            "hint": token.hint,
            "created_at": token.created_at,
            "last_used_at": token.last_used_at,
            "live": token.revoked_at is None,
        }
        for token in tokens
    ]


async def create_from_form(request: web.Request, name: str) -> TokenDone:
    """Raises StaffRefused (label, disabled) for the page to show."""
    form = await request.post()
    await frame.check_csrf(request, str(form.get("csrf", "")))
    services = request.app[SERVICES]
    made = await create_token(
        services.db,
        name,
        str(form.get("label", "")),
        services.clock.now(),
        actor=frame.actor(request).name,
    )
    return TokenDone(made=made)


async def revoke_from_form(request: web.Request, name: str) -> TokenDone:
    await frame.check_csrf(request)
    services = request.app[SERVICES]
    token_id = int(request.match_info["token"])
    labels = {row["id"]: row["label"] for row in await token_rows(request, name)}
    await revoke_token(
        services.db, name, token_id, services.clock.now(), actor=frame.actor(request).name
    )
    return TokenDone(revoked=labels.get(token_id))
