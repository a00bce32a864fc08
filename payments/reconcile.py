"""Reconciliation of a period: our orders, payments and refunds against YooKassa's own list (pure).

The caller selects the period's records (`Period.bounds()` gives the UTC bounds of the Moscow
days, as YooKassa's registries count them) and passes them in; this module only compares.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from catalog.money import Money
from payments.gateway import Payment, Refund
from payments.states import PaymentStatus, RefundStatus

MOSCOW = ZoneInfo("Europe/Moscow")
PENDING_LIFETIME = timedelta(hours=1)


class Kind(StrEnum):
    PAID_NOT_IN_BOOKS = "paid_in_yookassa_not_in_books"
    PAID_WITHOUT_PAYMENT = "paid_in_books_without_payment"
    AMOUNT_MISMATCH = "amount_mismatch"
    DUPLICATE_PAYMENTS = "duplicate_payments"
    REFUND_WITHOUT_RECORD = "refund_without_record"
    STUCK_PENDING = "stuck_pending"


@dataclass(frozen=True)
class Period:
    """Whole Moscow days, `since` to `until` inclusive."""

    since: date
    until: date

    def bounds(self) -> tuple[datetime, datetime]:
        """[start, end) as aware datetimes, for `created_at.gte` / `created_at.lt`."""
        start = datetime.combine(self.since, time(0), MOSCOW)
        end = datetime.combine(self.until + timedelta(days=1), time(0), MOSCOW)
        return start, end


@dataclass(frozen=True)
class OrderRecord:
    id: str
    number: str
    total: Money
    status: str
    paid_at: datetime | None  # set ⇔ our books say the order is paid


@dataclass(frozen=True)
class PaymentRecord:
    id: str  # YooKassa's payment id
    order_id: str
    amount: Money
    income_amount: Money | None
    status: PaymentStatus
    created_at: datetime
    captured_at: datetime | None = None


@dataclass(frozen=True)
class RefundRecord:
    id: str
    payment_id: str
    amount: Money
    status: RefundStatus
    created_at: datetime


@dataclass(frozen=True)
class Row:
    record: str  # order | payment | refund
    id: str
    order_id: str | None
    amount: Money
    fee: Money | None
    net: Money | None
    day: date | None  # Moscow day
    status: str
    payment_id: str | None = None
    order_number: str | None = None


@dataclass(frozen=True)
class Discrepancy:
    kind: Kind
    detail: str
    order_id: str | None = None
    payment_id: str | None = None
    refund_id: str | None = None


@dataclass(frozen=True)
class Report:
    period: Period
    as_of: datetime
    rows: tuple[Row, ...]
    totals: dict[str, Money]
    discrepancies: tuple[Discrepancy, ...] = field(default=())
    # Paid in cash or by card at hand-over: never through YooKassa, so kept out of the rows.
    on_delivery: tuple[OnDelivery, ...] = field(default=())


@dataclass(frozen=True)
class OnDelivery:
    """An order the merchant marked as paid on delivery or at pickup."""

    order_id: str
    order_number: str
    amount: Money
    paid_at: datetime


def moscow_day(moment: datetime | None) -> date | None:
    return moment.astimezone(MOSCOW).date() if moment is not None else None


@dataclass(frozen=True)
class _Merged:
    """One payment as both sides know it; YooKassa's word wins where it has one."""

    id: str
    order_id: str | None
    amount: Money
    income: Money | None
    status: PaymentStatus | None
    created_at: datetime
    captured_at: datetime | None
    ours: PaymentRecord | None
    theirs: Payment | None

    @property
    def succeeded(self) -> bool:
        return self.status is PaymentStatus.SUCCEEDED


def _merge(ours: Sequence[PaymentRecord], theirs: Sequence[Payment]) -> list[_Merged]:
    mine = {p.id: p for p in ours}
    known = {p.id: p for p in theirs}
    merged = []
    for pid in sorted(mine.keys() | known.keys()):
        o, t = mine.get(pid), known.get(pid)
        if t is not None:
            merged.append(
                _Merged(
                    id=pid,
                    order_id=o.order_id if o else t.order_id,
                    amount=t.amount,
                    income=t.income_amount or (o.income_amount if o else None),
                    status=t.status,
                    created_at=t.created_at,
                    captured_at=t.captured_at or (o.captured_at if o else None),
                    ours=o,
                    theirs=t,
                )
            )
        elif o is not None:
            merged.append(
                _Merged(
                    pid,
                    o.order_id,
                    o.amount,
                    o.income_amount,
                    o.status,
                    o.created_at,
                    o.captured_at,
                    o,
                    None,
                )
            )
    return merged


def reconcile(
    period: Period,
    *,
    orders: Sequence[OrderRecord],
    payments: Sequence[PaymentRecord],
    refunds: Sequence[RefundRecord],
    provider_payments: Sequence[Payment],
    provider_refunds: Sequence[Refund] = (),
    as_of: datetime,
    pending_lifetime: timedelta = PENDING_LIFETIME,
) -> Report:
    """Rows, totals and every discrepancy between our books and YooKassa for the period."""
    merged = _merge(payments, provider_payments)
    by_order: dict[str, list[_Merged]] = defaultdict(list)
    for m in merged:
        if m.order_id is not None:
            by_order[m.order_id].append(m)
    order_index = {o.id: o for o in orders}
    found = [
        *_payment_checks(merged, order_index, as_of, pending_lifetime),
        *_order_checks(orders, by_order),
        *_refund_checks(refunds, provider_refunds, {m.id for m in merged}),
    ]
    rows = _rows(orders, merged, refunds, provider_refunds)
    return Report(
        period=period,
        as_of=as_of,
        rows=tuple(rows),
        totals=_totals(orders, merged, refunds, provider_refunds),
        discrepancies=tuple(found),
    )


def _payment_checks(
    merged: Sequence[_Merged],
    orders: dict[str, OrderRecord],
    as_of: datetime,
    lifetime: timedelta,
) -> list[Discrepancy]:
    found = []
    for m in merged:
        order = orders.get(m.order_id or "")
        if m.succeeded and m.theirs is not None:
            in_books = m.ours is not None and m.ours.status is PaymentStatus.SUCCEEDED
            if not in_books or order is None or order.paid_at is None:
                found.append(_d(Kind.PAID_NOT_IN_BOOKS, m, "YooKassa says succeeded"))
        if m.succeeded and order is not None and m.amount != order.total:
            detail = f"paid {m.amount.api_value()}, order total {order.total.api_value()}"
            found.append(_d(Kind.AMOUNT_MISMATCH, m, detail))
        elif m.ours is not None and m.theirs is not None and m.ours.amount != m.theirs.amount:
            detail = f"ours {m.ours.amount.api_value()}, YooKassa {m.theirs.amount.api_value()}"
            found.append(_d(Kind.AMOUNT_MISMATCH, m, detail))
        if m.status is PaymentStatus.PENDING and as_of - m.created_at > lifetime:
            found.append(_d(Kind.STUCK_PENDING, m, f"pending since {m.created_at.isoformat()}"))
    return found


def _d(kind: Kind, m: _Merged, detail: str) -> Discrepancy:
    return Discrepancy(kind, detail, order_id=m.order_id, payment_id=m.id)


def _order_checks(
    orders: Sequence[OrderRecord], by_order: dict[str, list[_Merged]]
) -> list[Discrepancy]:
    found = []
    for order in orders:
        succeeded = [m for m in by_order.get(order.id, ()) if m.succeeded]
        if order.paid_at is not None and not succeeded:
            found.append(
                Discrepancy(Kind.PAID_WITHOUT_PAYMENT, "no succeeded payment", order_id=order.id)
            )
        if len(succeeded) > 1:
            ids = ", ".join(m.id for m in succeeded)
            found.append(
                Discrepancy(Kind.DUPLICATE_PAYMENTS, f"succeeded: {ids}", order_id=order.id)
            )
    return found


def _refund_checks(
    refunds: Sequence[RefundRecord], provider_refunds: Sequence[Refund], payment_ids: set[str]
) -> list[Discrepancy]:
    found = []
    ours = {r.id for r in refunds}
    for theirs in provider_refunds:
        if theirs.id not in ours:
            found.append(
                Discrepancy(
                    Kind.REFUND_WITHOUT_RECORD,
                    "YooKassa refund missing from our books",
                    payment_id=theirs.payment_id,
                    refund_id=theirs.id,
                )
            )
    for refund in refunds:
        if refund.payment_id not in payment_ids:
            found.append(
                Discrepancy(
                    Kind.REFUND_WITHOUT_RECORD,
                    "our refund names an unknown payment",
                    payment_id=refund.payment_id,
                    refund_id=refund.id,
                )
            )
    return found


def _all_refunds(
    refunds: Sequence[RefundRecord], provider_refunds: Sequence[Refund]
) -> list[RefundRecord]:
    known = {r.id for r in refunds}
    extra = [
        RefundRecord(r.id, r.payment_id, r.amount, r.status or RefundStatus.PENDING, r.created_at)
        for r in provider_refunds
        if r.id not in known
    ]
    return [*refunds, *extra]


def _rows(
    orders: Sequence[OrderRecord],
    merged: Sequence[_Merged],
    refunds: Sequence[RefundRecord],
    provider_refunds: Sequence[Refund],
) -> list[Row]:
    rows = [
        Row(
            "order",
            o.id,
            o.id,
            o.total,
            None,
            None,
            moscow_day(o.paid_at),
            o.status,
            order_number=o.number,
        )
        for o in orders
    ]
    for m in merged:
        fee = m.amount - m.income if m.income is not None else None
        day = moscow_day(m.captured_at or m.created_at)
        status = str(m.status) if m.status else (m.theirs.raw_status if m.theirs else "")
        rows.append(Row("payment", m.id, m.order_id, m.amount, fee, m.income, day, status, m.id))
    payment_orders = {m.id: m.order_id for m in merged}
    for r in _all_refunds(refunds, provider_refunds):
        zero = Money(amount=0, currency=r.amount.currency)
        net = zero - r.amount
        rows.append(
            Row(
                "refund",
                r.id,
                payment_orders.get(r.payment_id),
                r.amount,
                zero,
                net,
                moscow_day(r.created_at),
                str(r.status),
                r.payment_id,
            )
        )
    return rows


def _totals(
    orders: Sequence[OrderRecord],
    merged: Sequence[_Merged],
    refunds: Sequence[RefundRecord],
    provider_refunds: Sequence[Refund],
) -> dict[str, Money]:
    zero = Money.rub(0)
    succeeded = [m for m in merged if m.succeeded]
    gross = sum((m.amount for m in succeeded), zero)
    net = sum((m.income if m.income is not None else m.amount for m in succeeded), zero)
    refunded = sum(
        (
            r.amount
            for r in _all_refunds(refunds, provider_refunds)
            if r.status is RefundStatus.SUCCEEDED
        ),
        zero,
    )
    return {
        "orders_paid": sum((o.total for o in orders if o.paid_at is not None), zero),
        "payments_gross": gross,
        "fees": gross - net,
        "payments_net": net,
        "refunds": refunded,
        "net_after_refunds": net - refunded,
    }
