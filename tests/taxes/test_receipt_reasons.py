"""Every reason the receipt builder can refuse with has words on the order page, in Russian and
English, with money written the pages' way: the builder's English never reaches a merchant."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

import payments
from catalog.money import Money
from payments.receipt import Customer, ReceiptError, ReceiptLine, build_receipt
from shop.texts import CATALOGUE, t

NB = "\u00a0"
_RAISED = re.compile(r'code="(\w+)"')


def _codes() -> set[str]:
    folder = Path(payments.__file__).parent
    return {code for path in folder.glob("*.py") for code in _RAISED.findall(path.read_text())}


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_each_code_the_builder_raises_has_a_text(locale: str) -> None:
    codes = _codes()
    assert {"sum", "fraction", "phone", "too_many"} <= codes  # the scan found the raises
    missing = {code for code in codes if f"receipt.reason.{code}" not in CATALOGUE[locale]}
    assert missing == set()


def test_a_sum_that_does_not_match_is_said_in_russian_with_money() -> None:
    line = ReceiptLine("Чайник", Decimal(1), Money.rub("1351.00"))
    with pytest.raises(ReceiptError) as caught:
        build_receipt([line], amount=Money.rub("1350.00"), customer=Customer(phone="79990001122"))
    assert caught.value.code == "sum"
    said = t(f"receipt.reason.{caught.value.code}", "ru", **caught.value.params)
    assert said == f"строки заказа дают 1{NB}351,00{NB}₽, а оплачено 1{NB}350,00{NB}₽"


def test_a_line_that_is_a_fraction_of_a_kopeck_is_named() -> None:
    line = ReceiptLine("Сыр весовой", Decimal("0.333"), Money.rub("10.01"))
    with pytest.raises(ReceiptError) as caught:
        build_receipt([line], amount=Money.rub("3.33"), customer=Customer(phone="79990001122"))
    said = t(f"receipt.reason.{caught.value.code}", "ru", **caught.value.params)
    assert said == "у строки «Сыр весовой» цена × количество — не целое число копеек"
