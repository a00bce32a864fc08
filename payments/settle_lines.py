"""What a settlement receipt still covers once part of the prepayment went back (pure).

The settlement receipt repeats the payment's receipt lines as `full_payment`. Goods refunded
before hand-over were never handed over, so their units leave the settlement: each refunded
piece (a title, a unit price in kopecks and a quantity, as the refund's own receipt listed
it) is taken off the payment receipt's line with the same description and unit price. The
prices match to the kopeck because a refund by lines prices its units exactly as the payment's
receipt spread the discount over them. A refund that matches no line (a lump sum, say) cannot
be placed on the lines, and the settlement is refused with the reason rather than guessed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from payments.receipt import format_quantity, trim_description


class SettlementGap(ValueError):
    """The settlement cannot be worked out from the receipt and the refunds; `code` says why
    (`unmatched`: a refunded piece is on no line; `sum`: the lines do not add up)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code, self.detail = code, detail


@dataclass(frozen=True)
class Returned:
    """One refunded piece, as its refund receipt listed it."""

    description: str
    unit_minor: int
    quantity: int
    delivery: bool = False  # the order's delivery line, refunded as a piece of its own


def unit_minor(item: Mapping[str, Any]) -> int:
    """A receipt item's unit price in kopecks (its `amount.value` is a decimal string)."""
    return int(Decimal(str(item["amount"]["value"])) * 100)


def quantity_of(item: Mapping[str, Any]) -> Decimal:
    return Decimal(str(item["quantity"]))


def items_minor(items: Sequence[Mapping[str, Any]]) -> int:
    """What the items add up to, in kopecks."""
    total = sum(unit_minor(item) * quantity_of(item) for item in items)
    if total != int(total):
        raise SettlementGap("sum", "the lines are not a whole number of kopecks")
    return int(total)


def remaining_items(
    items: Sequence[Mapping[str, Any]],
    returned: Sequence[Returned],
    *,
    delivery_last: bool,
) -> list[dict[str, Any]]:
    """The payment receipt's `items` less the refunded pieces; lines refunded in full are left
    out. `delivery_last`: the receipt's last item is the order's delivery (build_receipt puts
    it there), which is what a delivery piece takes off."""
    left = [quantity_of(item) for item in items]
    goods = range(len(items) - 1) if delivery_last else range(len(items))
    for piece in returned:
        if piece.delivery:
            candidates: Sequence[int] = [len(items) - 1] if delivery_last and items else []
        else:
            title = trim_description(piece.description)
            candidates = [i for i in goods if items[i].get("description") == title]
        _take(items, left, candidates, piece)
    return [
        {**item, "quantity": format_quantity(quantity)}
        for item, quantity in zip(items, left, strict=True)
        if quantity > 0
    ]


def _take(
    items: Sequence[Mapping[str, Any]],
    left: list[Decimal],
    candidates: Sequence[int],
    piece: Returned,
) -> None:
    """Take `piece.quantity` units off the candidate lines of the piece's unit price (two
    lines may carry the same goods: a discount's kopeck splits a line in two)."""
    wanted = Decimal(piece.quantity)
    for i in candidates:
        if wanted <= 0:
            break
        if unit_minor(items[i]) != piece.unit_minor or left[i] <= 0:
            continue
        taken = min(wanted, left[i])
        left[i] -= taken
        wanted -= taken
    if wanted > 0:
        raise SettlementGap("unmatched", piece.description)
