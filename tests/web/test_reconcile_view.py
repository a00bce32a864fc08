"""The reconciliation page's words for the report's discrepancy details: amounts as money,
moments in the shop's zone, an unknown detail as it is."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from shop.web.admin.reconcile_view import detail_words

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
