"""What the single-order answer adds to the order itself: where the parcel is, the promo code
that paid part of it, the order's history and the news told (or not told) to the shopper."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from catalog.money import Money
from shop.orders import events
from shop.orders.lifecycle_tables import OrderNews
from shop.orders.news import UNDELIVERED
from shop.orders.news_schedule import FAILED
from shop.orders.tables import ShopOrder
from shop.promo.tables import PromoCode, PromoRedemption


async def order_story(session: AsyncSession, order: ShopOrder) -> dict[str, Any]:
    """`discount`, `tracking`, `promo`, `history` and `news` of one order (API values: money
    as `1350.00`, times in ISO 8601 with their offset)."""
    order_id = order.id or 0
    discount = Money.from_minor(order.discount_minor, order.currency).api_value()
    return {
        "discount": discount if order.discount_minor else None,
        "tracking": _tracking(order),
        "promo": await _promo(session, order),
        "history": [
            {
                "from_status": e.from_status,
                "status": e.to_status,
                "at": e.at.isoformat(),
                "actor_kind": e.actor_kind,
                "actor": e.actor,
                "reason": e.reason,
                "detail": e.detail,
            }
            for e in await events.history(session, order_id)
        ],
        "news": [
            {
                "kind": n.kind,
                "at": n.created_at.isoformat(),
                "delivered": n.state not in (UNDELIVERED, FAILED),
                "state": n.state,
                "channel": n.channel,
                "reason": n.reason,
                "tries": n.tries,
            }
            for n in await _news(session, order_id)
        ],
    }


def _tracking(order: ShopOrder) -> dict[str, str | None] | None:
    if not (order.carrier or order.tracking_number or order.tracking_url):
        return None
    return {"carrier": order.carrier, "number": order.tracking_number, "url": order.tracking_url}


async def _promo(session: AsyncSession, order: ShopOrder) -> dict[str, str] | None:
    """The code the order redeemed and its discount off the goods; None without one."""
    query = (
        select(PromoCode.code, PromoRedemption.discount_minor, PromoRedemption.currency)
        .join(PromoCode, col(PromoCode.id) == col(PromoRedemption.code_id))
        .where(col(PromoRedemption.order_id) == order.id)
    )
    found = (await session.exec(query)).first()
    if found is None:
        return None
    code, minor, currency = found
    return {"code": code, "discount": Money.from_minor(minor, currency).api_value()}


async def _news(session: AsyncSession, order_id: int) -> list[OrderNews]:
    query = (
        select(OrderNews)
        .where(col(OrderNews.order_id) == order_id)
        .order_by(col(OrderNews.created_at), col(OrderNews.id))
    )
    return list((await session.exec(query)).all())
