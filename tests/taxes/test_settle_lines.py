"""What a settlement receipt covers after refunds before hand-over (pure): the payment's
receipt lines less the refunded pieces, kopeck-exact under any discount spread; a property
test shows its lines always sum to paid − refunded."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.money import Money
from payments.discount import spread, with_line_discounts
from payments.receipt import Customer, ReceiptLine, build_receipt
from payments.settle_lines import (
    Returned,
    SettlementGap,
    items_minor,
    quantity_of,
    remaining_items,
)
from shop.orders.refund_lines import (
    DELIVERY_ID,
    Books,
    LineRefund,
    OrderLine,
    Piece,
    RefundRefused,
    choose,
)


def _paid(
    prices: list[tuple[int, int]], discount: int, delivery: int
) -> tuple[list[dict[str, Any]], list[OrderLine], int]:
    """The payment's receipt items and the order lines, as checkout and payment make them."""
    totals = [unit * quantity for unit, quantity in prices]
    shares = spread(totals, discount, [quantity for _unit, quantity in prices])
    lines = [
        OrderLine(f"R{i}", f"Товар {i}", unit, quantity, share)
        for i, ((unit, quantity), share) in enumerate(zip(prices, shares, strict=True))
    ]
    receipt_lines = with_line_discounts(
        [
            ReceiptLine(
                line.title, Decimal(line.quantity), Money.from_minor(line.unit_minor, "RUB")
            )
            for line in lines
        ],
        shares,
    )
    total = sum(totals) - discount + delivery
    receipt = build_receipt(
        receipt_lines,
        customer=Customer(phone="79001234567"),
        amount=Money.from_minor(total, "RUB"),
        delivery=Money.from_minor(delivery, "RUB") if delivery else None,
    )
    return receipt.to_api()["items"], lines, total


def _returned(pieces: list[Piece]) -> list[Returned]:
    return [
        Returned(p.title, p.unit_minor, p.quantity, p.retailer_id == DELIVERY_ID) for p in pieces
    ]


ORDERS = st.lists(
    st.tuples(st.integers(1, 500_000), st.integers(1, 5)), min_size=1, max_size=5
).flatmap(
    lambda prices: st.tuples(
        st.just(prices),
        st.integers(0, sum(u * q for u, q in prices) - sum(q for _u, q in prices)),
        st.sampled_from([0, 30_000, 49_999]),
        st.lists(
            st.tuples(st.integers(0, len(prices) - 1), st.integers(1, 5), st.booleans()),
            max_size=4,
        ),
    )
)


@settings(max_examples=300, deadline=None)
@given(ORDERS)
def test_the_settlement_lines_always_sum_to_paid_less_refunded(
    case: tuple[list[tuple[int, int]], int, int, list[tuple[int, int, bool]]],
) -> None:
    prices, discount, delivery, asks = case
    items, lines, total = _paid(prices, discount, delivery)
    refunded: list[Piece] = []
    for index, quantity, with_delivery in asks:
        books = Books("A-1", lines, delivery, total, total, total - _sum(refunded), refunded, True)
        try:
            wanted = [LineRefund(lines[index].retailer_id, quantity)]
            refunded = refunded + choose(books, wanted, with_delivery)
        except RefundRefused:
            continue  # more than is left: the merchant is told, nothing is refunded
    left = remaining_items(items, _returned(refunded), delivery_last=delivery > 0)
    assert items_minor(left) == total - _sum(refunded)
    for line in lines:  # every line keeps exactly the units not refunded
        back = sum(p.quantity for p in refunded if p.retailer_id == line.retailer_id)
        kept = sum(quantity_of(i) for i in left if i["description"] == line.title)
        assert kept == line.quantity - back


def _sum(pieces: list[Piece]) -> int:
    return sum(p.total_minor for p in pieces)


def test_a_discounts_dearer_units_go_back_first_and_the_cheaper_stay() -> None:
    # 3 × 100,00 ₽ less 100,00 ₽: 200,00 ₽ over 3 units is 66,66 ₽ once and 66,67 ₽ twice.
    items, lines, total = _paid([(10_000, 3)], 10_000, 30_000)
    assert [(i["amount"]["value"], i["quantity"]) for i in items][:2] == [
        ("66.66", "1"),
        ("66.67", "2"),
    ]
    books = Books("A-1", lines, 30_000, total, total, total, [], True)
    pieces = choose(books, [LineRefund("R0", 1)], False)
    assert [(p.unit_minor, p.quantity) for p in pieces] == [(6_667, 1)]
    left = remaining_items(items, _returned(pieces), delivery_last=True)
    assert [(i["amount"]["value"], i["quantity"]) for i in left] == [
        ("66.66", "1"),
        ("66.67", "1"),
        ("300.00", "1"),
    ]
    assert {i["payment_mode"] for i in left} == {"full_prepayment"}  # settlement_body sets it


def test_everything_refunded_leaves_no_line() -> None:
    items, lines, total = _paid([(10_000, 2)], 0, 30_000)
    books = Books("A-1", lines, 30_000, total, total, total, [], True)
    assert remaining_items(items, _returned(choose(books, None, True)), delivery_last=True) == []


def test_a_lump_sum_refund_matches_no_line_and_is_refused_with_its_title() -> None:
    items, _lines, _total = _paid([(10_000, 2)], 0, 30_000)
    lump = Returned("Возврат по заказу A-1", 5_000, 1)
    with pytest.raises(SettlementGap) as caught:
        remaining_items(items, [lump], delivery_last=True)
    assert (caught.value.code, caught.value.detail) == ("unmatched", "Возврат по заказу A-1")


def test_a_delivery_refund_without_a_delivery_line_is_refused() -> None:
    items, _lines, _total = _paid([(10_000, 2)], 0, 0)
    with pytest.raises(SettlementGap):
        remaining_items(items, [Returned("Доставка", 30_000, 1, True)], delivery_last=False)
