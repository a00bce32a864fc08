"""The reminders page: the funnel with its charts, the settings, and consent imports."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiohttp import web
from sqlalchemy import func
from sqlmodel import col, select

from shop.access import audit, roles
from shop.consent.importing import import_consents
from shop.reminders.chart import funnel_svg, revenue_svg
from shop.reminders.config import NudgeConfigError, build_config
from shop.reminders.tables import NudgeSend
from shop.storage.tables import MerchantSetting
from shop.texts import t
from shop.web.admin import frame
from shop.web.admin.routes import PageRoutes
from shop.web.funnel import FunnelQuery, day_bounds, read_funnel, tally_json
from shop.web.keys import SERVICES

pages = PageRoutes()


@pages.get("/admin/nudges", nav="admin.nudges.title", allow=roles.SETTINGS_READ)
async def nudges_page(
    request: web.Request,
    report: dict[str, Any] | None = None,
    settings_problems: list[str] | None = None,
) -> web.Response:
    query = FunnelQuery.from_query(request.query, first_of_repeats=True)
    funnel, since, until = await read_funnel(request.app[SERVICES], query)
    settings = request.app[SERVICES].settings
    context = {
        "since": since,
        "until": until,
        "total": tally_json(funnel.total),
        "rows": [(r.step, r.template, tally_json(r.tally)) for r in funnel.rows],
        "funnel_svg": funnel_svg(funnel.total, title=t("admin.nudges.funnel_chart")),
        "revenue_svg": revenue_svg(
            [(d.day, d.tally.revenue) for d in funnel.days], title=t("admin.nudges.revenue_chart")
        ),
        # The defaults, by the key of their label
        "settings": {
            "admin.nudges.default.steps": ", ".join(str(s) for s in settings.nudge_steps),
            "admin.nudges.default.template": settings.nudge_template,
            "admin.nudges.default.quiet_hours": t("admin.nudges.default.off")
            if settings.quiet_hours is None
            else "–".join(moment.strftime("%H:%M") for moment in settings.quiet_hours),
            "admin.nudges.default.cap": str(settings.marketing_cap_30d),
        },
        "report": report,
        "paused": await _paused(request),
        "overrides": await _overrides(request),
        "skipped": await _skipped(request, since, until),
        "keys": SETTING_KEYS,
        "settings_problems": settings_problems or [],
    }
    return frame.render("nudges.html", request, context)


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


async def _overrides(request: web.Request) -> dict[str, str]:
    async with request.app[SERVICES].db.sessions() as session:
        rows = (await session.exec(select(MerchantSetting))).all()
    return {r.key: r.value for r in rows if r.key in SETTING_KEYS}


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


SETTING_KEYS = (
    "nudges_enabled",
    "nudge_steps",
    "nudge_templates",
    "nudge_promo_codes",
    "quiet_hours",
    "nudge_max_lateness",
    "nudge_holidays",
    "marketing_cap_30d",
    "guard_opt_out_percent",
    "guard_min_delivered",
)


@pages.post("/admin/nudges/settings")
async def save_settings(request: web.Request) -> web.Response:
    """Validate the whole set first (readable problems), then store the non-empty fields."""
    form = await request.post()
    await frame.check_csrf(request, str(form.get("csrf", "")))
    services = request.app[SERVICES]
    wanted = {k: str(form.get(k, "")).strip() for k in SETTING_KEYS}
    async with services.db.transaction() as session:
        current = {r.key: r.value for r in (await session.exec(select(MerchantSetting))).all()}
        merged = {**current, **{k: v for k, v in wanted.items() if v}}
        try:
            build_config(services.settings, merged)
        except NudgeConfigError as exc:
            problems = [f"{p.key}: {p.message_ru}" for p in exc.problems]
            return await nudges_page(request, settings_problems=problems)
        for key, value in wanted.items():
            row = await session.get(MerchantSetting, key)
            if not value:
                if row is not None:
                    await session.delete(row)  # empty: back to the environment's default
                continue
            if row is None:
                session.add(MerchantSetting(key=key, value=value, updated_at=services.clock.now()))
            else:
                row.value, row.updated_at = value, services.clock.now()
        changed = ", ".join(f"{k}={v or '—'}" for k, v in wanted.items() if current.get(k, "") != v)
        if changed:
            actor = frame.actor(request).name
            await audit.record(session, actor, "settings", "settings:reminders", changed)
    raise web.HTTPSeeOther("/admin/nudges")
