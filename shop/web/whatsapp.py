"""`GET/POST /webhooks/whatsapp`: Meta's handshake and signed deliveries, into the intake."""

from __future__ import annotations

from aiohttp import web

from shop.web.keys import SERVICES
from webhooks.whatsapp import receive, verify

routes = web.RouteTableDef()


@routes.get("/webhooks/whatsapp")
async def verify_subscription(request: web.Request) -> web.Response:
    return await verify(request.app[SERVICES].whatsapp.intake, request)


@routes.post("/webhooks/whatsapp")
async def deliver(request: web.Request) -> web.Response:
    return await receive(request.app[SERVICES].whatsapp.intake, request)
