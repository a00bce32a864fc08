"""54-FZ receipts: exact sums, limits, defaults, contacts, refusal instead of a wrong receipt."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog.money import Money
from payments.receipt import (
    DESCRIPTION_LIMIT,
    Customer,
    ReceiptDefaults,
    ReceiptError,
    ReceiptLine,
    build_receipt,
    build_refund_receipt,
    normalise_phone,
    trim_description,
)

PHONE = Customer(phone="+7 (900) 123-45-67")


def line(description: str, quantity: str, price: str, **kw: object) -> ReceiptLine:
    return ReceiptLine(description, Decimal(quantity), Money.rub(price), **kw)  # type: ignore[arg-type]


def test_receipt_lists_lines_and_delivery_as_a_service_summing_to_the_amount() -> None:
    receipt = build_receipt(
        [line("Чай", "2", "150.50"), line("Мёд", "1", "400.00", vat_code=3)],
        customer=PHONE,
        amount=Money.rub("951.00"),
        delivery=Money.rub("250.00"),
        defaults=ReceiptDefaults(vat_code=4, tax_system_code=2),
    )
    body = receipt.to_api()
    assert body["customer"] == {"phone": "79001234567"}
    assert body["tax_system_code"] == 2
    assert body["items"] == [
        {
            "description": "Чай",
            "quantity": "2",
            "amount": {"value": "150.50", "currency": "RUB"},
            "vat_code": 4,
            "payment_subject": "commodity",
            "payment_mode": "full_prepayment",
        },
        {
            "description": "Мёд",
            "quantity": "1",
            "amount": {"value": "400.00", "currency": "RUB"},
            "vat_code": 3,
            "payment_subject": "commodity",
            "payment_mode": "full_prepayment",
        },
        {
            "description": "Доставка",
            "quantity": "1",
            "amount": {"value": "250.00", "currency": "RUB"},
            "vat_code": 4,
            "payment_subject": "service",
            "payment_mode": "full_prepayment",
        },
    ]


def test_a_receipt_that_does_not_sum_to_the_amount_is_refused() -> None:
    with pytest.raises(ReceiptError, match=r"sum to 300\.00"):
        build_receipt([line("Чай", "2", "150.00")], customer=PHONE, amount=Money.rub("300.01"))


def test_free_delivery_adds_no_line() -> None:
    receipt = build_receipt(
        [line("Чай", "1", "100.00")],
        customer=PHONE,
        amount=Money.rub("100.00"),
        delivery=Money.rub("0"),
    )
    assert len(receipt.items) == 1


def test_per_line_subject_and_mode_override_the_merchant_defaults() -> None:
    receipt = build_receipt(
        [line("Сборка", "1", "500.00", payment_subject="job", payment_mode="full_payment")],
        customer=PHONE,
        amount=Money.rub("500.00"),
    )
    item = receipt.to_api()["items"][0]
    assert (item["payment_subject"], item["payment_mode"]) == ("job", "full_payment")


def test_weighted_quantities_are_exact_or_refused() -> None:
    receipt = build_receipt(
        [line("Сыр, кг", "0.250", "1200.00")], customer=PHONE, amount=Money.rub("300.00")
    )
    assert receipt.to_api()["items"][0]["quantity"] == "0.25"
    with pytest.raises(ReceiptError, match="kopecks"):
        build_receipt(
            [line("Сыр, кг", "0.333", "100.01")], customer=PHONE, amount=Money.rub("33.30")
        )
    with pytest.raises(ReceiptError, match="decimal places"):
        build_receipt([line("Сыр", "0.0001", "100")], customer=PHONE, amount=Money.rub("0.01"))


@pytest.mark.parametrize(
    ("lines", "customer", "defaults", "message"),
    [
        ([], PHONE, ReceiptDefaults(), "at least one line"),
        ([line("Чай", "0", "1")], PHONE, ReceiptDefaults(), "quantity must be positive"),
        ([line("Чай", "1", "1")], Customer(), ReceiptDefaults(), "phone or e-mail"),
        ([line("Чай", "1", "1")], Customer(phone="12345"), ReceiptDefaults(), "11 to 15"),
        ([line("Чай", "1", "1")], Customer(email="nope"), ReceiptDefaults(), "e-mail"),
        ([line("Чай", "1", "1")], PHONE, ReceiptDefaults(vat_code=13), "vat_code"),
        ([line("Чай", "1", "1")], PHONE, ReceiptDefaults(tax_system_code=7), "tax_system"),
        ([line("Чай", "1", "1")], PHONE, ReceiptDefaults(payment_mode="gift"), "payment_mode"),
        ([line("   ", "1", "1")], PHONE, ReceiptDefaults(), "description"),
    ],
)
def test_invalid_receipts_are_refused_with_the_rule_named(
    lines: list[ReceiptLine], customer: Customer, defaults: ReceiptDefaults, message: str
) -> None:
    with pytest.raises(ReceiptError, match=message):
        build_receipt(lines, customer=customer, amount=Money.rub("1.00"), defaults=defaults)


def test_more_lines_than_the_register_allows_are_refused() -> None:
    lines = [line(f"Товар {n}", "1", "1.00") for n in range(81)]
    with pytest.raises(ReceiptError, match="at most 80"):
        build_receipt(lines, customer=PHONE, amount=Money.rub("81.00"))


def test_email_customer_is_used_when_there_is_no_phone() -> None:
    receipt = build_receipt(
        [line("Чай", "1", "1.00")], customer=Customer(email=" a@b.ru "), amount=Money.rub("1")
    )
    assert receipt.to_api()["customer"] == {"email": "a@b.ru"}


@pytest.mark.parametrize(
    ("raw", "digits"),
    [
        ("+7 900 123-45-67", "79001234567"),
        ("89001234567", "79001234567"),
        ("9001234567", "79001234567"),
    ],
)
def test_phones_become_digits_with_the_country_code(raw: str, digits: str) -> None:
    assert normalise_phone(raw) == digits


def test_long_descriptions_are_cut_at_a_word_with_an_ellipsis() -> None:
    text = "Очень длинное   название " * 10
    trimmed = trim_description(text)
    assert len(trimmed) <= DESCRIPTION_LIMIT
    assert trimmed.endswith("…")
    assert "  " not in trimmed
    assert " ".join(text.split()).startswith(trimmed[:-1])
    unbroken = "Ж" * 300
    assert trim_description(unbroken) == "Ж" * 127 + "…"


def test_refund_receipt_holds_only_the_refunded_lines() -> None:
    receipt = build_refund_receipt(
        [line("Мёд", "1", "400.00")], customer=PHONE, amount=Money.rub("400.00")
    )
    assert [i["description"] for i in receipt.to_api()["items"]] == ["Мёд"]
    with pytest.raises(ReceiptError):
        build_refund_receipt(
            [line("Мёд", "1", "400.00")], customer=PHONE, amount=Money.rub("399.99")
        )


prices = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2)
quantities = st.one_of(
    st.integers(min_value=1, max_value=50).map(Decimal),
    st.decimals(min_value=Decimal("0.001"), max_value=Decimal("20"), places=3),
)
line_sets = st.lists(st.tuples(prices, quantities), min_size=1, max_size=12)


@given(line_sets, st.decimals(min_value=Decimal("0.01"), max_value=Decimal("10"), places=2))
def test_a_built_receipt_always_sums_to_the_amount_or_is_refused(
    lines: list[tuple[Decimal, Decimal]], drift: Decimal
) -> None:
    receipt_lines = [ReceiptLine(f"Товар {n}", q, Money.rub(p)) for n, (p, q) in enumerate(lines)]
    exact = sum((p * q for p, q in lines), Decimal(0))
    whole_kopecks = all(p * q == (p * q).quantize(Decimal("0.01")) for p, q in lines)
    for amount in (exact, exact + drift):
        try:
            receipt = build_receipt(
                receipt_lines, customer=PHONE, amount=Money.rub(amount.quantize(Decimal("0.01")))
            )
        except ReceiptError:
            # Refusing is only right when the lines cannot be exact or the amount is off.
            assert amount != exact or not whole_kopecks
            continue
        total = sum(
            (
                Decimal(i["amount"]["value"]) * Decimal(i["quantity"])
                for i in receipt.to_api()["items"]
            ),
            Decimal(0),
        )
        assert total == amount
        assert Money.rub(total) == receipt.total
