"""What a refund gives back, line by line: pure, from the order and the refunds before it.

Each refund row keeps the pieces it returned as JSON `[title, unit kopecks, quantity,
retailer id]` (rows written before the retailer id was kept have three items and are matched
by title). Delivery is a piece of its own (`DELIVERY_ID`), returned only when asked for.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from shop.texts import t

# Not a catalogue text but a stored value: the delivery's line in refunds written before the
# retailer id was kept is recognised by this title, which is also payments.receipt's default
# title of the delivery line on the payment's receipt (payments/ is below shop/).
DELIVERY_TITLE = "Доставка"
DELIVERY_ID = "delivery"


class RefundRefused(ValueError):
    """The refund cannot be made as asked; the message says why (for the merchant)."""


@dataclass(frozen=True)
class LineRefund:
    retailer_id: str
    quantity: int


@dataclass(frozen=True)
class OrderLine:
    retailer_id: str
    title: str
    unit_minor: int
    quantity: int
    discount_minor: int = 0  # the line's share of a promo code's discount

    def units(self) -> tuple[int, int]:
        """(price of a unit, how many units cost a kopeck more): a discounted line's total
        is spread over its units as its payment's receipt listed them."""
        cheap, dearer = divmod(self.unit_minor * self.quantity - self.discount_minor, self.quantity)
        return cheap, dearer


@dataclass(frozen=True)
class Piece:
    """One receipt line of a refund."""

    title: str
    unit_minor: int
    quantity: int
    retailer_id: str

    @property
    def total_minor(self) -> int:
        return self.unit_minor * self.quantity


@dataclass(frozen=True)
class Books:
    """One order as a refund sees it."""

    number: str
    lines: Sequence[OrderLine]
    delivery_minor: int
    total_minor: int
    paid_minor: int  # of the payment being refunded
    refundable_minor: int  # of that payment, after the refunds before this one
    refunded: Sequence[Piece]  # what earlier refunds (still live) of the order returned
    itemized: bool  # the payment is the one that paid this order's exact total


def dump(pieces: Iterable[Piece]) -> str:
    rows = [[p.title, p.unit_minor, p.quantity, p.retailer_id] for p in pieces]
    return json.dumps(rows, ensure_ascii=False)


def load(text: str) -> list[Piece]:
    pieces = []
    for row in json.loads(text or "[]"):
        title, unit, quantity = str(row[0]), int(row[1]), int(row[2])
        retailer_id = str(row[3]) if len(row) > 3 else ""
        pieces.append(Piece(title, unit, quantity, retailer_id))
    return pieces


def _key(piece: Piece, books: Books) -> str | None:
    """Which order line (or the delivery) an earlier piece returned; None: a lump sum."""
    if piece.retailer_id:
        return piece.retailer_id
    if piece.title == DELIVERY_TITLE:
        return DELIVERY_ID
    titled = [line.retailer_id for line in books.lines if line.title == piece.title]
    return titled[0] if len(titled) == 1 else None


def _left(books: Books) -> dict[str, int] | None:
    """Quantities not yet returned, by retailer id (and `DELIVERY_ID`); None when an earlier
    refund was a lump sum that cannot be split into lines."""
    left = {line.retailer_id: line.quantity for line in books.lines}
    left[DELIVERY_ID] = 1 if books.delivery_minor else 0
    for piece in books.refunded:
        key = _key(piece, books)
        if key is None or key not in left:
            return None
        left[key] -= piece.quantity
    return left


def choose(books: Books, lines: Sequence[LineRefund] | None, delivery: bool | None) -> list[Piece]:
    """The pieces of a refund: the given lines, or (`lines=None`) every goods line not yet
    returned; the delivery when `delivery` is true (None: only with everything, as the API's
    default has always been). Raises `RefundRefused` with the reason."""
    with_delivery = (lines is None) if delivery is None else delivery
    left = _left(books) if books.itemized else None
    if lines is None and left is None:
        return [_lump(books, with_delivery)]
    if left is None:
        raise RefundRefused("this payment can only be refunded as a whole")
    pieces = _goods(books, left) if lines is None else _asked(books, left, lines)
    if with_delivery and left[DELIVERY_ID] > 0:
        pieces.append(Piece(DELIVERY_TITLE, books.delivery_minor, 1, DELIVERY_ID))
    amount = sum(p.total_minor for p in pieces)
    if amount <= 0:
        raise RefundRefused("nothing to refund")
    if amount > books.refundable_minor:
        raise RefundRefused(f"at most {books.refundable_minor / 100:.2f} can still be refunded")
    return pieces


def _pieces(books: Books, line: OrderLine, quantity: int) -> list[Piece]:
    """`quantity` units of the line at the prices its receipt gave them: the dearer units
    (a discount's kopeck short of even) go back first, then the others."""
    cheap, dearer = line.units()
    returned = sum(
        p.quantity
        for p in books.refunded
        if _key(p, books) == line.retailer_id and p.unit_minor == cheap + 1 and dearer
    )
    first = min(quantity, max(0, dearer - returned))
    pieces = [Piece(line.title, cheap + 1, first, line.retailer_id)] if first else []
    if quantity - first:
        pieces.append(Piece(line.title, cheap, quantity - first, line.retailer_id))
    return pieces


def _goods(books: Books, left: dict[str, int]) -> list[Piece]:
    return [
        piece
        for line in books.lines
        if left[line.retailer_id] > 0
        for piece in _pieces(books, line, left[line.retailer_id])
    ]


def _asked(books: Books, left: dict[str, int], lines: Sequence[LineRefund]) -> list[Piece]:
    by_id = {line.retailer_id: line for line in books.lines}
    pieces = []
    for wanted in lines:
        line = by_id.get(wanted.retailer_id)
        if line is None or not 0 < wanted.quantity <= left[line.retailer_id]:
            raise RefundRefused(f"no {wanted.quantity} of {wanted.retailer_id} left to refund")
        pieces.extend(_pieces(books, line, wanted.quantity))
    return pieces


def _lump(books: Books, with_delivery: bool) -> Piece:
    """The rest of a payment as one line: a duplicate or mismatched payment, or an order
    whose earlier refund was itself a lump sum."""
    amount = books.refundable_minor
    if books.itemized and not with_delivery and books.delivery_minor:
        amount -= books.delivery_minor  # the delivery stays paid, as asked
    if amount <= 0:
        raise RefundRefused("nothing to refund")
    return Piece(t("order.refund.description", "ru", number=books.number), amount, 1, "")
