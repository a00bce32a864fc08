"""Refunds of a discounted order give back what each unit was charged on the receipt: in
any order of partial refunds, the lines of a whole order sum to what was paid."""

from __future__ import annotations

from shop.orders.refund_lines import Books, LineRefund, OrderLine, Piece, choose

LINES = [
    OrderLine("TEA", "Чай", 10000, 3, discount_minor=1),  # 2 × 100,00 and 1 × 99,99
    OrderLine("CUP", "Кружка", 50, 1, discount_minor=0),
]
PAID = 30000 - 1 + 50 + 30000  # goods less the discount, and the delivery


def books(refunded: list[Piece]) -> Books:
    back = sum(p.total_minor for p in refunded)
    return Books(
        number="A-10001",
        lines=LINES,
        delivery_minor=30000,
        total_minor=PAID,
        paid_minor=PAID,
        refundable_minor=PAID - back,
        refunded=refunded,
        itemized=True,
    )


def test_a_whole_refund_is_the_amount_paid() -> None:
    pieces = choose(books([]), None, True)
    assert sum(p.total_minor for p in pieces) == PAID
    assert [(p.unit_minor, p.quantity) for p in pieces if p.retailer_id == "TEA"] == [
        (10000, 2),
        (9999, 1),
    ]


def test_partial_refunds_one_unit_at_a_time_add_up_to_the_line_as_charged() -> None:
    refunded: list[Piece] = []
    for _ in range(3):
        refunded += choose(books(refunded), [LineRefund("TEA", 1)], False)
    assert sorted(p.unit_minor for p in refunded) == [9999, 10000, 10000]
    assert sum(p.total_minor for p in refunded) == 29999
