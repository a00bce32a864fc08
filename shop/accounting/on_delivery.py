"""Orders paid on delivery in the reconciliation: listed on their own, never matched against
YooKassa (the money went to the courier or the pickup point, not through YooKassa)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlmodel import col, select

from catalog.money import Money
from payments.reconcile import OnDelivery, Report
from shop.orders.tables import ShopOrder
from shop.storage.db import Database
from shop.taxes.status import ON_DELIVERY

TOTAL = "paid_on_delivery"


async def paid_on_delivery(db: Database, start: datetime, end: datetime) -> list[OnDelivery]:
    """Orders paid on delivery whose money was taken within [start, end)."""
    query = (
        select(ShopOrder)
        .where(
            col(ShopOrder.payment_method) == ON_DELIVERY,
            col(ShopOrder.paid_at) >= start,
            col(ShopOrder.paid_at) < end,
        )
        .order_by(col(ShopOrder.paid_at))
    )
    async with db.sessions() as session:
        rows = (await session.exec(query)).all()
    return [
        OnDelivery(
            order_id=str(o.id),
            order_number=o.number or "",
            amount=Money.from_minor(o.total_minor, o.currency),
            paid_at=o.paid_at,
        )
        for o in rows
        if o.paid_at is not None
    ]


def with_on_delivery(report: Report, paid: list[OnDelivery], currency: str = "RUB") -> Report:
    """The report with the orders paid on delivery beside it, and their total."""
    total = Money.from_minor(0, currency)
    for order in paid:
        total = total + order.amount
    return replace(report, on_delivery=tuple(paid), totals={**report.totals, TOTAL: total})
