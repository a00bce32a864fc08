"""The sandbox chat page: a person plays a shopper in a browser, as if in WhatsApp.

The page is static HTML and a small script of our own (no external resources). It reads the
transcript of one shopper from `GET /control/chats/{wa_id}` and sends through the same control
API the tests use, so what a person sees is exactly what the service sent to the Graph fake.
"""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from sandbox.catalog import STATE as CATALOG
from sandbox.core import SANDBOX

STATIC = Path(__file__).parent / "static"


async def chat_page(_request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC / "chat.html", headers={"Cache-Control": "no-store"})


async def chat_script(_request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC / "chat.js", headers={"Cache-Control": "no-store"})


async def transcript(request: web.Request) -> web.Response:
    """Both sides of one shopper's chat, oldest first."""
    sandbox = request.app[SANDBOX]
    wa_id = request.match_info["wa_id"]
    mine = [
        {"side": "shopper", "at": m["at"], "body": m["body"], "wamid": m["wamid"]}
        for m in sandbox.state.sent_by_shoppers
        if m["from"] == wa_id
    ]
    theirs = [
        {"side": "shop", "at": m["accepted_at"], "body": m["body"], "wamid": m["wamid"]}
        for m in sandbox.state.messages
        if m["to"] == wa_id and m["type"] != "mark_as_read"
    ]
    catalog = request.app[CATALOG].items.get(sandbox.config.catalog_id, {})
    return web.json_response(
        {
            "messages": sorted(mine + theirs, key=lambda m: m["at"]),
            "catalog_id": sandbox.config.catalog_id,
            "products": {pid: _product(item) for pid, item in catalog.items()},
        }
    )


def _product(item: dict[str, object]) -> dict[str, object]:
    return {k: item.get(k) for k in ("id", "title", "price", "sale_price", "image_link")}


def setup(app: web.Application) -> None:
    app.router.add_get("/chat", chat_page)
    app.router.add_get("/chat.js", chat_script)
    app.router.add_get("/control/chats/{wa_id}", transcript)
