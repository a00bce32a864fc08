"""Price parsing: every style merchants write reads back exactly, never through a float."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog.money import Money, PriceError, format_price, parse_price

STYLES = ("plain", "comma", "spaced", "nbsp", "code", "english")
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999.99"), places=2)


@given(amount=amounts, style=st.sampled_from(STYLES))
def test_every_accepted_style_reads_back_the_exact_amount(amount: Decimal, style: str) -> None:
    money = Money.rub(amount)
    parsed = parse_price(format_price(money, style))
    assert parsed == money
    assert isinstance(parsed.amount, Decimal)


@given(whole=st.integers(min_value=1, max_value=10**8))
def test_whole_roubles_with_the_rouble_sign_read_back(whole: int) -> None:
    assert parse_price(format_price(Money.rub(whole), "ruble")) == Money.rub(whole)


@given(amount=amounts, code=st.sampled_from(["RUB", "USD", "EUR", "KZT"]))
def test_currency_codes_are_kept(amount: Decimal, code: str) -> None:
    assert parse_price(f"{amount} {code}") == Money(amount=amount, currency=code)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1299.00", "1299.00 RUB"),
        ("1 299,00", "1299.00 RUB"),
        ("1299 RUB", "1299.00 RUB"),
        ("1 299 ₽", "1299.00 RUB"),
        ("1\u00a0299,00", "1299.00 RUB"),
        ("1\u202f299,50 руб.", "1299.50 RUB"),
        ("1,299.99 USD", "1299.99 USD"),
        ("1.299,99", "1299.99 RUB"),
        ("12,5", "12.50 RUB"),
        ("$5", "5.00 USD"),
    ],
)
def test_real_world_prices(text: str, expected: str) -> None:
    assert parse_price(text).graph() == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("сто рублей", "format"),
        ("-5", "negative"),
        ("12.345", "format"),
        ("12 99", "format"),
        ("1e3", "format"),
        ("NaN", "format"),
        ("100 ZZZZ", "currency"),
        ("1,299", "format"),
        ("100 ¤", "currency"),
    ],
)
def test_unreadable_prices_say_why(text: str, code: str) -> None:
    with pytest.raises(PriceError) as caught:
        parse_price(text)
    assert caught.value.code == code


def test_a_third_decimal_place_is_refused_rather_than_rounded() -> None:
    with pytest.raises(PriceError):
        parse_price("10.005")


@given(text=st.text(alphabet=st.sampled_from("0123456789 ,.-₽$€RUBрубSD\u00a0e+x"), max_size=40))
def test_any_text_either_parses_exactly_or_is_a_price_error(text: str) -> None:
    try:
        money = parse_price(text)
    except PriceError:
        return
    assert isinstance(money.amount, Decimal)
    assert money.amount == money.amount.quantize(Decimal("0.01"))


def test_an_absurdly_long_number_is_a_price_error_not_a_crash() -> None:
    with pytest.raises(PriceError):
        parse_price("9" * 40)


def test_the_largest_storable_price_is_accepted_and_one_more_digit_refused() -> None:
    assert parse_price("9 999 999 999,99").amount == Decimal("9999999999.99")
    with pytest.raises(PriceError) as caught:
        parse_price("10000000000")
    assert caught.value.code == "too_large"
