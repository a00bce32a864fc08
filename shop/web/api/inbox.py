"""Merchant API: what the WhatsApp inbox could not handle (`GET /api/inbox`)."""

from __future__ import annotations

from aiohttp import web
from pydantic import BaseModel, Field

from shop.web.api.routes import ApiRoutes
from shop.web.keys import SERVICES
from shop.web.validation import QueryModel
from shop.whatsapp.inspect import dead_letters, inbox_health

api = ApiRoutes("channel")


class InboxQuery(QueryModel):
    limit: int = Field(default=50, ge=1, le=500, description="letters")


class Letter(BaseModel):
    """A body or an item that could not be handled."""

    id: int
    received_at: str
    error: str
    inbox_id: int | None = Field(description="set when an inbox item was given up")
    body: str = Field(description="as received: untrusted text")


class Inbox(BaseModel):
    """The inbox: its backlog, failing items and the latest dead letters."""

    pending: int
    unsplit: int = Field(description="signed bodies stored, not yet split into items")
    oldest_pending: str | None
    failing: int
    dead_letters: int
    letters: list[Letter]


@api.get(
    "/api/inbox",
    "The WhatsApp inbox: backlog, failing items and the latest dead letters, newest first",
    query=InboxQuery,
    answers={200: Inbox},
)
async def get_inbox(request: web.Request, query: InboxQuery) -> web.Response:
    db = request.app[SERVICES].db
    health = await inbox_health(db)
    letters = await dead_letters(db, limit=query.limit)
    return web.json_response(
        {
            "pending": health.pending,
            "unsplit": health.unsplit,
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
