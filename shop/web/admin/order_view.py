"""The merchant's order page as people read it: who ordered, where it goes, money in roubles,
and the order's path: the next steps, tracking, history and what the shopper was told."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from catalog.money import Money
from shop.chat.tables import ShopChat
from shop.delivery.options import delivery_setup
from shop.desk.inbox import Line
from shop.orders import events
from shop.orders.events import Actor, ActorKind
from shop.orders.lifecycle import OrderLifecycle, choices
from shop.orders.lifecycle_tables import OrderEvent, OrderNews
from shop.orders.model import OrderStatus
from shop.orders.return_photos import photos_since
from shop.orders.tables import ShopOrder
from shop.taxes.status import settlement_of
from shop.texts import t
from shop.web.admin import audit_words, show
from shop.web.admin.desk_view import MediaShown, media_of


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
        # A promo code's discount, off the goods (shop/promo/).
        "discount": _discount(order.discount_minor, currency),
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


def _discount(minor: int, currency: str) -> str | None:
    return show.money(Money.from_minor(minor, currency).api_value(), currency) if minor else None


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


async def path_context(
    session: AsyncSession, order_id: int, actor: Actor, lifecycle: OrderLifecycle
) -> dict[str, Any]:
    """The order's path for the page: the steps this person may take (a paid order's return
    is accepted with its refund, not by a bare button), tracking, history and the news."""
    order = await session.get(ShopOrder, order_id)
    if order is None:
        return {}
    facts = await lifecycle.facts(session, order)
    steps = choices(facts, actor)
    history = await events.history(session, order_id)
    asked = [e for e in history if e.to_status == OrderStatus.RETURN_REQUESTED]
    return {
        "steps": [s.value for s in steps if not (s is OrderStatus.RETURNED and facts.paid)],
        "needs_tracking": OrderStatus.SHIPPED in steps,
        "declines_return": facts.status is OrderStatus.RETURN_REQUESTED,
        "tracking": _tracking(order),
        "history": [_event_row(e) for e in history],
        "news": [_news_row(n) for n in await told(session, order_id)],
        "return_reason": asked[-1].reason if asked else None,
        "return_photos": await _return_photos(session, order, asked[-1].at) if asked else [],
        "accepting_return": facts.status is OrderStatus.RETURN_REQUESTED and facts.paid,
        "holds_money": facts.paid,
    }


async def _return_photos(
    session: AsyncSession, order: ShopOrder, asked_at: datetime
) -> list[MediaShown]:
    """The shopper's photos since the return was asked, in the desk's words (kept ones as
    thumbnails linking to the file, the others as being fetched or refused)."""
    if order.status not in (OrderStatus.RETURN_REQUESTED, OrderStatus.RETURNED):
        return []
    photos = await photos_since(session, order.wa_id, asked_at)
    shown = (
        media_of(Line(p.line_id, p.at, "in", "image", p.caption, p.data, None)) for p in photos
    )
    return [m for m in shown if m is not None]


SYSTEM_WHY = frozenset({"expired", "paid", "mismatch", "duplicate", "late", "refunded"})


def _event_row(event: OrderEvent) -> dict[str, Any]:
    """Who in words (a staff name, «система», «покупатель»), why in words for the shop's own
    steps (an expiry, a payment), as the person wrote it otherwise."""
    system = event.actor_kind != ActorKind.STAFF
    why = event.reason
    if event.actor_kind == ActorKind.SYSTEM and why in SYSTEM_WHY:
        why = t(f"lifecycle.why.{why}")
    return {
        "at": event.at,
        "status": event.to_status,
        # A person by name; the ADMIN_TOKEN holder as the audit log words it.
        "who": t(f"lifecycle.actor.{event.actor_kind}")
        if system
        else audit_words.word(f"staff.actor.{event.actor}", event.actor),
        "why": why,
        "detail": event.detail,
    }


def _news_row(news: OrderNews) -> dict[str, Any]:
    return {
        "at": news.created_at,
        "what": t(f"lifecycle.news.{news.kind}"),
        "state": news.state,
        "channel": news.channel,
        "tries": news.tries,  # tries to send it again (orders/news_retry.py)
    }


def _tracking(order: ShopOrder) -> dict[str, str | None] | None:
    if not (order.tracking_number or order.carrier or order.tracking_url):
        return None
    return {"number": order.tracking_number, "carrier": order.carrier, "url": order.tracking_url}


async def told(session: AsyncSession, order_id: int) -> list[OrderNews]:
    query = (
        select(OrderNews)
        .where(col(OrderNews.order_id) == order_id)
        .order_by(col(OrderNews.created_at), col(OrderNews.id))
    )
    return list((await session.exec(query)).all())
