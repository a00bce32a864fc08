"""The reconciliation CSV opens cleanly in a Russian Excel, with Russian or English words."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from payments.reconcile_render import to_csv
from shop.accounting.sheet import sheet_words
from tests.accounting.excel import open_as_russian_excel
from tests.payments.test_reconcile import seeded_report


def test_a_russian_excel_reads_russian_headers_numbers_and_dates() -> None:
    report = seeded_report()
    headers, rows = open_as_russian_excel(to_csv(report, sheet_words("ru")).encode("utf-8"))
    assert headers == [
        "Запись",
        "Id",
        "Id заказа",
        "Номер заказа",
        "Платёж ЮKassa",
        "Сумма",
        "Комиссия",
        "Нетто",
        "Валюта",
        "Дата (МСК)",
        "Статус",
        "Подробно",
    ]
    pa = next(r for r in rows if r["Id"] == "pA")
    assert pa["Запись"] == "платёж"
    assert (pa["Сумма"], pa["Комиссия"], pa["Нетто"]) == (
        Decimal("1000.00"),
        Decimal("35.00"),
        Decimal("965.00"),
    )
    assert pa["Дата (МСК)"] == date(2026, 11, 21)
    assert pa["Статус"] == "успешен"
    order_a = next(r for r in rows if r["Запись"] == "заказ" and r["Id"] == "A")
    assert order_a["Статус"] == "оплачен"
    totals = {r["Id"]: r["Сумма"] for r in rows if r["Запись"] == "итого"}
    assert totals["возвраты"] == Decimal("300.00")
    assert set(totals) == {
        "оплачено заказов",
        "платежи, брутто",
        "комиссия ЮKassa",
        "платежи, нетто",
        "возвраты",
        "нетто за вычетом возвратов",
    }
    kinds = {r["Статус"] for r in rows if r["Запись"] == "расхождение"}
    assert "оплачен в ЮKassa, нет в учёте" in kinds
    assert len(kinds) == 6
    refund = next(r for r in rows if r["Id"] == "rD")
    assert refund["Нетто"] == Decimal("-200.00")


def test_lang_en_gives_english_headers_in_the_same_spreadsheet_format() -> None:
    data = to_csv(seeded_report(), sheet_words("en")).encode("utf-8")
    headers, rows = open_as_russian_excel(data)
    assert headers[:3] == ["Record", "Id", "Order id"]
    pa = next(r for r in rows if r["Id"] == "pA")
    assert (pa["Record"], pa["Amount"], pa["Status"]) == (
        "payment",
        Decimal("1000.00"),
        "succeeded",
    )
    assert pa["Date (Moscow)"] == date(2026, 11, 21)
    assert any(r["Status"] == "paid in YooKassa, not in our books" for r in rows)
