"""The discount spread over receipt lines: exact to the kopeck, whatever the lines."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog.money import Money
from payments.discount import discounted_lines, spread
from payments.receipt import Customer, ReceiptLine, build_receipt
from shop.promo.rules import FLOOR_MINOR


def _line(title: str, quantity: int, kopecks: int) -> ReceiptLine:
    return ReceiptLine(title, Decimal(quantity), Money.from_minor(kopecks))


def test_shares_follow_the_line_totals_and_add_up_to_the_discount() -> None:
    assert spread([10000, 20000], 300) == [100, 200]
    assert spread([10000, 20000, 1], 1000) == [333, 667, 0]
    assert sum(spread([333, 333, 334], 100)) == 100


def test_a_capped_line_hands_its_excess_to_the_others() -> None:
    # The cheap line keeps a kopeck a unit; the expensive one takes the rest.
    assert spread([100, 5], 98, floors=[1, 5]) == [98, 0]


def test_a_discount_larger_than_the_room_is_refused() -> None:
    with pytest.raises(ValueError, match="larger than the lines"):
        spread([100], 100, floors=[1])


def test_a_line_whose_total_does_not_divide_is_split_a_kopeck_apart() -> None:
    def split(off: int) -> list[tuple[int, int]]:
        lines = discounted_lines([_line("Чай", 3, 10000)], Money.from_minor(off))
        return [(int(ln.quantity), ln.unit_price.minor) for ln in lines]

    assert split(1) == [(1, 9999), (2, 10000)]  # 299,99 ₽
    assert split(2) == [(2, 9999), (1, 10000)]  # 299,98 ₽
    assert split(3) == [(3, 9999)]


def test_a_weighed_line_takes_no_share() -> None:
    weighed = ReceiptLine("Сыр", Decimal("0.5"), Money.from_minor(1000))
    lines = discounted_lines([weighed, _line("Хлеб", 1, 5000)], Money.from_minor(500))
    assert lines[0] == weighed
    assert lines[1].unit_price.minor == 4500


_lines = st.lists(st.tuples(st.integers(1, 50), st.integers(1, 500_000)), min_size=1, max_size=12)


@given(lines=_lines, share=st.fractions(0, 1), delivery=st.integers(0, 100_000))
def test_the_receipt_always_sums_to_the_charged_amount(
    lines: list[tuple[int, int]], share: object, delivery: int
) -> None:
    goods = sum(q * p for q, p in lines)
    units = sum(q for q, _ in lines)
    room = max(0, goods - max(FLOOR_MINOR, units))
    discount = int(room * share)  # type: ignore[operator]
    receipt_lines = [_line(f"Товар {i}", q, p) for i, (q, p) in enumerate(lines)]
    charged = Money.from_minor(goods - discount + delivery)
    discounted = discounted_lines(receipt_lines, Money.from_minor(discount))
    receipt = build_receipt(
        discounted,
        customer=Customer(phone="79001234567"),
        amount=charged,
        delivery=Money.from_minor(delivery),
    )
    assert receipt.total == charged
    assert all(item.unit_price.minor >= 1 for item in receipt.items)
    # Each line keeps its quantity in all: splitting never adds or loses a unit.
    assert sum(ln.quantity for ln in discounted) == units
