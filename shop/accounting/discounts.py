"""Promo code discounts in the reconciliation: what paid orders of the period did not charge,
as a total beside the payments (the payments already are the discounted amounts)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import func
from sqlmodel import col, select

from catalog.money import Money
from payments.reconcile import Report
from shop.orders.tables import ShopOrder
from shop.storage.db import Database

TOTAL = "discounts"


async def discounts_given(db: Database, start: datetime, end: datetime, currency: str) -> Money:
    """The discounts of the orders paid within [start, end)."""
    query = select(func.coalesce(func.sum(ShopOrder.discount_minor), 0)).where(
        col(ShopOrder.paid_at) >= start, col(ShopOrder.paid_at) < end
    )
    async with db.sessions() as session:
        total = (await session.exec(query)).one()
    return Money.from_minor(int(total), currency)


def with_discounts(report: Report, total: Money) -> Report:
    return replace(report, totals={**report.totals, TOTAL: total})
