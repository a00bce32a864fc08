"""The taxes page: receipt defaults, who sends receipts, and paying on delivery."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from shop import merchant_settings
from shop.access import roles
from shop.merchant_settings import Refused
from shop.taxes.codes import choices
from shop.taxes.settings import KEY, TaxSettings, load_taxes
from shop.web.admin import frame
from shop.web.admin.routes import PageRoutes
from shop.web.keys import SERVICES

pages = PageRoutes()
PATH = "/admin/settings/taxes"
# Optional numbers: an empty choice means "not set" (null in the document).
OPTIONAL = ("tax_system_code", "delivery_vat_code")


@pages.get(PATH, nav="admin.settings.taxes.title", allow=roles.SETTINGS_READ)
async def taxes_page(request: web.Request) -> web.Response:
    async with request.app[SERVICES].db.sessions() as session:
        doc = await load_taxes(session)
    return _page(request, _shown(doc.model_dump()), {}, saved="saved" in request.query)


def _shown(values: dict[str, Any]) -> dict[str, str]:
    """The form's values as strings (None as an empty choice)."""
    return {k: "" if v is None else str(v).lower() for k, v in values.items()}


def _page(
    request: web.Request,
    values: dict[str, str],
    problems: dict[str, str],
    *,
    saved: bool = False,
    status: int = 200,
) -> web.Response:
    context = {
        "values": values,
        "problems": problems,
        "saved": saved,
        "choices": choices(values.get("payment_subject", "")),
    }
    return frame.render("settings_taxes.html", request, context, status=status)


def document_values(form: dict[str, str]) -> dict[str, Any]:
    """The form as the document's values: blank optional numbers are None, the box a bool."""
    values: dict[str, Any] = {name: form.get(name, "").strip() for name in TaxSettings.model_fields}
    for name in OPTIONAL:
        values[name] = values[name] or None
    values["pay_on_delivery"] = form.get("pay_on_delivery") == "on"
    return values


@pages.post(PATH)
async def save_taxes(request: web.Request) -> web.Response:
    form = await request.post()
    await frame.check_csrf(request, str(form.get("csrf", "")))
    values = document_values({k: str(v) for k, v in form.items() if isinstance(v, str)})
    services = request.app[SERVICES]
    try:
        doc = merchant_settings.checked(TaxSettings, values)
    except Refused as exc:
        problems = {p.field: p.message for p in exc.problems}
        return _page(request, _shown(values), problems, status=422)
    async with services.db.transaction() as session:
        await merchant_settings.save(session, KEY, doc, services.clock.now())
    raise web.HTTPSeeOther(f"{PATH}?saved=1")
