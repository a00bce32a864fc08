"""`GET/POST /webhooks/whatsapp`: Meta's handshake and signed deliveries, into the intake."""

from __future__ import annotations

from aiohttp import web

from shop.web.keys import SERVICES
from webhooks.whatsapp import receive, verify


async def verify_subscription(request: web.Request) -> web.Response:
    return await verify(request.app[SERVICES].whatsapp.intake, request)


async def deliver(request: web.Request) -> web.Response:
    return await receive(request.app[SERVICES].whatsapp.intake, request)


def setup(app: web.Application) -> None:
    app.router.add_get("/webhooks/whatsapp", verify_subscription)
    app.router.add_post("/webhooks/whatsapp", deliver)
