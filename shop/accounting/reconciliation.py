"""The reconciliation report of a period: our books from the database, YooKassa's own lists."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from sqlmodel import col, or_, select

from catalog.money import Money
from payments.gateway import (
    PaymentFilter,
    PaymentGateway,
    RefundFilter,
    RefundLedger,
    list_all_payments,
    list_all_refunds,
)
from payments.reconcile import OrderRecord, PaymentRecord, Period, RefundRecord, Report, reconcile
from payments.states import RefundStatus, parse_payment_status
from shop.accounting.discounts import discounts_given, with_discounts
from shop.accounting.on_delivery import paid_on_delivery, with_on_delivery
from shop.orders.payment_tables import PayAttempt, PayRefund
from shop.orders.tables import ShopOrder
from shop.storage.db import Database
from shop.taxes.status import ON_DELIVERY


class Ledger(PaymentGateway, RefundLedger, Protocol):
    """YooKassa as reconciliation reads it: both lists."""


async def build_report(db: Database, gateway: Ledger, period: Period, *, as_of: datetime) -> Report:
    start, end = period.bounds()
    orders, payments, refunds = await _books(db, start, end)
    theirs = await list_all_payments(gateway, PaymentFilter(created_gte=start, created_lt=end))
    their_refunds = await list_all_refunds(gateway, RefundFilter(created_gte=start, created_lt=end))
    report = reconcile(
        period,
        orders=orders,
        payments=payments,
        refunds=refunds,
        provider_payments=theirs,
        provider_refunds=their_refunds,
        as_of=as_of,
    )
    report = with_on_delivery(report, await paid_on_delivery(db, start, end))
    return with_discounts(report, await discounts_given(db, start, end, "RUB"))


async def _books(
    db: Database, start: datetime, end: datetime
) -> tuple[list[OrderRecord], list[PaymentRecord], list[RefundRecord]]:
    async with db.sessions() as session:
        in_period = or_(
            col(ShopOrder.created_at).between(start, end),
            col(ShopOrder.paid_at).between(start, end),
        ) & (col(ShopOrder.payment_method) != ON_DELIVERY)
        order_rows = (await session.exec(select(ShopOrder).where(in_period))).all()
        attempt_rows = (
            await session.exec(
                select(PayAttempt).where(
                    col(PayAttempt.provider_id).is_not(None),
                    col(PayAttempt.created_at) >= start,
                    col(PayAttempt.created_at) < end,
                )
            )
        ).all()
        refund_rows = (
            await session.exec(
                select(PayRefund, PayAttempt.provider_id)
                .join(PayAttempt, col(PayAttempt.id) == col(PayRefund.attempt_id))
                .where(
                    col(PayRefund.provider_id).is_not(None),
                    col(PayRefund.created_at) >= start,
                    col(PayRefund.created_at) < end,
                )
            )
        ).all()
    orders = [
        OrderRecord(
            id=str(o.id),
            number=o.number or "",
            total=Money.from_minor(o.total_minor, o.currency),
            status=o.status,
            paid_at=o.paid_at,
        )
        for o in order_rows
    ]
    payments = [
        PaymentRecord(
            id=a.provider_id or "",
            order_id=str(a.order_id),
            amount=Money.from_minor(a.amount_minor, a.currency),
            income_amount=None
            if a.income_minor is None
            else Money.from_minor(a.income_minor, a.currency),
            status=status,
            created_at=a.created_at,
            captured_at=a.captured_at,
        )
        for a in attempt_rows
        if (status := parse_payment_status(a.status)) is not None
    ]
    refunds = [
        RefundRecord(
            id=r.provider_id or "",
            payment_id=payment_id or "",
            amount=Money.from_minor(r.amount_minor, r.currency),
            status=RefundStatus(r.status)
            if r.status in set(RefundStatus)
            else RefundStatus.PENDING,
            created_at=r.created_at,
        )
        for r, payment_id in refund_rows
    ]
    return orders, payments, refunds
