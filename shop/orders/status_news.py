"""What the shopper is told when their order takes a step: the message and its one line for
the `order_update` template, in the chat's language. Steps the shopper does not care about
(assembling, closed, the money states told by the payment news) tell nothing."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from shop.delivery.options import delivery_setup
from shop.orders.news import News, OrderNewsTeller
from shop.orders.tables import ShopOrder
from shop.texts import Locale, t

TOLD = frozenset(
    {
        "confirmed",
        "shipped",
        "ready_for_pickup",
        "delivered",
        "canceled",
        "expired",
        "return_requested",
        "returned",
        "unpaid",
    }
)


async def status_news(
    teller: OrderNewsTeller,
    session: AsyncSession,
    order: ShopOrder,
    kind: str,
    *,
    refund: bool = False,
    until: str = "",
) -> News | None:
    if kind not in TOLD:
        return None
    locale = await teller.locale(session, order)
    if kind == "canceled" and refund:
        kind = "canceled_paid"
    params = {
        "number": order.number or "",
        "link": teller.link(order),
        "tracking": _tracking(order, locale),
        "point": await _point(teller, session, order) if kind == "ready_for_pickup" else "",
        "until": until,
    }
    body = t(f"news.{kind}", locale, **params)
    short = t(f"news.{kind}.short", locale, **params)
    return News(kind, body, short)


def _tracking(order: ShopOrder, locale: Locale) -> str:
    """`СДЭК, трек-номер 123. ` or nothing: what the shopper needs to follow the parcel."""
    if not (order.tracking_number or order.carrier or order.tracking_url):
        return ""
    parts = []
    if order.carrier:
        parts.append(order.carrier)
    if order.tracking_number:
        parts.append(t("news.tracking_number", locale, tracking=order.tracking_number))
    if order.tracking_url:
        parts.append(order.tracking_url)
    return ", ".join(parts) + ". "


async def _point(teller: OrderNewsTeller, session: AsyncSession, order: ShopOrder) -> str:
    """The pickup point by its title and address, as set up now (its id if it is gone)."""
    if not order.pickup_point:
        return order.delivery_title
    _options, points = await delivery_setup(
        session, sandbox=teller.sandbox, currency=order.currency
    )
    point = next((p for p in points if p.id == order.pickup_point), None)
    if point is None:
        return order.pickup_point
    return f"{point.title}, {point.address}" if point.address else point.title
