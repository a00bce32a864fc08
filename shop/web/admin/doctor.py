"""`/admin/doctor`: the go-live checks of `shop doctor` as a page for the owner, one line per
check, passed or failed with its fix. Its read of the phone number is recorded for the
dashboard's banners like the worker's quarter-hourly probe."""

from __future__ import annotations

from dataclasses import replace

from aiohttp import web

from shop.dashboard.probe import Recording, probe_from, record_probe
from shop.doctor.run import examine, live_probes
from shop.sandbox_mode import credentials
from shop.web.admin import frame
from shop.web.admin.routes import PageRoutes
from shop.web.keys import SERVICES

pages = PageRoutes()


@pages.get("/admin/doctor")
async def doctor_page(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    settings, now = services.settings, services.clock.now()
    async with live_probes(settings, services.db) as probes:
        graph = Recording(probes.graph)
        verdicts = await examine(settings, replace(probes, graph=graph), now=now, locale="ru")
    phone = graph.answers.get(credentials(settings).phone_number_id)
    if phone is not None:
        await record_probe(services.db, probe_from(phone, now))
    failed = sum(not v.ok for v in verdicts)
    context = {"verdicts": verdicts, "failed": failed, "checked_at": now}
    return frame.render("doctor.html", request, context)
