"""The reminders page: the funnel with its charts, and consent imports (the settings have
their own page, reminder_settings.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from aiohttp import web
from sqlalchemy import func
from sqlmodel import col, select

from catalog.money import Money
from shop.access import roles
from shop.consent.importing import import_consents
from shop.reminders.chart import funnel_svg, revenue_svg
from shop.reminders.tables import NudgeSend
from shop.texts import format_money, t
from shop.web.admin import frame
from shop.web.admin.routes import PageRoutes
from shop.web.funnel import FunnelQuery, day_bounds, read_funnel, tally_json
from shop.web.keys import SERVICES

pages = PageRoutes()


@pages.get("/admin/nudges", nav="admin.nudges.title", allow=roles.SETTINGS_READ)
async def nudges_page(
    request: web.Request,
    report: dict[str, Any] | None = None,
) -> web.Response:
    query = FunnelQuery.from_query(request.query, first_of_repeats=True)
    funnel, since, until = await read_funnel(request.app[SERVICES], query)
    context = {
        "since": since,
        "until": until,
        "total": tally_json(funnel.total),
        "revenue": _money(funnel.total.revenue),
        "rows": [
            (r.step, r.template, tally_json(r.tally), _money(r.tally.revenue)) for r in funnel.rows
        ],
        "funnel_svg": funnel_svg(funnel.total, title=t("admin.nudges.funnel_chart")),
        "revenue_svg": revenue_svg(
            [(d.day, d.tally.revenue) for d in funnel.days],
            title=t("admin.nudges.revenue_chart"),
            money=_money,
        ),
        "report": report,
        "paused": await _paused(request),
        "skipped": await _skipped(request, since, until),
    }
    return frame.render("nudges.html", request, context)


def _money(amount: Decimal) -> str:
    return format_money(Money.rub(amount), "ru")


async def _skipped(request: web.Request, since: date, until: date) -> list[tuple[str, int]]:
    """Steps cancelled or refused in the period, by reason (a paused template shows up here)."""
    services = request.app[SERVICES]
    start, end = day_bounds(since, until, services.settings.zone)
    async with services.db.sessions() as session:
        query = (
            select(NudgeSend.reason, func.count())
            .where(col(NudgeSend.status).in_(("skipped", "refused", "failed")))
            .where(col(NudgeSend.claimed_at) >= start, col(NudgeSend.claimed_at) < end)
            .group_by(col(NudgeSend.reason))
        )
        rows = (await session.exec(query)).all()
    return [(reason or "—", int(count)) for reason, count in rows]


async def _paused(request: web.Request) -> str | None:
    """Why reminders are paused by the channel guard, in the merchant's words; None if not.
    Read from the database, so a web process without a worker tells it too."""
    guard = await request.app[SERVICES].reminders.guard_now()
    if not guard.paused or guard.reason is None:
        return None
    return guard.message()


@pages.post("/admin/nudges/consents")
async def consents_upload(request: web.Request) -> web.Response:
    received = await frame.receive_form_upload(request)
    services = request.app[SERVICES]
    try:
        received.file.seek(0)
        data = received.file.read()
    finally:
        received.close()
    report = await import_consents(
        services.db,
        data,
        zone=services.settings.zone,
        now=services.clock.now(),
        file_name=received.name,
    )
    return await nudges_page(request, report.as_json())
