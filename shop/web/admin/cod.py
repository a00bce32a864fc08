"""The order page's «paid on delivery» action: the money taken at hand-over, recorded once."""

from __future__ import annotations

from aiohttp import web

from shop.access import roles
from shop.taxes.cod import Marked, mark_paid
from shop.texts import t
from shop.web.admin import frame
from shop.web.admin.routes import PageRoutes
from shop.web.keys import SERVICES

pages = PageRoutes()
PATH = "/admin/orders/{id:\\d+}/paid-on-delivery"


@pages.post(PATH, allow=roles.ORDERS)
async def paid_on_delivery(request: web.Request) -> web.Response:
    form = await request.post()
    await frame.check_csrf(request, str(form.get("csrf", "")))
    order_id = int(request.match_info["id"])
    services = request.app[SERVICES]
    actor = frame.actor(request).name
    async with services.db.transaction() as session:
        marked = await mark_paid(session, order_id, actor=actor, now=services.clock.now())
    if marked is Marked.REFUSED:
        raise web.HTTPConflict(text=t("order.cod.refused"))
    raise web.HTTPSeeOther(f"/admin/orders/{order_id}?cod=paid")
