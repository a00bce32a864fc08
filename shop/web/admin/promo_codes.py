"""The promo codes page: the list (search, state, pages), a new code, and switching one off."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from multidict import MultiDict

from catalog.money import Money
from shop.access import roles
from shop.promo import manage
from shop.promo.manage import PromoRefused
from shop.promo.model import PromoState
from shop.shop_profile.languages import current as shop_languages
from shop.texts import format_money, t
from shop.web.admin import frame, listing
from shop.web.admin.listing import BadFilter, Paging
from shop.web.admin.routes import PageRoutes
from shop.web.keys import SERVICES, SETTINGS

pages = PageRoutes()
PATH = "/admin/promo-codes"


@pages.get(PATH, nav="promo.page.title", allow=roles.SETTINGS_READ)
async def promo_page(request: web.Request) -> web.Response:
    return await _page(request, {}, {})


async def _page(
    request: web.Request, form: dict[str, str], problems: dict[str, str], *, status: int = 200
) -> web.Response:
    services = request.app[SERVICES]
    now = services.clock.now()
    try:
        search = listing.text(request.query, "q") or ""
        state = listing.choice(request.query, "state", [s.value for s in PromoState])
        number = listing.page_number(request.query)
    except BadFilter as exc:
        raise web.HTTPBadRequest(text=exc.notice()) from None
    async with services.db.sessions() as session:
        size = listing.PAGE_SIZE
        page = await manage.listing(
            session,
            search=search,
            state=PromoState(state) if state else None,
            offset=(number - 1) * size,
            limit=size,
            now=now,
        )
    zone = request.app[SETTINGS].zone
    rows = [_row(row, now, zone) for row in page.rows]
    paging = Paging(number, page.total)
    context = {
        "rows": rows,
        "total": page.total,
        "q": search,
        "state": state or "",
        "states": [s.value for s in PromoState],
        "links": paging.links({"q": search, "state": state or ""}),
        "form": form,
        "problems": problems,
        "created": request.query.get("created", ""),
        "asking": request.query.get("disable", ""),  # a switch-off not yet confirmed
    }
    return frame.render("promo_codes.html", request, context, status=status)


def _row(row: Any, now: datetime, zone: Any) -> dict[str, Any]:
    if row.kind == "percent":
        value = f"{row.percent}\u00a0%"
    else:
        value = format_money(Money.from_minor(row.amount_minor or 0, row.currency), "ru")
    minimum = Money.from_minor(row.min_total_minor, row.currency)
    return {
        "code": row.code,
        "value": value,
        "minimum": format_money(minimum, "ru") if row.min_total_minor else "",
        "period": period(row.starts_at, row.ends_at, zone),
        "used": row.used_count,
        "total_limit": row.total_limit,
        "per_shopper_limit": row.per_shopper_limit,
        "first_order_only": row.first_order_only,
        "state": manage.state_of_row(row, now).value,
    }


def period(starts: datetime | None, ends: datetime | None, zone: Any) -> str:
    """«с 01.06.2026 по 31.08.2026» in the shop's days (the end is exclusive, so its day is
    the one before), «без срока» without either."""
    parts = []
    if starts is not None:
        parts.append(t("promo.page.from", day=starts.astimezone(zone).strftime("%d.%m.%Y")))
    if ends is not None:
        last = (ends.astimezone(zone) - timedelta(microseconds=1)).strftime("%d.%m.%Y")
        parts.append(t("promo.page.until", day=last))
    return " ".join(parts) or t("promo.page.always")


def _moment(form: dict[str, str], field: str, zone: Any) -> datetime | None:
    """A day typed as 04.12.2026 (or a date field's 2026-12-04) at the shop's midnight; the
    last day counts whole, so the code ends at the next midnight."""
    try:
        day = listing.day(MultiDict(form), field)
    except BadFilter as exc:
        raise PromoRefused(field, exc.reason) from None
    if day is None:
        return None
    moment = datetime.combine(day, time(0), tzinfo=zone)
    return moment + timedelta(days=1) if field == "ends" else moment


def _values(form: dict[str, str], zone: Any) -> dict[str, Any]:
    kind = form.get("kind", "percent")
    value = form.get("value", "").replace(",", ".").replace("\u00a0", "").replace(" ", "")
    return {
        "code": form.get("code", ""),
        "kind": kind,
        "percent": value if kind == "percent" else None,
        "amount": value if kind == "amount" else None,
        "min_total": (form.get("min_total", "") or "0").replace(",", ".").replace(" ", ""),
        "starts_at": _moment(form, "starts", zone),
        "ends_at": _moment(form, "ends", zone),
        "total_limit": form.get("total_limit") or None,
        "per_shopper_limit": form.get("per_shopper_limit") or None,
        "first_order_only": form.get("first_order_only") == "on",
    }


# The form's field each document field is typed in (for the problem shown beside it).
_FORM_FIELD = {"percent": "value", "amount": "value", "starts_at": "starts", "ends_at": "ends"}


@pages.post(PATH)
async def create_code(request: web.Request) -> web.Response:
    posted = await request.post()
    await frame.check_csrf(request, str(posted.get("csrf", "")))
    form = {k: str(v).strip() for k, v in posted.items() if isinstance(v, str)}
    services = request.app[SERVICES]
    try:
        values = _values(form, request.app[SETTINGS].zone)
        doc = manage.validated(values)
        async with services.db.transaction() as session:
            # Priced in the shop's currency (the languages page's, else SHOP_CURRENCY).
            shop, _ = await shop_languages(session, services.settings.shop_currency)
            await manage.create(session, doc, services.clock.now(), currency=shop.currency)
    except PromoRefused as exc:
        field = _FORM_FIELD.get(exc.field, exc.field)
        return await _page(request, form, {field: exc.message}, status=422)
    raise web.HTTPSeeOther(f"{PATH}?created={doc.code}")


@pages.post(PATH + "/{code}/disable")
async def disable_code(request: web.Request) -> web.Response:
    """Switches a code off for good once the owner said yes to the question the page asks;
    a post without that answer comes back to the page with the question open."""
    posted = await request.post()
    await frame.check_csrf(request, str(posted.get("csrf", "")))
    code = request.match_info["code"]
    if posted.get("confirm") != "yes":
        raise web.HTTPSeeOther(f"{PATH}?{urlencode({'q': code, 'disable': code})}")
    services = request.app[SERVICES]
    try:
        async with services.db.transaction() as session:
            await manage.disable(session, code, services.clock.now())
    except PromoRefused as exc:
        raise web.HTTPNotFound(text=exc.message) from None
    raise web.HTTPSeeOther(PATH)
