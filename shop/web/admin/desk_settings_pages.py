"""The desk's settings pages: its groups (members, hours, the out-of-hours reply, SLA,
capacity, privacy, routing keywords, the default group), the FAQ bot's questions and answers,
and the canned replies. Each saves the same validated document as its `/api/settings/…`
route, whole or not at all, with an audit entry; the accountant reads them, the owner saves."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from aiohttp import web
from multidict import MultiMapping
from pydantic import BaseModel

from shop import merchant_settings
from shop.access import audit, roles
from shop.access.roles import Role
from shop.access.staff import list_users
from shop.chat.faq import KEY as FAQ_KEY
from shop.chat.faq import Faq
from shop.desk import canned
from shop.desk.groups import KEY as GROUPS_KEY
from shop.desk.groups import Groups, defaults
from shop.desk.regroup import store_groups
from shop.merchant_settings import Refused
from shop.web.admin import desk_groups_form, frame
from shop.web.admin.routes import PageRoutes
from shop.web.admin.settings import Form, render_form
from shop.web.keys import SERVICES

pages = PageRoutes()
Store = Callable[[Any, Any, datetime], Awaitable[None]]
GROUPS, FAQ, CANNED = "/admin/settings/groups", "/admin/settings/faq", "/admin/settings/canned"
DAYS = tuple(range(1, 8))
_FAQ_ROW = re.compile(r"^q(\d{1,2})\.(question|phrasings|answer|remove)$")


async def _form(request: web.Request) -> MultiMapping[Any]:
    form = await request.post()
    await frame.check_csrf(request, str(form.get("csrf", "")))
    return form


async def _save(
    request: web.Request,
    key: str,
    doc: BaseModel,
    model: type[BaseModel],
    store: Store | None = None,
) -> None:
    """The document in one transaction with its audit entry (what changed, by path); `store`
    saves it when saving does more (the groups' check of members, their chats' moves)."""
    services = request.app[SERVICES]
    async with services.db.transaction() as session:
        before = await merchant_settings.load(session, key, model)
        if store is None:
            await merchant_settings.save(session, key, doc, services.clock.now())
        else:
            await store(session, doc, services.clock.now())
        detail = changes(before.model_dump(mode="json") if before else None, doc)
        await audit.record(
            session, frame.actor(request).name, "settings", f"settings:{key}", detail
        )


def changes(before: dict[str, Any] | None, after: BaseModel) -> str:
    """`groups, default_group: sales → support` — the document's top-level fields changed."""
    new = after.model_dump(mode="json")
    if before is None:
        return "saved"
    parts = [
        name if isinstance(value, list) else f"{name}: {before.get(name)} → {value}"
        for name, value in new.items()
        if before.get(name) != value
    ]
    return ", ".join(parts) or "unchanged"


def _problems(exc: Refused, name_of: Any) -> dict[str, str]:
    problems: dict[str, str] = {}
    for problem in exc.problems:
        problems.setdefault(name_of(problem.field), problem.message)
    return problems


# The groups page


async def _operators(request: web.Request, rows: list[desk_groups_form.GroupRow]) -> list[str]:
    """The staff who may work chats (owners and operators), and anyone a group still names."""
    users = await list_users(request.app[SERVICES].db)
    names = [u.name for u in users if u.disabled_at is None and u.role != Role.ACCOUNTANT]
    named = [m for row in rows for m in row.members if m not in names]
    return [*names, *dict.fromkeys(named)]


async def _groups_page(
    request: web.Request, rows: list[desk_groups_form.GroupRow], form: Form, status: int = 200
) -> web.Response:
    staff = await _operators(request, rows)
    extra = {"rows": rows, "staff": staff, "days": DAYS}
    return render_form("desk_groups.html", request, form, status, **extra)


@pages.get(GROUPS, nav="desk.settings.groups.title", allow=roles.SETTINGS_READ)
async def groups_page(request: web.Request) -> web.Response:
    async with request.app[SERVICES].db.sessions() as session:
        stored = await merchant_settings.load(session, GROUPS_KEY, Groups)
    groups = stored or defaults()
    values = {"default_group": groups.default_group}
    form = Form(values, {}, stored=stored is not None, saved="saved" in request.query)
    return await _groups_page(request, desk_groups_form.rows_of(groups), form)


@pages.post(GROUPS)
async def save_groups(request: web.Request) -> web.Response:
    form = await _form(request)
    rows = desk_groups_form.rows_from_form(form)
    default_group = str(form.get("default_group", "")).strip()
    doc = desk_groups_form.document_of(rows, default_group)
    try:
        checked = merchant_settings.checked(Groups, doc.values)
        await _save(request, GROUPS_KEY, checked, Groups, store_groups)
    except Refused as exc:
        problems = _problems(exc, lambda path: desk_groups_form.field_name(path, doc))
        page = Form({"default_group": default_group}, problems)
        return await _groups_page(request, desk_groups_form.with_blank(rows), page, 422)
    raise web.HTTPSeeOther(GROUPS + "?saved=1")


# The FAQ page


def _faq_rows(faq: Faq) -> list[dict[str, str]]:
    rows = [
        {"question": i.question, "phrasings": "\n".join(i.phrasings), "answer": i.answer}
        for i in faq.items
    ]
    return [*rows, {}] if len(rows) < 30 else rows


def _faq_form(form: MultiMapping[Any]) -> tuple[list[dict[str, str]], dict[str, Any], list[int]]:
    """The rows as typed, the document they say (blank and removed rows left out), and the
    row index of each item kept."""
    rows: dict[int, dict[str, str]] = {}
    for key, value in form.items():
        match = _FAQ_ROW.match(key)
        if match and isinstance(value, str) and int(match[1]) < 31:
            rows.setdefault(int(match[1]), {})[match[2]] = value
    typed = [rows[i] for i in sorted(rows)]
    kept = [
        i
        for i, row in enumerate(typed)
        if not row.get("remove")
        and (row.get("question", "").strip() or row.get("answer", "").strip())
    ]
    items = [
        {
            "question": typed[i].get("question", "").strip(),
            "phrasings": [
                p.strip() for p in typed[i].get("phrasings", "").splitlines() if p.strip()
            ],
            "answer": typed[i].get("answer", "").strip(),
        }
        for i in kept
    ]
    return typed, {"items": items}, kept


@pages.get(FAQ, nav="desk.settings.faq.title", allow=roles.SETTINGS_READ)
async def faq_page(request: web.Request) -> web.Response:
    async with request.app[SERVICES].db.sessions() as session:
        stored = await merchant_settings.load(session, FAQ_KEY, Faq)
    form = Form({}, {}, stored=stored is not None, saved="saved" in request.query)
    return render_form("desk_faq.html", request, form, rows=_faq_rows(stored or Faq()))


@pages.post(FAQ)
async def save_faq(request: web.Request) -> web.Response:
    typed, values, kept = _faq_form(await _form(request))
    try:
        checked = merchant_settings.checked(Faq, values)
    except Refused as exc:

        def name_of(path: str) -> str:
            parts = path.split(".")
            if parts[0] == "items" and len(parts) >= 3 and parts[1].isdigit():
                return f"q{kept[int(parts[1])]}.{parts[2]}"
            return parts[0]

        form = Form({}, _problems(exc, name_of))
        return render_form("desk_faq.html", request, form, 422, rows=[*typed, {}])
    await _save(request, FAQ_KEY, checked, Faq)
    raise web.HTTPSeeOther(FAQ + "?saved=1")


# The canned replies page


@pages.get(CANNED, nav="desk.settings.canned.title", allow=roles.SETTINGS_READ)
async def canned_page(request: web.Request) -> web.Response:
    async with request.app[SERVICES].db.sessions() as session:
        doc, stored = await canned.current(session)
    values = {"replies": "\n".join(doc.replies)}
    form = Form(values, {}, stored=stored, saved="saved" in request.query)
    return render_form("desk_canned.html", request, form)


@pages.post(CANNED)
async def save_canned(request: web.Request) -> web.Response:
    text = str((await _form(request)).get("replies", ""))
    replies = [line.strip() for line in text.splitlines() if line.strip()]
    try:
        checked = merchant_settings.checked(canned.CannedReplies, {"replies": replies})
    except Refused as exc:
        form = Form({"replies": text}, _problems(exc, lambda path: path.split(".")[0]))
        return render_form("desk_canned.html", request, form, 422)
    await _save(request, canned.KEY, checked, canned.CannedReplies)
    raise web.HTTPSeeOther(CANNED + "?saved=1")
