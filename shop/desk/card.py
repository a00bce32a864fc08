"""The shopper's card beside a chat: who, consent, the cart, orders with their payment,
reminders received and the operators' notes (read-only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from catalog.money import Money
from shop.chat.tables import ShopCart, ShopCartLine, ShopChat
from shop.consent import store
from shop.consent.rules import ConsentState
from shop.orders.payment_tables import PayAttempt
from shop.orders.tables import ShopOrder
from shop.reminders.tables import NudgeSend

ORDERS_SHOWN = 10


@dataclass(frozen=True)
class CartItem:
    title: str
    quantity: int
    price: Money


@dataclass(frozen=True)
class OrderItem:
    id: int
    number: str | None
    status: str
    total: Money
    payment: str | None  # the latest attempt's status
    created_at: datetime


@dataclass(frozen=True)
class Card:
    chat: ShopChat
    consent: bool
    cart: list[CartItem]
    cart_total: Money | None
    orders: list[OrderItem]
    reminders: int


async def card_of(session: AsyncSession, chat: ShopChat) -> Card:
    assert chat.id is not None
    consent = await store.state_of(session, chat.wa_id) is ConsentState.GRANTED
    cart = (await session.exec(select(ShopCart).where(col(ShopCart.chat_id) == chat.id))).first()
    items: list[CartItem] = []
    if cart is not None and cart.id is not None:
        lines = select(ShopCartLine).where(col(ShopCartLine.cart_id) == cart.id)
        for line in (await session.exec(lines.order_by(col(ShopCartLine.position)))).all():
            price = Money.from_minor(line.unit_price_minor, cart.currency)
            items.append(CartItem(line.title, line.quantity, price))
    total = Money.from_minor(cart.total_minor, cart.currency) if cart and items else None
    reminders = select(func.count()).where(
        col(NudgeSend.wa_id) == chat.wa_id, col(NudgeSend.status) == "queued"
    )
    count = int((await session.exec(reminders)).one())
    return Card(chat, consent, items, total, await _orders(session, chat.id), count)


async def _orders(session: AsyncSession, chat_id: int) -> list[OrderItem]:
    query = (
        select(ShopOrder)
        .where(col(ShopOrder.chat_id) == chat_id)
        .order_by(col(ShopOrder.created_at).desc())
        .limit(ORDERS_SHOWN)
    )
    orders = (await session.exec(query)).all()
    payments: dict[int, str] = {}
    ids = [o.id for o in orders if o.id is not None]
    if ids:
        attempts = select(PayAttempt).where(col(PayAttempt.order_id).in_(ids))
        for attempt in (await session.exec(attempts.order_by(col(PayAttempt.attempt)))).all():
            payments[attempt.order_id] = attempt.status  # the latest attempt wins
    return [
        OrderItem(
            id=order.id or 0,
            number=order.number,
            status=order.status,
            total=Money.from_minor(order.total_minor, order.currency),
            payment=payments.get(order.id or 0),
            created_at=order.created_at,
        )
        for order in orders
    ]
