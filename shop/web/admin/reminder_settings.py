"""The reminders settings page: steps, quiet hours, the cap and the guard's thresholds, each
with its label, unit and help line; saved whole or not at all, read by the scheduler at its
next run."""

from __future__ import annotations

from aiohttp import web

from shop import merchant_settings
from shop.access import audit, roles
from shop.merchant_settings import Refused
from shop.reminders.document import ReminderSettings, current, save_reminders
from shop.web.admin import frame, reminders_form
from shop.web.admin.routes import PageRoutes
from shop.web.admin.settings import Form, read_form, render_form
from shop.web.keys import SERVICES

pages = PageRoutes()
PATH = "/admin/settings/reminders"


@pages.get(PATH, nav="admin.settings.reminders.title", allow=roles.SETTINGS_READ)
async def reminders_settings_page(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    async with services.db.sessions() as session:
        doc, stored = await current(session, services.settings)
    values, rows = reminders_form.values_of(doc), reminders_form.rows_of(doc)
    form = Form(values, {}, stored=stored, saved="saved" in request.query)
    return _page(request, form, rows)


def _page(
    request: web.Request, form: Form, rows: list[reminders_form.StepRow], status: int = 200
) -> web.Response:
    sections = {
        "general": reminders_form.GENERAL,
        "quiet": reminders_form.QUIET,
        "guard": reminders_form.GUARD,
    }
    return render_form("settings_reminders.html", request, form, status, rows=rows, **sections)


@pages.post(PATH)
async def save_reminders_form(request: web.Request) -> web.Response:
    form = await read_form(request)
    rows = reminders_form.rows_from_form(form)
    doc = reminders_form.document_of(form, rows)
    services = request.app[SERVICES]
    try:
        checked = merchant_settings.checked(ReminderSettings, doc.values)
    except Refused as exc:
        problems: dict[str, str] = {}
        for problem in exc.problems:
            problems.setdefault(reminders_form.field_name(problem.field, doc), problem.message)
        values = {name: form.get(name, "") for name in (*reminders_form.SCALARS, "enabled")}
        return _page(request, Form(values, problems), reminders_form.with_blank(rows), status=422)
    async with services.db.transaction() as session:
        before, _ = await current(session, services.settings)
        await save_reminders(session, checked, services.clock.now())
        changed = changes(before, checked)
        if changed:
            actor = frame.actor(request).name
            await audit.record(session, actor, "settings", "settings:reminders", changed)
    raise web.HTTPSeeOther(PATH + "?saved=1")


def changes(before: ReminderSettings, after: ReminderSettings) -> str:
    """`cap_30d: 4 → 2, steps` — what the audit log says changed (values of the scalars)."""
    old, new = before.model_dump(mode="json"), after.model_dump(mode="json")
    parts = []
    for name, value in new.items():
        if old.get(name) == value:
            continue
        parts.append(name if isinstance(value, list) else f"{name}: {old.get(name)} → {value}")
    return ", ".join(parts)
