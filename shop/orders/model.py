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
    PARTIALLY_REFUNDED = "partially_refunded"  # part of a paid order refunded before confirming
    CONFIRMED = "confirmed"  # the shop took the order on (or the shopper confirmed pay on delivery)
    ASSEMBLING = "assembling"
    SHIPPED = "shipped"  # handed to a carrier; tracking number, carrier and URL on the order
    READY_FOR_PICKUP = "ready_for_pickup"
    DELIVERED = "delivered"  # in the shopper's hands: the moment of the settlement receipt
    CLOSED = "closed"
    RETURN_REQUESTED = "return_requested"
    RETURNED = "returned"  # goods came back; the money went back by lines
    REFUNDED = "refunded"
    CANCELED = "canceled"


_S = OrderStatus

# The path of an order. Money and goods are told apart on purpose:
# - `partially_refunded` is only the state of a paid order refunded in part BEFORE the shop
#   confirmed it; once the order is on its way (confirmed and later) a partial refund leaves
#   the status where it is and shows among the payments, so the fulfilment step is not lost;
# - a full refund ends any order in `refunded`, except one that already tells what happened to
#   the money: `canceled` (cancelling a paid order refunds it in full), `returned`, and one
#   whose return is being accepted (`return_requested`, refunded by lines, then `returned`);
# - `canceled` is reachable only before shipping; after it, goods come back through a return.
# - `awaiting_payment` → `confirmed` is the pay-on-delivery start: the shopper confirms such an
#   order in the chat and it skips payment (who may take which step is in orders/lifecycle.py).
TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    _S.AWAITING_PAYMENT: frozenset({_S.PAID, _S.NEEDS_REVIEW, _S.CANCELED, _S.CONFIRMED}),
    _S.NEEDS_REVIEW: frozenset({_S.PAID, _S.CANCELED, _S.REFUNDED}),
    _S.PAID: frozenset({_S.CONFIRMED, _S.CANCELED, _S.PARTIALLY_REFUNDED, _S.REFUNDED}),
    _S.PARTIALLY_REFUNDED: frozenset(
        {_S.CONFIRMED, _S.CANCELED, _S.PARTIALLY_REFUNDED, _S.REFUNDED}
    ),
    _S.CONFIRMED: frozenset(
        {_S.ASSEMBLING, _S.SHIPPED, _S.READY_FOR_PICKUP, _S.CANCELED, _S.REFUNDED}
    ),
    _S.ASSEMBLING: frozenset({_S.SHIPPED, _S.READY_FOR_PICKUP, _S.CANCELED, _S.REFUNDED}),
    _S.SHIPPED: frozenset({_S.DELIVERED, _S.RETURN_REQUESTED, _S.REFUNDED}),
    _S.READY_FOR_PICKUP: frozenset({_S.DELIVERED, _S.CANCELED, _S.REFUNDED}),
    _S.DELIVERED: frozenset({_S.CLOSED, _S.RETURN_REQUESTED, _S.REFUNDED}),
    _S.CLOSED: frozenset({_S.RETURN_REQUESTED, _S.REFUNDED}),
    # Declining a return closes the order (with the reason); accepting it refunds by lines,
    # then `returned` tells the money too (so a refund here never ends it in `refunded`).
    _S.RETURN_REQUESTED: frozenset({_S.RETURNED, _S.CLOSED}),
    _S.RETURNED: frozenset(),
    _S.REFUNDED: frozenset(),
    _S.CANCELED: frozenset({_S.NEEDS_REVIEW}),
}

OPEN = frozenset({OrderStatus.AWAITING_PAYMENT})
# Before the goods leave: the order may still be canceled (a paid one with a full refund).
BEFORE_SHIPPING = frozenset(s for s, nexts in TRANSITIONS.items() if _S.CANCELED in nexts)
# The goods are (or were) with the shopper: a return may be asked for.
WITH_SHOPPER = frozenset(s for s, nexts in TRANSITIONS.items() if _S.RETURN_REQUESTED in nexts)


def allowed(current: OrderStatus) -> tuple[OrderStatus, ...]:
    """The statuses an order may go to next, in the enum's (the path's) order."""
    return tuple(s for s in OrderStatus if s in TRANSITIONS[current])


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
