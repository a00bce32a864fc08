"""What a refund returns, decided purely from the order and the refunds before it."""

from __future__ import annotations

import pytest

from shop.orders.refund_lines import (
    DELIVERY_ID,
    Books,
    LineRefund,
    OrderLine,
    Piece,
    RefundRefused,
    choose,
    dump,
    load,
)

KETTLE = OrderLine("A1", "Чайник", 105000, 1)
MUGS = OrderLine("M2", "Кружка", 29900, 3)
DELIVERY = Piece("Доставка", 30000, 1, DELIVERY_ID)


def books(*refunded: Piece, itemized: bool = True, refundable: int | None = None) -> Books:
    total = 105000 + 3 * 29900 + 30000
    returned = sum(p.total_minor for p in refunded)
    return Books(
        number="A-10001",
        lines=[KETTLE, MUGS],
        delivery_minor=30000,
        total_minor=total,
        paid_minor=total,
        refundable_minor=total - returned if refundable is None else refundable,
        refunded=list(refunded),
        itemized=itemized,
    )


def amount(pieces: list[Piece]) -> int:
    return sum(p.total_minor for p in pieces)


def test_everything_without_the_delivery_ticked_returns_the_goods_only() -> None:
    assert amount(choose(books(), None, False)) == 105000 + 3 * 29900


def test_everything_with_the_delivery_ticked_returns_the_whole_payment() -> None:
    pieces = choose(books(), None, True)
    assert pieces[-1] == DELIVERY
    assert amount(pieces) == books().paid_minor


def test_the_api_default_of_everything_still_includes_the_delivery() -> None:
    assert amount(choose(books(), None, None)) == books().paid_minor
    assert DELIVERY not in choose(books(), [LineRefund("M2", 1)], None)


def test_everything_after_a_partial_refund_is_the_rest_line_by_line() -> None:
    earlier = Piece("Кружка", 29900, 2, "M2")
    pieces = choose(books(earlier), None, False)
    assert [(p.retailer_id, p.quantity) for p in pieces] == [("A1", 1), ("M2", 1)]


def test_a_line_cannot_be_refunded_twice() -> None:
    earlier = Piece("Чайник", 105000, 1, "")  # a row from before retailer ids were kept
    with pytest.raises(RefundRefused, match="no 1 of A1 left"):
        choose(books(earlier), [LineRefund("A1", 1)], False)


def test_the_delivery_is_refunded_once() -> None:
    pieces = choose(books(DELIVERY), None, True)
    assert DELIVERY not in pieces
    with pytest.raises(RefundRefused, match="nothing to refund"):
        choose(books(DELIVERY), [], True)


def test_a_duplicate_payment_is_returned_whole_as_one_line() -> None:
    [lump] = choose(books(itemized=False), None, False)
    assert (lump.title, lump.total_minor) == ("Возврат по заказу A-10001", books().paid_minor)
    with pytest.raises(RefundRefused, match="as a whole"):
        choose(books(itemized=False), [LineRefund("A1", 1)], False)


def test_pieces_survive_the_row_and_old_rows_still_read() -> None:
    pieces = [Piece("Кружка", 29900, 2, "M2"), DELIVERY]
    assert load(dump(pieces)) == pieces
    assert load('[["Чайник", 105000, 1]]') == [Piece("Чайник", 105000, 1, "")]
