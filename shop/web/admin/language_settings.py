"""The currency and languages page: the shop's currency (refused while something is still
priced in the old one), English offered or not, and the language of new chats."""

from __future__ import annotations

from aiohttp import web

from shop import merchant_settings
from shop.access import audit, roles
from shop.merchant_settings import Refused
from shop.shop_profile.languages import CURRENCIES, ShopLanguages, current, save_languages
from shop.web.admin import frame
from shop.web.admin.routes import PageRoutes
from shop.web.admin.settings import Form, read_form, render_form
from shop.web.keys import SERVICES

pages = PageRoutes()
PATH = "/admin/settings/languages"
SUBJECT = "settings:languages"  # in the audit log


@pages.get(PATH, nav="admin.settings.languages.title", allow=roles.SETTINGS_READ)
async def languages_page(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    async with services.db.sessions() as session:
        doc, stored = await current(session, services.settings.shop_currency)
    values = {
        "currency": doc.currency,
        "english_offered": "1" if doc.english_offered else "",
        "default_language": doc.default_language,
    }
    return _page(request, Form(values, {}, stored=stored, saved="saved" in request.query))


def _page(request: web.Request, form: Form, status: int = 200) -> web.Response:
    return render_form("settings_languages.html", request, form, status, currencies=CURRENCIES)


@pages.post(PATH)
async def save_languages_form(request: web.Request) -> web.Response:
    form = await read_form(request)
    values = {
        "currency": form.get("currency", ""),
        "english_offered": form.get("english_offered", ""),
        "default_language": form.get("default_language", ""),
    }
    services = request.app[SERVICES]
    document = {**values, "english_offered": values["english_offered"] != ""}
    try:
        doc = merchant_settings.checked(ShopLanguages, document)
        async with services.db.transaction() as session:
            before, _ = await current(session, services.settings.shop_currency)
            now = services.clock.now()
            await save_languages(session, doc, now, env_currency=services.settings.shop_currency)
            if before != doc:
                detail = f"{before.model_dump_json()} → {doc.model_dump_json()}"
                await audit.record(session, frame.actor(request).name, "settings", SUBJECT, detail)
    except Refused as exc:
        problems = {p.field: p.message for p in exc.problems}
        return _page(request, Form(values, problems), status=422)
    raise web.HTTPSeeOther(PATH + "?saved=1")
