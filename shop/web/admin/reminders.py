"""Reminders for the merchant: the funnel (API and page with charts) and consent imports."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web
from sqlalchemy import func
from sqlmodel import col, select

from shop.consent.importing import import_consents
from shop.reminders.chart import funnel_svg, revenue_svg
from shop.reminders.config import NudgeConfigError, build_config
from shop.reminders.funnel import Funnel, Tally, build_funnel
from shop.reminders.outcomes import outcomes
from shop.reminders.tables import NudgeSend
from shop.storage.tables import MerchantSetting
from shop.texts import t
from shop.web.admin import frame
from shop.web.api.params import DAY, coerce, period
from shop.web.api.registry import ApiRoute, add_api_route, json_response, query_param
from shop.web.keys import SERVICES


def _tally(tally: Tally) -> dict[str, Any]:
    return {
        "sent": tally.sent,
        "delivered": tally.delivered,
        "read": tally.read,
        "clicked": tally.clicked,
        "ordered": tally.ordered,
        "paid": tally.paid,
        "revenue": f"{tally.revenue:.2f}",
        "opt_outs": tally.opt_outs,
        "failures": tally.failures,
        "opt_outs_per_1000_delivered": _num(tally.opt_outs_per_1000),
        "failures_per_1000_delivered": _num(tally.failures_per_1000),
    }


def _num(value: object) -> str | None:
    return None if value is None else str(value)


def _period(request: web.Request) -> tuple[date, date]:
    """The funnel's local days: the last seven unless `since`/`until` say otherwise."""
    services = request.app[SERVICES]
    today = services.clock.now().astimezone(services.settings.zone).date()
    query = request.query
    since = coerce("since", query["since"], DAY) if "since" in query else today - timedelta(6)
    until = coerce("until", query["until"], DAY) if "until" in query else today
    return period(since, until)


def _bounds(since: date, until: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """Whole local days, `since` to `until` inclusive, as [start, end)."""
    start = datetime.combine(since, time(0), zone)
    return start, datetime.combine(until + timedelta(days=1), time(0), zone)


async def funnel_of(request: web.Request) -> tuple[Funnel, date, date]:
    services = request.app[SERVICES]
    since, until = _period(request)
    zone = services.settings.zone
    start, end = _bounds(since, until, zone)
    async with services.db.sessions() as session:
        found = await outcomes(session, start, end)
    return build_funnel(found, since=start, until=end, zone=zone), since, until


async def funnel_api(request: web.Request) -> web.Response:
    funnel, since, until = await funnel_of(request)
    return web.json_response(
        {
            "since": since.isoformat(),
            "until": until.isoformat(),
            "total": _tally(funnel.total),
            "steps": [
                {"step": r.step, "template": r.template, **_tally(r.tally)} for r in funnel.rows
            ],
            "days": [{"day": d.day.isoformat(), **_tally(d.tally)} for d in funnel.days],
        }
    )


async def nudges_page(
    request: web.Request,
    report: dict[str, Any] | None = None,
    settings_problems: list[str] | None = None,
) -> web.Response:
    funnel, since, until = await funnel_of(request)
    settings = request.app[SERVICES].settings
    context = {
        "since": since,
        "until": until,
        "total": _tally(funnel.total),
        "rows": [(r.step, r.template, _tally(r.tally)) for r in funnel.rows],
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
    start, end = _bounds(since, until, services.settings.zone)
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
    raise web.HTTPSeeOther("/admin/nudges")


def setup(app: web.Application) -> None:
    since = query_param("since", DAY, "first local day")
    until = query_param("until", DAY, "last local day (at most 366 days after since)")
    add_api_route(
        app,
        ApiRoute(
            "GET",
            "/api/nudges/funnel",
            "Reminders: sent → delivered → read → clicked → ordered → paid, revenue, opt-outs",
            "nudges",
            (since, until),
            responses={"200": json_response("the funnel", {"type": "object"})},
        ),
        funnel_api,
    )
    app.router.add_get("/admin/nudges", nudges_page)
    app.router.add_post("/admin/nudges/consents", consents_upload)
    app.router.add_post("/admin/nudges/settings", save_settings)
    frame.add_nav(app, "admin.nudges.title", "/admin/nudges")
