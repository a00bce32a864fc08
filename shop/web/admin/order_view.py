"""The merchant's order page as people read it: who ordered, where it goes, money in roubles."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from shop.chat.tables import ShopChat
from shop.delivery.options import delivery_setup
from shop.orders.tables import ShopOrder
from shop.taxes.status import settlement_of
from shop.web.admin import show


async def order_card(
    session: AsyncSession, order_id: int, *, sandbox: bool, currency: str
) -> dict[str, Any] | None:
    """The customer (name from the chat, full phone), the courier address with its map link,
    or the pickup point by its title (the point as set up now; its id if it is gone)."""
    order = await session.get(ShopOrder, order_id)
    if order is None:
        return None
    chat = await session.get(ShopChat, order.chat_id)
    card: dict[str, Any] = {
        "name": chat.name if chat else None,
        "phone": show.phone(order.wa_id),
        "tel": f"+{order.wa_id}",
        "created_at": order.created_at,
        "paid_at": order.paid_at,
        "address": order.address,
        "map_url": show.map_link(order.address, order.latitude, order.longitude),
        "point": None,
        # How it is paid, and its settlement receipt (shop/taxes/): order_taxes.html.
        "payment_method": order.payment_method,
        "settlement": await settlement_of(session, order_id),
    }
    if order.pickup_point:
        _options, points = await delivery_setup(session, sandbox=sandbox, currency=currency)
        point = next((p for p in points if p.id == order.pickup_point), None)
        card["point"] = {
            "title": point.title if point else order.pickup_point,
            "address": point.address if point else None,
            "hours": point.hours if point else None,
            "map_url": show.map_link(point.address, str(point.lat), str(point.lon))
            if point
            else None,
        }
        card["map_url"] = None  # the pin is the point's, shown with it
    return card


def readable(detail: dict[str, Any]) -> dict[str, Any]:
    """The detail's amounts (API values such as `1350.00`) as `1 350,00 ₽`, and its refunds'
    times as moments for the `local` filter, row by row."""
    currency = detail["currency"]
    return {
        "lines": [
            {key: show.money(line[key], currency) for key in ("unit_price", "total")}
            for line in detail["lines"]
        ],
        "payments": [
            {
                key: show.money(payment[key], currency)
                for key in ("amount", "fee", "income_amount", "refunded")
            }
            for payment in detail["payments"]
        ],
        "refunds": [
            {
                "amount": show.money(refund["amount"], currency),
                "created_at": datetime.fromisoformat(refund["created_at"]),
            }
            for refund in detail["refunds"]
        ],
    }
