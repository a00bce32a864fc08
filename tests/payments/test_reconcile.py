"""Reconciliation: a seeded period with each kind of discrepancy planted once, and clean ones."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest

from catalog.money import Money
from payments.gateway import (
    Payment,
    PaymentFilter,
    PaymentRequest,
    Refund,
    RefundFilter,
    RefundRequest,
    list_all_payments,
    list_all_refunds,
)
from payments.reconcile import (
    Kind,
    OrderRecord,
    PaymentRecord,
    Period,
    RefundRecord,
    Report,
    moscow_day,
    reconcile,
)
from payments.reconcile_render import SheetWords, to_csv, to_json
from payments.states import PaymentStatus, RefundStatus
from tests.fakes import FakeYooKassa

S = PaymentStatus
PERIOD = Period(date(2026, 11, 20), date(2026, 11, 20))
AS_OF = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
T0 = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)  # 11:00 in Moscow


@pytest.fixture
def yookassa() -> FakeYooKassa:
    return FakeYooKassa()


def rub(value: str) -> Money:
    return Money.rub(value)


def income(amount: str) -> Money:
    value = Decimal(amount)
    return rub(str(value - (value * Decimal("0.035")).quantize(Decimal("0.01"), ROUND_HALF_UP)))


def order(oid: str, total: str, paid: bool) -> OrderRecord:
    return OrderRecord(
        oid, f"N-{oid}", rub(total), "paid" if paid else "open", T0 if paid else None
    )


def ours(pid: str, oid: str, amount: str, status: S, at: datetime = T0) -> PaymentRecord:
    succeeded = status is S.SUCCEEDED
    return PaymentRecord(
        pid,
        oid,
        rub(amount),
        income(amount) if succeeded else None,
        status,
        at,
        at + timedelta(minutes=2) if succeeded else None,
    )


def theirs(pid: str, oid: str, amount: str, status: S, at: datetime = T0) -> Payment:
    succeeded = status is S.SUCCEEDED
    return Payment(
        id=pid,
        status=status,
        raw_status=str(status),
        amount=rub(amount),
        income_amount=income(amount) if succeeded else None,
        refunded_amount=None,
        paid=succeeded,
        refundable=succeeded,
        test=True,
        confirmation_url=None,
        cancellation_party=None,
        cancellation_reason=None,
        metadata={"order_id": oid},
        description=None,
        created_at=at,
        captured_at=at + timedelta(minutes=2) if succeeded else None,
        expires_at=None,
    )


def both(
    pid: str, oid: str, amount: str, status: S, at: datetime = T0
) -> tuple[PaymentRecord, Payment]:
    return ours(pid, oid, amount, status, at), theirs(pid, oid, amount, status, at)


def seeded_report() -> Report:
    late = datetime(2026, 11, 20, 21, 30, tzinfo=UTC)  # 00:30 on the 21st in Moscow
    clean = [
        both("pA", "A", "1000.00", S.SUCCEEDED, late),
        both("pB0", "B", "500.00", S.CANCELED),
        both("pB", "B", "500.00", S.SUCCEEDED),
        both("pC", "C", "250.00", S.CANCELED),
        both("pD", "D", "600.00", S.SUCCEEDED),
        both("pE", "E", "90.00", S.PENDING, AS_OF - timedelta(minutes=20)),
    ]
    planted = [
        # F: YooKassa took the money, our books still wait (lost notification).
        (ours("pF", "F", "300.00", S.PENDING), theirs("pF", "F", "300.00", S.SUCCEEDED)),
        # H: the shopper paid 650 for a 700 order.
        both("pH", "H", "650.00", S.SUCCEEDED),
        # I: two payments went through for one order.
        both("pI1", "I", "400.00", S.SUCCEEDED),
        both("pI2", "I", "400.00", S.SUCCEEDED),
        # J: a payment still pending three hours after creation.
        both("pJ", "J", "120.00", S.PENDING, AS_OF - timedelta(hours=3)),
    ]
    orders = [
        order("A", "1000.00", True),
        order("B", "500.00", True),
        order("C", "250.00", False),
        order("D", "600.00", True),
        order("E", "90.00", False),
        order("F", "300.00", False),
        order("G", "800.00", True),  # G: paid in our books, no payment anywhere
        order("H", "700.00", True),
        order("I", "400.00", True),
        order("J", "120.00", False),
    ]
    refund_d = RefundRecord("rD", "pD", rub("200.00"), RefundStatus.SUCCEEDED, T0)
    provider_refunds = [
        Refund("rD", "pD", RefundStatus.SUCCEEDED, "succeeded", rub("200.00"), T0, None, None),
        # X: a refund made in YooKassa's cabinet, unknown to our books.
        Refund("rX", "pA", RefundStatus.SUCCEEDED, "succeeded", rub("100.00"), T0, None, None),
    ]
    pairs = clean + planted
    return reconcile(
        PERIOD,
        orders=orders,
        payments=[o for o, _ in pairs],
        refunds=[refund_d],
        provider_payments=[t for _, t in pairs],
        provider_refunds=provider_refunds,
        as_of=AS_OF,
    )


def test_every_planted_discrepancy_is_found_and_nothing_else() -> None:
    found = {(d.kind, d.order_id, d.payment_id, d.refund_id) for d in seeded_report().discrepancies}
    assert found == {
        (Kind.PAID_NOT_IN_BOOKS, "F", "pF", None),
        (Kind.PAID_WITHOUT_PAYMENT, "G", None, None),
        (Kind.AMOUNT_MISMATCH, "H", "pH", None),
        (Kind.DUPLICATE_PAYMENTS, "I", None, None),
        (Kind.REFUND_WITHOUT_RECORD, None, "pA", "rX"),
        (Kind.STUCK_PENDING, "J", "pJ", None),
    }
    assert len(seeded_report().discrepancies) == len(Kind)


def test_one_row_per_order_payment_and_refund_with_fee_and_net() -> None:
    rows = seeded_report().rows
    assert [r.record for r in rows].count("order") == 10
    assert [r.record for r in rows].count("payment") == 11
    assert [r.record for r in rows].count("refund") == 2
    pa = next(r for r in rows if r.id == "pA")
    assert (pa.amount, pa.fee, pa.net) == (rub("1000.00"), rub("35.00"), rub("965.00"))
    refund = next(r for r in rows if r.id == "rX")
    assert (refund.amount, refund.net, refund.order_id) == (rub("100.00"), rub("-100.00"), "A")


def test_dates_are_moscow_days() -> None:
    rows = {r.id: r for r in seeded_report().rows}
    # Captured at 21:32 UTC on the 20th: already the 21st in Moscow.
    assert rows["pA"].day == date(2026, 11, 21)
    assert rows["pB"].day == date(2026, 11, 20)
    assert moscow_day(datetime(2026, 11, 19, 21, 0, tzinfo=UTC)) == date(2026, 11, 20)


def test_period_bounds_follow_moscow_midnight() -> None:
    start, end = PERIOD.bounds()
    assert start == datetime(2026, 11, 19, 21, 0, tzinfo=UTC)
    assert end == datetime(2026, 11, 20, 21, 0, tzinfo=UTC)


def test_totals_add_up() -> None:
    totals = seeded_report().totals
    gross = Decimal("1000") + 500 + 600 + 300 + 650 + 400 + 400
    assert totals["payments_gross"] == rub(str(gross))
    assert totals["fees"] + totals["payments_net"] == totals["payments_gross"]
    assert totals["refunds"] == rub("300.00")
    assert totals["net_after_refunds"] == totals["payments_net"] - rub("300.00")
    assert totals["orders_paid"] == rub(str(Decimal(1000 + 500 + 600 + 800 + 700 + 400)))


def test_a_clean_period_has_no_discrepancies() -> None:
    pairs = [both("p1", "1", "100.00", S.SUCCEEDED)]
    report = reconcile(
        PERIOD,
        orders=[order("1", "100.00", True)],
        payments=[o for o, _ in pairs],
        refunds=[],
        provider_payments=[t for _, t in pairs],
        as_of=AS_OF,
    )
    assert report.discrepancies == ()


def test_our_refund_for_an_unknown_payment_is_reported() -> None:
    report = reconcile(
        PERIOD,
        orders=[],
        payments=[],
        refunds=[RefundRecord("r9", "p-gone", rub("5.00"), RefundStatus.SUCCEEDED, T0)],
        provider_payments=[],
        as_of=AS_OF,
    )
    assert [(d.kind, d.refund_id) for d in report.discrepancies] == [
        (Kind.REFUND_WITHOUT_RECORD, "r9")
    ]


def test_json_and_csv_carry_rows_totals_and_discrepancies() -> None:
    report = seeded_report()
    data = json.loads(to_json(report))
    assert data["period"] == {"since": "2026-11-20", "until": "2026-11-20"}
    assert data["totals"]["refunds"] == "300.00"
    assert len(data["rows"]) == 23
    assert {d["kind"] for d in data["discrepancies"]} == {str(k) for k in Kind}
    # Without words the codes show; the format is a Russian Excel's: BOM, `;`, decimal commas.
    text = to_csv(report, SheetWords(headers={}, labels={}))
    assert text.startswith("\ufeffrecord;id;order_id;")
    records = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    kinds = [r["record"] for r in records]
    assert kinds.count("discrepancy") == 6
    assert kinds.count("total") == len(report.totals)
    pa = next(r for r in records if r["id"] == "pA")
    assert (pa["amount"], pa["fee"], pa["net"], pa["date_msk"]) == (
        "1000,00",
        "35,00",
        "965,00",
        "21.11.2026",
    )


async def test_reconciling_against_the_fakes_own_list_finds_a_payment_missing_from_our_books(
    yookassa: FakeYooKassa,
) -> None:
    created = []
    for n in range(3):
        request = PaymentRequest(
            rub("100.00"), f"Заказ {n}", "https://shop.example/o/t", {"order_id": str(n)}
        )
        payment = await yookassa.create_payment(request, key=f"order-{n}-try-1")
        assert payment.confirmation_url
        yookassa.choose(payment.confirmation_url, "pay")
        created.append(payment)
    now = datetime.now(UTC)
    period = Period(moscow_day(now) or now.date(), moscow_day(now) or now.date())
    start, end = period.bounds()
    listed = await list_all_payments(
        yookassa, PaymentFilter(created_gte=start, created_lt=end, limit=2)
    )
    assert {p.id for p in listed} == {p.id for p in created}
    # Our books lost the record of order 2's payment.
    books = [
        PaymentRecord(p.id, str(n), p.amount, p.income_amount, S.SUCCEEDED, p.created_at)
        for n, p in enumerate(created[:2])
    ]
    report = reconcile(
        period,
        orders=[order(str(n), "100.00", paid=n < 2) for n in range(3)],
        payments=books,
        refunds=[],
        provider_payments=listed,
        as_of=now,
    )
    assert [(d.kind, d.payment_id) for d in report.discrepancies] == [
        (Kind.PAID_NOT_IN_BOOKS, created[2].id)
    ]


async def test_a_refund_made_in_yookassa_but_not_recorded_is_found_through_the_refund_list(
    yookassa: FakeYooKassa,
) -> None:
    request = PaymentRequest(
        rub("300.00"), "Заказ 1", "https://shop.example/o/t", {"order_id": "1"}
    )
    payment = await yookassa.create_payment(request, key="order-1-try-1")
    assert payment.confirmation_url
    yookassa.choose(payment.confirmation_url, "pay")
    recorded = await yookassa.create_refund(
        RefundRequest(payment.id, rub("100.00")), key="order-1-refund-1"
    )
    unrecorded = await yookassa.create_refund(
        RefundRequest(payment.id, rub("50.00")), key="order-1-refund-2"
    )
    now = datetime.now(UTC)
    day = moscow_day(now) or now.date()
    period = Period(day, day)
    start, end = period.bounds()
    listed = await list_all_refunds(yookassa, RefundFilter(start, end, limit=1))
    assert {r.id for r in listed} == {recorded.id, unrecorded.id}
    paid = await yookassa.get_payment(payment.id)
    report = reconcile(
        period,
        orders=[OrderRecord("1", "N-1", rub("300.00"), "paid", paid.captured_at)],
        payments=[
            PaymentRecord(
                paid.id, "1", paid.amount, paid.income_amount, S.SUCCEEDED, paid.created_at
            )
        ],
        refunds=[
            RefundRecord(
                recorded.id, paid.id, rub("100.00"), RefundStatus.SUCCEEDED, recorded.created_at
            )
        ],
        provider_payments=[paid],
        provider_refunds=listed,
        as_of=now,
    )
    assert [(d.kind, d.refund_id) for d in report.discrepancies] == [
        (Kind.REFUND_WITHOUT_RECORD, unrecorded.id)
    ]
    assert report.totals["refunds"] == rub("150.00")
