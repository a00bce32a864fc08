"""`/o/{token}`: the shopper's own order page, and its pay button that leads to YooKassa.

Server-rendered, no scripts, no third-party resources; the token is the only key, so the page
never leaks it (no-referrer) and is never cached or indexed. Personal data is masked.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from catalog.money import Money
from payments.gateway import GatewayError
from shop.chat.tables import ShopChat
from shop.delivery.options import delivery_setup
from shop.orders.model import OrderStatus, mask_email, mask_phone
from shop.orders.payment_tables import PayAttempt
from shop.orders.payments import PaymentUnavailable
from shop.orders.queries import order_lines
from shop.orders.tables import ShopOrder, ShopOrderLine
from shop.shop_profile.model import ShopProfile, load_profile, logo_origin
from shop.taxes.status import settlement_of
from shop.texts import Locale, format_money, locale_of, t
from shop.texts.html import TEMPLATE_FILTERS, TEMPLATE_GLOBALS
from shop.web.admin.frame import local_time
from shop.web.keys import SERVICES, SETTINGS

log = logging.getLogger(__name__)
routes = web.RouteTableDef()
_ENV = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "pages"),
    autoescape=select_autoescape(["html"]),
    auto_reload=False,
)
_ENV.globals.update(TEMPLATE_GLOBALS)
_ENV.filters.update(TEMPLATE_FILTERS)
HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action *; "
    "frame-ancestors 'none'; base-uri 'none'",
}


def headers_for(profile: ShopProfile | None) -> dict[str, str]:
    """The page's headers; with a logo, images from the logo's site alone are allowed (no
    referrer is sent, so the order's link never reaches it)."""
    origin = logo_origin(profile)
    if origin is None:
        return HEADERS
    policy = HEADERS["Content-Security-Policy"] + f"; img-src {origin}"
    return {**HEADERS, "Content-Security-Policy": policy}


Loaded = tuple[ShopOrder, list[ShopOrderLine], Locale, ShopProfile | None]


async def _load(request: web.Request) -> Loaded | None:
    token = request.match_info["token"]
    if not 16 <= len(token) <= 64:
        return None
    async with request.app[SERVICES].db.sessions() as session:
        order = (await session.exec(select(ShopOrder).where(col(ShopOrder.token) == token))).first()
        if order is None:
            return None
        lines = await order_lines(session, order.id)
        chat = await session.get(ShopChat, order.chat_id)
        profile = await load_profile(session)
    locale = locale_of(chat.locale if chat is not None else None)
    return order, list(lines), locale, profile


def _render(
    order: ShopOrder,
    lines: list[ShopOrderLine],
    locale: Locale,
    zone: ZoneInfo,
    *,
    profile: ShopProfile | None = None,
    **extra: Any,
) -> str:
    def money(minor: int) -> str:
        return format_money(Money.from_minor(minor, order.currency), locale)

    contact = mask_email(order.contact_email) if order.contact_email else mask_phone(order.wa_id)
    return _ENV.get_template("shopper_order.html").render(
        lang=locale,
        order=order,
        placed_at=local_time(order.created_at, zone),  # naive on SQLite: UTC, not the host's
        lines=[
            {
                "title": ln.title,
                "quantity": ln.quantity,
                "unit": money(ln.unit_price_minor),
                "total": money(ln.unit_price_minor * ln.quantity),
            }
            for ln in lines
        ],
        delivery=money(order.delivery_minor),
        discount=money(order.discount_minor) if order.discount_minor else None,
        total=money(order.total_minor),
        contact=contact,
        payable=order.status == OrderStatus.AWAITING_PAYMENT,
        tracking_link=_tracking_link(order.tracking_url),
        # The seller's details; the logo only from its own site (see headers_for)
        shop=profile,
        logo=profile.logo_url if logo_origin(profile) and profile else None,
        **extra,
    )


@routes.get("/o/{token}")
async def order_page(request: web.Request) -> web.Response:
    if request.query.get("from") == "pay":
        await _recheck(request)
    loaded = await _load(request)
    if loaded is None:
        raise web.HTTPNotFound(text="Not found", headers=HEADERS)
    settings = request.app[SETTINGS]
    order, lines, locale, profile = loaded
    async with request.app[SERVICES].db.sessions() as session:
        settlement = await settlement_of(session, order.id or 0, shopper=True)
        point = await _pickup_point(session, order, sandbox=settings.sandbox)
    html = _render(
        order,
        lines,
        locale,
        settings.zone,
        profile=profile,
        sandbox=settings.sandbox,
        notice=None,
        settlement=settlement,
        point=point,
    )
    return web.Response(text=html, content_type="text/html", headers=headers_for(profile))


async def _pickup_point(
    session: AsyncSession, order: ShopOrder, *, sandbox: bool
) -> dict[str, str] | None:
    """Where a ready order waits: the point as set up now (its title and address; its id if it
    is gone), shown only once the order is ready for pickup."""
    if order.status != OrderStatus.READY_FOR_PICKUP or not order.pickup_point:
        return None
    _options, points = await delivery_setup(session, sandbox=sandbox, currency=order.currency)
    found = next((p for p in points if p.id == order.pickup_point), None)
    if found is None:
        return {"title": order.pickup_point, "address": "", "hours": ""}
    return {"title": found.title, "address": found.address, "hours": found.hours}


def _tracking_link(url: str | None) -> str | None:
    """The carrier's page, only as an http(s) link: anything else (`javascript:`) is not a link."""
    if url and url.lower().startswith(("https://", "http://")):
        return url
    return None


async def _recheck(request: web.Request) -> None:
    """Back from YooKassa: re-read the latest payment so the page need not wait for the webhook."""
    services = request.app[SERVICES]
    async with services.db.sessions() as session:
        query = (
            select(PayAttempt.provider_id)
            .join(ShopOrder, col(ShopOrder.id) == col(PayAttempt.order_id))
            .where(col(ShopOrder.token) == request.match_info["token"])
            .where(col(ShopOrder.status) == OrderStatus.AWAITING_PAYMENT.value)
            .order_by(col(PayAttempt.attempt).desc())
            .limit(1)
        )
        provider_id = (await session.exec(query)).first()
    if provider_id:
        try:
            await services.payments.observe(provider_id)
        except GatewayError:
            log.warning("re-check on return failed")


@routes.post("/o/{token}/pay")
async def pay(request: web.Request) -> web.Response:
    """Send the shopper to the current confirmation page, making or renewing the payment."""
    token = request.match_info["token"]
    payments = request.app[SERVICES].payments
    loaded = await _load(request)
    if loaded is None:
        raise web.HTTPNotFound(text="Not found", headers=HEADERS)
    try:
        url = await payments.link_for(token)
    except PaymentUnavailable:
        order, lines, locale, profile = loaded
        settings = request.app[SETTINGS]
        html = _render(
            order,
            lines,
            locale,
            settings.zone,
            profile=profile,
            sandbox=settings.sandbox,
            notice=t("order.page.unavailable", locale),
        )
        headers = headers_for(profile)
        return web.Response(text=html, content_type="text/html", status=503, headers=headers)
    raise web.HTTPSeeOther(url or f"/o/{token}", headers=HEADERS)
