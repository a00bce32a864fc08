"""The webhook routes of the channel, bound to the runtime's intake once it is open, and the
merchant's view of what the inbox could not handle (`GET /api/inbox`)."""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web

from shop.channel.inspect import dead_letters, inbox_health
from shop.web.admin import frame
from shop.web.api.params import QUERY
from shop.web.api.registry import ApiRoute, add_api_route, json_response, query_param
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


async def get_inbox(request: web.Request) -> web.Response:
    db = request.app[RUNTIME].db
    health = await inbox_health(db)
    letters = await dead_letters(db, limit=request[QUERY]["limit"])
    return web.json_response(
        {
            "pending": health.pending,
            "oldest_pending": health.oldest_pending.isoformat() if health.oldest_pending else None,
            "failing": health.failing,
            "dead_letters": health.dead_letters,
            "letters": [
                {
                    "id": letter.id,
                    "received_at": letter.received_at.isoformat(),
                    "error": letter.error,
                    "inbox_id": letter.inbox_id,
                    "body": letter.body,
                }
                for letter in letters
            ],
        }
    )


async def inbox_page(request: web.Request) -> web.Response:
    db = request.app[RUNTIME].db
    context = {"health": await inbox_health(db), "letters": await dead_letters(db)}
    return frame.render("inbox.html", request, context)


def setup_api(app: web.Application) -> None:
    """`GET /api/inbox` and the page `/admin/inbox`: the backlog and the latest dead letters
    (added after the merchant frame and its API registry)."""
    app.router.add_get("/admin/inbox", inbox_page)
    frame.add_nav(app, "Входящие", "/admin/inbox")
    limit = query_param(
        "limit", {"type": "integer", "minimum": 1, "maximum": 500, "default": 50}, "letters"
    )
    route = ApiRoute(
        "GET",
        "/api/inbox",
        "The WhatsApp inbox: backlog, failing items and the latest dead letters, newest first",
        "channel",
        (limit,),
        responses={"200": json_response("the inbox", {"type": "object"})},
    )
    add_api_route(app, route, get_inbox)
