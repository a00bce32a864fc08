"""Merchant page `/admin/inbox`: the inbox's backlog, failing items and latest dead letters."""

from __future__ import annotations

from aiohttp import web

from shop.web.admin import frame
from shop.web.admin.routes import PageRoutes
from shop.web.keys import SERVICES
from shop.whatsapp.inspect import dead_letters, inbox_health

pages = PageRoutes()


@pages.get("/admin/inbox", nav="admin.inbox.title")
async def inbox_page(request: web.Request) -> web.Response:
    db = request.app[SERVICES].db
    context = {"health": await inbox_health(db), "letters": await dead_letters(db)}
    return frame.render("inbox.html", request, context)
