"""`/admin`: the home dashboard, today's and the week's figures and the red banners, for
every role (money only for the owner and the accountant)."""

from __future__ import annotations

from functools import partial

from aiohttp import web

from shop.access.roles import EVERYONE
from shop.dashboard.board import board
from shop.dashboard.sections import visible
from shop.web.admin import frame
from shop.web.admin.routes import PageRoutes
from shop.web.keys import SERVICES

pages = PageRoutes()


@pages.get("/admin", allow=EVERYONE)
async def home(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    zone = services.settings.zone
    found = await board(
        services.db, services.settings, services.clock.now(), partial(frame.local_time, zone=zone)
    )

    def may_open(path: str) -> bool:
        return frame.may(request, "GET", path)

    context = {
        "window": found.window,
        "sections": visible(found.sections, frame.actor(request).role, may_open),
        "banners": [(b, may_open(b.href.split("?")[0])) for b in found.banners],
        "doctor": may_open("/admin/doctor"),
        "zone": str(zone),
    }
    return frame.render("admin_home.html", request, context)
