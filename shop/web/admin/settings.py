"""The shop's settings pages: its profile and its delivery, saved whole or not at all."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiohttp import web
from sqlmodel.ext.asyncio.session import AsyncSession

from shop import merchant_settings
from shop.access import roles
from shop.delivery.options import delivery_document, save_delivery
from shop.delivery.settings import DeliverySettings
from shop.merchant_settings import Refused
from shop.shop_profile.languages import current as shop_languages
from shop.shop_profile.model import KEY as PROFILE_KEY
from shop.shop_profile.model import ShopProfile, load_profile
from shop.web.admin import delivery_form, frame
from shop.web.admin.routes import PageRoutes
from shop.web.keys import SERVICES

pages = PageRoutes()
PROFILE_FIELDS = tuple(ShopProfile.model_fields)
SYMBOLS = {"RUB": "₽"}


async def read_form(request: web.Request) -> dict[str, str]:
    form = await request.post()
    await frame.check_csrf(request, str(form.get("csrf", "")))
    return {key: str(value) for key, value in form.items() if isinstance(value, str)}


@dataclass(frozen=True)
class Form:
    """A settings form as shown: what was typed, each field's problem, and the notices."""

    values: dict[str, str]
    problems: dict[str, str]
    stored: bool = True  # False: the defaults are shown, nothing was saved yet
    saved: bool = False


def render_form(
    template: str, request: web.Request, form: Form, status: int = 200, **extra: Any
) -> web.Response:
    context = {
        "values": form.values,
        "problems": form.problems,
        "stored": form.stored,
        "saved": form.saved,
        **extra,
    }
    return frame.render(template, request, context, status=status)


@pages.get("/admin/settings/shop", nav="admin.settings.shop.title", allow=roles.SETTINGS_READ)
async def shop_page(request: web.Request) -> web.Response:
    async with request.app[SERVICES].db.sessions() as session:
        profile = await load_profile(session)
    values = profile.model_dump() if profile else dict.fromkeys(PROFILE_FIELDS, "")
    return _shop(request, values, {}, saved="saved" in request.query)


def _shop(
    request: web.Request,
    values: dict[str, Any],
    problems: dict[str, str],
    *,
    saved: bool = False,
    status: int = 200,
) -> web.Response:
    context = {"fields": PROFILE_FIELDS, "values": values, "problems": problems, "saved": saved}
    return frame.render("settings_shop.html", request, context, status=status)


@pages.post("/admin/settings/shop")
async def save_shop(request: web.Request) -> web.Response:
    form = await read_form(request)
    values = {name: form.get(name, "") for name in PROFILE_FIELDS}
    services = request.app[SERVICES]
    try:
        profile = merchant_settings.checked(ShopProfile, values)
    except Refused as exc:
        problems = {p.field: p.message for p in exc.problems}
        return _shop(request, values, problems, status=422)
    async with services.db.transaction() as session:
        await merchant_settings.save(session, PROFILE_KEY, profile, services.clock.now())
    raise web.HTTPSeeOther("/admin/settings/shop?saved=1")


@pages.get(
    "/admin/settings/delivery", nav="admin.settings.delivery.title", allow=roles.SETTINGS_READ
)
async def delivery_page(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    async with services.db.sessions() as session:
        currency = await _currency(request, session)
        doc, stored = await delivery_document(
            session, sandbox=services.settings.sandbox, currency=currency
        )
    rows = delivery_form.rows_of(doc)
    return _delivery(
        request, rows, {}, currency=currency, stored=stored, saved="saved" in request.query
    )


async def _currency(request: web.Request, session: AsyncSession) -> str:
    """The shop's currency: the languages page's, else SHOP_CURRENCY."""
    languages, _ = await shop_languages(session, request.app[SERVICES].settings.shop_currency)
    return languages.currency


def _delivery(
    request: web.Request,
    rows: list[delivery_form.OptionRow],
    problems: dict[str, str],
    *,
    currency: str,
    stored: bool = True,
    saved: bool = False,
    status: int = 200,
) -> web.Response:
    context = {
        "rows": rows,
        "problems": problems,
        "stored": stored,
        "saved": saved,
        "currency": SYMBOLS.get(currency, currency),
    }
    return frame.render("settings_delivery.html", request, context, status=status)


@pages.post("/admin/settings/delivery")
async def save_delivery_form(request: web.Request) -> web.Response:
    rows = delivery_form.rows_from_form(await read_form(request))
    doc = delivery_form.document_of(rows)
    services = request.app[SERVICES]
    try:
        checked = merchant_settings.checked(DeliverySettings, doc.values)
    except Refused as exc:
        problems: dict[str, str] = {}
        for problem in exc.problems:
            problems.setdefault(delivery_form.field_name(problem.field, doc), problem.message)
        async with services.db.sessions() as session:
            currency = await _currency(request, session)
        return _delivery(request, rows, problems, currency=currency, status=422)
    async with services.db.transaction() as session:
        await save_delivery(session, checked, services.clock.now())
    raise web.HTTPSeeOther("/admin/settings/delivery?saved=1")
