"""Orders as values: statuses with an explicit transition table, numbers, tokens and totals."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from catalog.money import Money

ORDER_LIFETIME = timedelta(hours=24)
NUMBER_PREFIX = "A-"
NUMBER_OFFSET = 10000


class OrderStatus(StrEnum):
    AWAITING_PAYMENT = "awaiting_payment"
    PAID = "paid"
    NEEDS_REVIEW = "needs_review"  # paid amount differs, or paid after cancel: a person decides
    PARTIALLY_REFUNDED = "partially_refunded"
    REFUNDED = "refunded"
    CANCELED = "canceled"


TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    OrderStatus.AWAITING_PAYMENT: frozenset(
        {OrderStatus.PAID, OrderStatus.NEEDS_REVIEW, OrderStatus.CANCELED}
    ),
    OrderStatus.NEEDS_REVIEW: frozenset(
        {OrderStatus.PAID, OrderStatus.CANCELED, OrderStatus.REFUNDED}
    ),
    OrderStatus.PAID: frozenset({OrderStatus.PARTIALLY_REFUNDED, OrderStatus.REFUNDED}),
    OrderStatus.PARTIALLY_REFUNDED: frozenset(
        {OrderStatus.PARTIALLY_REFUNDED, OrderStatus.REFUNDED}
    ),
    OrderStatus.REFUNDED: frozenset(),
    OrderStatus.CANCELED: frozenset({OrderStatus.NEEDS_REVIEW}),
}

OPEN = frozenset({OrderStatus.AWAITING_PAYMENT})


class OrderTransitionError(ValueError):
    pass


def move(current: OrderStatus, following: OrderStatus) -> OrderStatus:
    """The next status, or an error naming the refused step; never moves backwards."""
    if following not in TRANSITIONS[current]:
        raise OrderTransitionError(f"order cannot go from {current} to {following}")
    return following


def order_number(order_id: int) -> str:
    """A short number people can read on the phone: `A-10427` for the 427th order."""
    return f"{NUMBER_PREFIX}{NUMBER_OFFSET + order_id}"


def new_token() -> str:
    """An unguessable page token: 192 random bits, URL-safe."""
    return secrets.token_urlsafe(24)


@dataclass(frozen=True)
class OrderLineDraft:
    retailer_id: str
    title: str
    quantity: int
    unit_price: Money

    @property
    def total(self) -> Money:
        return self.unit_price.times(self.quantity)


def goods_total(lines: tuple[OrderLineDraft, ...], currency: str) -> Money:
    total = Money(amount=0, currency=currency)
    for line in lines:
        total = total + line.total
    return total


def expires_at(created_at: datetime) -> datetime:
    return created_at + ORDER_LIFETIME


# How the shopper's contact appears on the order page and in payment news: enough to
# recognise it, not enough to read it off a screen.
def mask_phone(digits: str) -> str:
    """`79001234567` → `+7 *** ***-45-67`."""
    tail = digits[-4:]
    return f"+{digits[:1]} *** ***-{tail[:2]}-{tail[2:]}" if len(digits) >= 8 else "***"


def mask_email(email: str) -> str:
    name, _, domain = email.partition("@")
    return f"{name[:1]}***@{domain}" if domain else "***"
