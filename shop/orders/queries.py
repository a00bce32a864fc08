"""Reads of orders: their lines in order, and the merchant API's and pages' read models."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from catalog.money import Money
from shop.orders.payment_tables import PayAttempt, PayRefund
from shop.orders.tables import ShopOrder, ShopOrderLine
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


async def list_orders(
    session: AsyncSession, *, status: str | None = None, limit: int = 50, offset: int = 0
) -> list[dict[str, Any]]:
    query = select(ShopOrder).order_by(col(ShopOrder.created_at).desc(), col(ShopOrder.id).desc())
    if status:
        query = query.where(col(ShopOrder.status) == status)
    rows = (await session.exec(query.offset(offset).limit(limit))).all()
    return [order_summary(o) for o in rows]


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
