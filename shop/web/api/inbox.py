"""Merchant API: what the WhatsApp inbox could not handle (`GET /api/inbox`)."""

from __future__ import annotations

from aiohttp import web

from shop.web.api.params import QUERY
from shop.web.api.registry import ApiRoute, add_api_route, json_response, query_param
from shop.web.keys import SERVICES
from shop.whatsapp.inspect import dead_letters, inbox_health


async def get_inbox(request: web.Request) -> web.Response:
    db = request.app[SERVICES].db
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


def setup(app: web.Application) -> None:
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
