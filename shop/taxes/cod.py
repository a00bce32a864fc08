"""Orders paid on delivery or at pickup: the merchant records the money taken at hand-over.

Such an order never meets YooKassa: it is confirmed in the chat, and its payment is a note on
the order (`paid_at`) written once, with who recorded it in the audit log. Its receipt is
the merchant's own register's, at the door.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel.ext.asyncio.session import AsyncSession

from catalog.money import Money
from shop.access import audit
from shop.orders.model import OrderStatus
from shop.orders.tables import ShopOrder
from shop.taxes.status import ON_DELIVERY
from shop.texts import format_money

# Paid at hand-over means the order was not canceled or refunded before it.
_NOT_PAYABLE = frozenset({OrderStatus.CANCELED, OrderStatus.REFUNDED, OrderStatus.RETURNED})


class Marked(StrEnum):
    DONE = "done"
    ALREADY = "already"  # a second click: nothing changes
    REFUSED = "refused"  # not an order paid on delivery, or canceled


async def mark_paid(session: AsyncSession, order_id: int, *, actor: str, now: datetime) -> Marked:
    """Record the money taken at hand-over, in the caller's transaction, audited."""
    order = await session.get(ShopOrder, order_id, with_for_update=True)
    if order is None or order.payment_method != ON_DELIVERY:
        return Marked.REFUSED
    if order.paid_at is not None:
        return Marked.ALREADY
    if OrderStatus(order.status) in _NOT_PAYABLE:
        return Marked.REFUSED
    order.paid_at = now
    total = format_money(Money.from_minor(order.total_minor, order.currency), "ru")
    await audit.record(session, actor, "order.paid_on_delivery", order.number or "", total)
    return Marked.DONE
