"""`GET /healthz`: 200 when the database answers, 503 otherwise."""

from __future__ import annotations

from aiohttp import web

from shop.web.keys import SERVICES

routes = web.RouteTableDef()


@routes.get("/healthz")
async def healthz(request: web.Request) -> web.Response:
    if await request.app[SERVICES].db.ping():
        return web.json_response({"status": "ok"})
    return web.json_response({"status": "unavailable"}, status=503)
