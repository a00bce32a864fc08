"""Reads of orders: their lines in order, and the merchant API's and pages' read models."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, false, func, or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from catalog.money import Money
from shop.chat.tables import ShopChat
from shop.orders.model import NUMBER_PREFIX
from shop.orders.payment_tables import PayAttempt, PayRefund
from shop.orders.tables import ShopOrder, ShopOrderLine
from shop.taxes.status import settlement_of
from webhooks.tables import YkInbox


def _money(minor: int | None, currency: str) -> str | None:
    return None if minor is None else Money.from_minor(minor, currency).api_value()


def order_summary(order: ShopOrder) -> dict[str, Any]:
    return {
        "id": order.id,
        "number": order.number,
        "status": order.status,
        "wa_id": order.wa_id,
        "total": _money(order.total_minor, order.currency),
        "currency": order.currency,
        "created_at": order.created_at.isoformat(),
        "paid_at": order.paid_at.isoformat() if order.paid_at else None,
        "review_reason": order.review_reason,
    }


async def order_lines(session: AsyncSession, order_id: int | None) -> Sequence[ShopOrderLine]:
    """An order's lines in the order the shopper's cart had them."""
    query = (
        select(ShopOrderLine)
        .where(col(ShopOrderLine.order_id) == order_id)
        .order_by(col(ShopOrderLine.position))
    )
    return (await session.exec(query)).all()


@dataclass(frozen=True)
class OrderFilter:
    """Which orders a list shows: a status, created within [since, until), and a search for
    an order number or a phone (any part of its digits)."""

    status: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    search: str | None = None


# Phone digits shorter than this would match most phones: such a search is a number only.
MIN_PHONE_DIGITS = 4
_NUMBER = re.compile(r"^(?:A-?)?(\d{1,9})$")


def number_of(text: str) -> str | None:
    """`A-10001`, `a10001`, `А-10001` (Cyrillic), `#10001` or `10001` → `A-10001`."""
    cleaned = re.sub(r"[\s#№]", "", text).upper().replace("А", "A")
    found = _NUMBER.match(cleaned)
    return f"{NUMBER_PREFIX}{found.group(1)}" if found else None


def phone_patterns(text: str) -> list[str]:
    """LIKE patterns for a phone typed any way: digits anywhere in the stored number
    (`79161234567`), and a Russian `8…` prefix read as `7…` (`8 916 123` → `7916123%`)."""
    digits = re.sub(r"\D", "", text)
    if len(digits) < MIN_PHONE_DIGITS:
        return []
    patterns = [f"%{digits}%"]
    if digits.startswith("8") and text.lstrip().startswith("8"):
        patterns.append(f"7{digits[1:]}%")
    return patterns


def _searched(text: str) -> ColumnElement[bool]:
    number = number_of(text)
    found: list[ColumnElement[bool]] = [col(ShopOrder.wa_id).like(p) for p in phone_patterns(text)]
    if number is not None:
        found.append(col(ShopOrder.number) == number)
    return or_(*found) if found else false()


def _conditions(where: OrderFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if where.status:
        conditions.append(col(ShopOrder.status) == where.status)
    if where.since is not None:
        conditions.append(col(ShopOrder.created_at) >= where.since)
    if where.until is not None:
        conditions.append(col(ShopOrder.created_at) < where.until)
    if where.search:
        conditions.append(_searched(where.search))
    return conditions


async def find_orders(
    session: AsyncSession, where: OrderFilter, *, limit: int = 50, offset: int = 0
) -> list[tuple[ShopOrder, str | None]]:
    """Orders matching `where`, newest first, each with its shopper's name from the chat."""
    query = (
        select(ShopOrder, ShopChat.name)
        .join(ShopChat, col(ShopChat.id) == col(ShopOrder.chat_id), isouter=True)
        .where(*_conditions(where))
        .order_by(col(ShopOrder.created_at).desc(), col(ShopOrder.id).desc())
    )
    rows = (await session.exec(query.offset(offset).limit(limit))).all()
    return [(order, name) for order, name in rows]


async def count_orders(session: AsyncSession, where: OrderFilter) -> int:
    query = select(func.count()).select_from(ShopOrder).where(*_conditions(where))
    return int((await session.exec(query)).one())


async def list_orders(
    session: AsyncSession,
    *,
    status: str | None = None,
    limit: int = 50,
    offset: int = 0,
    where: OrderFilter | None = None,
) -> list[dict[str, Any]]:
    where = where or OrderFilter(status=status)
    rows = await find_orders(session, where, limit=limit, offset=offset)
    return [order_summary(order) for order, _name in rows]


async def order_detail(session: AsyncSession, order_id: int) -> dict[str, Any] | None:
    order = await session.get(ShopOrder, order_id)
    if order is None:
        return None
    cur = order.currency
    lines = await order_lines(session, order_id)
    attempts = (
        await session.exec(
            select(PayAttempt)
            .where(col(PayAttempt.order_id) == order_id)
            .order_by(col(PayAttempt.attempt))
        )
    ).all()
    refunds = (
        await session.exec(
            select(PayRefund).where(col(PayRefund.order_id) == order_id).order_by(col(PayRefund.id))
        )
    ).all()
    return {
        **order_summary(order),
        "delivery": {
            "kind": order.delivery_kind,
            "title": order.delivery_title,
            "price": _money(order.delivery_minor, cur),
            "address": order.address,
            "pickup_point": order.pickup_point,
        },
        "receipt_email": order.contact_email,
        "payment_method": order.payment_method,
        "settlement_receipt": await _settlement(session, order_id),
        "lines": [
            {
                "retailer_id": ln.retailer_id,
                "title": ln.title,
                "quantity": ln.quantity,
                "unit_price": _money(ln.unit_price_minor, cur),
                "total": _money(ln.unit_price_minor * ln.quantity, cur),
            }
            for ln in lines
        ],
        "payments": [
            {
                "id": a.provider_id,
                "attempt": a.attempt,
                "status": a.status,
                "amount": _money(a.amount_minor, a.currency),
                "income_amount": _money(a.income_minor, a.currency),
                "fee": None
                if a.income_minor is None
                else _money(a.amount_minor - a.income_minor, a.currency),
                "refunded": _money(a.refunded_minor, a.currency),
                "cancel_reason": a.cancel_reason,
                "error": a.error,
            }
            for a in attempts
        ],
        "refunds": [
            {
                "id": r.id,
                "provider_id": r.provider_id,
                "status": r.status,
                "amount": _money(r.amount_minor, r.currency),
                "reason": r.reason,
                "created_at": r.created_at.isoformat(),
                "error": r.error,
            }
            for r in refunds
        ],
    }


async def dead_notifications(session: AsyncSession, *, limit: int = 50) -> list[dict[str, Any]]:
    """YooKassa notifications given up after their errors, newest first (for the merchant)."""
    query = (
        select(YkInbox)
        .where(col(YkInbox.processed_at).is_not(None), col(YkInbox.last_error).is_not(None))
        .order_by(col(YkInbox.id).desc())
        .limit(limit)
    )
    return [
        {
            "id": row.id,
            "event": row.event,
            "object_id": row.object_id,
            "received_at": row.received_at,
            "attempts": row.attempts,
            "error": row.last_error,
        }
        for row in (await session.exec(query)).all()
    ]


async def _settlement(session: AsyncSession, order_id: int) -> dict[str, Any] | None:
    """The settlement receipt at hand-over (shop/taxes/settlement.py), once one is due."""
    shown = await settlement_of(session, order_id)
    if shown is None:
        return None
    return {"status": shown.status, "receipt_id": shown.receipt_id, "error": shown.error}
