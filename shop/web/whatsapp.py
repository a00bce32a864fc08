"""The webhook routes of the channel, bound to the runtime's intake once it is open."""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web

from shop.web.keys import RUNTIME
from webhooks.whatsapp import INTAKE, setup_routes


def setup(app: web.Application) -> None:
    """Add `GET/POST /webhooks/whatsapp`; call after the runtime's cleanup context is added."""
    setup_routes(app)

    async def bind_intake(app: web.Application) -> AsyncIterator[None]:
        channel = app[RUNTIME].channel
        if channel is None:
            raise RuntimeError("the channel feature is not installed")
        app[INTAKE] = channel.intake
        yield

    app.cleanup_ctx.append(bind_intake)
