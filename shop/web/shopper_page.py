"""`/a/{token}`: the shopper's own page, every order of their chat with its status, tracking,
payments and refunds. The token comes from «Мои заказы» in the chat; a wrong one is a plain
404. Like the order page: no scripts, never cached or indexed, no bank data, the phone masked.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from catalog.money import Money
from shop.chat.tables import ShopChat
from shop.orders.model import mask_phone
from shop.orders.payment_tables import PayAttempt, PayRefund
from shop.orders.shopper_link import chat_of
from shop.orders.tables import ShopOrder
from shop.taxes.status import receipt_notes
from shop.texts import Locale, format_money, locale_of
from shop.web.admin.frame import local_time
from shop.web.keys import SERVICES, SETTINGS
from shop.web.order_page import _ENV, HEADERS

routes = web.RouteTableDef()
MOST = 50  # orders shown, newest first
SHOWN_PAYMENTS = ("succeeded", "pending", "waiting_for_capture")


@routes.get("/a/{token}")
async def shopper_page(request: web.Request) -> web.Response:
    settings = request.app[SETTINGS]
    async with request.app[SERVICES].db.sessions() as session:
        chat_id = await chat_of(session, request.match_info["token"])
        chat = await session.get(ShopChat, chat_id) if chat_id is not None else None
        if chat is None or chat.id is None:
            raise web.HTTPNotFound(text="Not found", headers=HEADERS)
        locale = locale_of(chat.locale)
        orders = await _orders(session, chat.id, locale, settings.zone)
    html = _ENV.get_template("shopper_orders.html").render(
        lang=locale,
        phone=mask_phone(chat.wa_id),
        orders=orders,
        sandbox=settings.sandbox,
        base=settings.public_base_url,
    )
    return web.Response(text=html, content_type="text/html", headers=HEADERS)


async def _orders(
    session: AsyncSession, chat_id: int, locale: Locale, zone: ZoneInfo
) -> list[dict[str, Any]]:
    query = (
        select(ShopOrder)
        .where(col(ShopOrder.chat_id) == chat_id)
        .order_by(col(ShopOrder.created_at).desc(), col(ShopOrder.id).desc())
        .limit(MOST)
    )
    shown = []
    for order in (await session.exec(query)).all():

        def money(minor: int, currency: str = order.currency) -> str:
            return format_money(Money.from_minor(minor, currency), locale)

        shown.append(
            {
                "order": order,
                "placed_at": local_time(order.created_at, zone).partition(" ")[0],  # the day
                "total": money(order.total_minor),
                "payments": [
                    {"status": p.status, "amount": money(p.amount_minor, p.currency)}
                    for p in await _payments(session, order.id or 0)
                ],
                "refunds": [
                    {"status": r.status, "amount": money(r.amount_minor, r.currency)}
                    for r in await _refunds(session, order.id or 0)
                ],
                "receipts": await receipt_notes(session, order, locale),
            }
        )
    return shown


async def _payments(session: AsyncSession, order_id: int) -> list[PayAttempt]:
    """Only what the shopper paid or is paying: amounts and states, never card details."""
    query = (
        select(PayAttempt)
        .where(col(PayAttempt.order_id) == order_id, col(PayAttempt.status).in_(SHOWN_PAYMENTS))
        .order_by(col(PayAttempt.attempt))
    )
    return list((await session.exec(query)).all())


async def _refunds(session: AsyncSession, order_id: int) -> list[PayRefund]:
    query = (
        select(PayRefund)
        .where(col(PayRefund.order_id) == order_id, col(PayRefund.status) != "rejected")
        .order_by(col(PayRefund.id))
    )
    return list((await session.exec(query)).all())
