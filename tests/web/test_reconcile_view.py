"""The reconciliation page's words: discrepancy details with amounts as money and moments in
the shop's zone (an unknown detail as it is), the totals that are not YooKassa's apart."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from catalog.money import Money
from payments.reconcile import OnDelivery, Period, Report, Row
from shop.accounting.discounts import with_discounts
from shop.accounting.on_delivery import with_on_delivery
from shop.web.admin.reconcile_view import detail_words, report_view

MOSCOW = ZoneInfo("Europe/Moscow")
NBSP = "\u00a0"


def test_an_amount_mismatch_reads_as_money_in_russian() -> None:
    shown = detail_words("paid 1350.00, order total 1300.00", MOSCOW)
    assert shown == f"оплачено 1{NBSP}350,00{NBSP}₽, сумма заказа 1{NBSP}300,00{NBSP}₽"


def test_a_stuck_payment_reads_its_moment_in_the_shops_zone() -> None:
    shown = detail_words("pending since 2026-12-04T15:37:00+00:00", MOSCOW)
    assert shown == "ждёт оплаты с 04.12.2026 18:37"


def test_a_detail_without_words_is_shown_as_it_is() -> None:
    assert detail_words("something new", MOSCOW) == "something new"


def test_discounts_and_payments_on_delivery_stand_apart_from_yookassas_totals() -> None:
    paid_at = datetime(2026, 12, 4, 15, 37, tzinfo=UTC)
    report = Report(
        period=Period(date(2026, 12, 4), date(2026, 12, 4)),
        as_of=paid_at,
        rows=(
            Row(
                "payment",
                "pay-1",
                "7",
                Money.rub("1350.00"),
                Money.rub("47.25"),
                Money.rub("1302.75"),
                date(2026, 12, 4),
                "succeeded",
            ),
        ),
        totals={"payments_gross": Money.rub("1350.00")},
    )
    report = with_discounts(report, Money.rub("150.00"))
    report = with_on_delivery(report, [OnDelivery("8", "A-10002", Money.rub("990.00"), paid_at)])
    view = report_view(report, MOSCOW)
    assert [line.code for line in view.totals] == ["payments_gross"]
    assert [(line.label, line.value) for line in view.apart] == [
        ("скидки по промокодам", f"150,00{NBSP}₽"),
        ("Оплачено при получении (не через ЮKassa)", f"990,00{NBSP}₽"),
    ]
    assert view.on_delivery[0].paid_at == "04.12.2026 18:37"
    (payment,) = view.rows
    assert (payment.record, payment.status.label, payment.fee) == (
        "платёж",
        "успешен",
        f"47,25{NBSP}₽",
    )
