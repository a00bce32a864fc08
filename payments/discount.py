"""A discount spread over receipt lines to the kopeck (pure; largest remainder).

A 54-FZ receipt lists each line with a unit price in whole kopecks and the lines must add up
to the amount charged. A discount is therefore given to the lines in proportion to their
totals (largest remainder, so the shares add up to the discount exactly), and a line whose
discounted total does not divide by its quantity is split in two: `q - r` units at the lower
price and `r` units a kopeck dearer. Every unit keeps at least one kopeck, as a receipt line
may not be free.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from catalog.money import Money
from payments.receipt import ReceiptError, ReceiptLine


def spread(totals: Sequence[int], discount: int, floors: Sequence[int] | None = None) -> list[int]:
    """Each line's share of `discount` (kopecks), in proportion to `totals`, summing exactly.

    A line's share never takes it below its floor (default 0); what a capped line cannot
    take goes to the others, again in proportion."""
    floors = list(floors) if floors is not None else [0] * len(totals)
    room = [total - floor for total, floor in zip(totals, floors, strict=True)]
    if discount < 0 or any(r < 0 for r in room):
        raise ValueError("a discount and each line's room for it must not be negative")
    if discount > sum(room):
        raise ValueError("the discount is larger than the lines can take")
    shares = [0] * len(totals)
    left = discount
    while left:
        open_lines = [i for i, r in enumerate(room) if shares[i] < r]
        given = _largest_remainder([totals[i] for i in open_lines], left)
        for i, part in zip(open_lines, given, strict=True):
            take = min(part, room[i] - shares[i])
            shares[i] += take
            left -= take
    return shares


def _largest_remainder(weights: Sequence[int], amount: int) -> list[int]:
    """`amount` split by `weights`: floors first, then one each to the largest remainders
    (ties go to the earlier line, so the result is stable)."""
    whole = sum(weights)
    if whole == 0:
        weights, whole = [1] * len(weights), len(weights)
    parts = [amount * w // whole for w in weights]
    rest = amount - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-(amount * weights[i] % whole), i))
    for i in order[:rest]:
        parts[i] += 1
    return parts


def _minor(money: Money) -> int:
    return int(money.amount * 100)


def discounted_lines(lines: Sequence[ReceiptLine], discount: Money) -> list[ReceiptLine]:
    """The lines with `discount` taken off, each unit price whole kopecks, summing to the
    lines' total minus the discount. A weighed line (a fractional quantity) cannot be split
    into whole units, so it takes no share; the others take the whole discount."""
    if discount.amount == 0:
        return list(lines)
    totals = [_minor(line.unit_price) * line.quantity for line in lines]
    odd = [line.description[:40] for line, t in zip(lines, totals, strict=True) if t != int(t)]
    if odd:
        raise ReceiptError(
            "unit price × quantity is not a whole number of kopecks", code="fraction", line=odd[0]
        )
    floors = [_floor(line) for line in lines]
    shares = spread([int(t) for t in totals], _minor(discount), floors)
    result: list[ReceiptLine] = []
    for line, total, share in zip(lines, totals, shares, strict=True):
        result.extend(_priced(line, int(total) - share))
    return result


def _floor(line: ReceiptLine) -> int:
    """The least a line may cost after the discount: a kopeck a unit; a weighed line, all."""
    if line.quantity != line.quantity.to_integral_value():
        return int(_minor(line.unit_price) * line.quantity)
    return int(line.quantity)


def _priced(line: ReceiptLine, total: int) -> list[ReceiptLine]:
    """`line` at `total` kopecks, split in two when its quantity does not divide the total."""
    currency = line.unit_price.currency
    if line.quantity != line.quantity.to_integral_value():
        return [line]  # a weighed line takes no share (see _floor)
    quantity = int(line.quantity)
    unit, dearer = divmod(total, quantity)
    cheaper = quantity - dearer
    parts = []
    if cheaper:
        parts.append(
            replace(line, quantity=Decimal(cheaper), unit_price=Money.from_minor(unit, currency))
        )
    if dearer:
        parts.append(
            replace(line, quantity=Decimal(dearer), unit_price=Money.from_minor(unit + 1, currency))
        )
    return parts


def with_line_discounts(lines: Sequence[ReceiptLine], shares: Sequence[int]) -> list[ReceiptLine]:
    """The lines with the kopecks already given to each (an order's stored line discounts)
    taken off, split where the quantity does not divide the discounted total."""
    result: list[ReceiptLine] = []
    for line, share in zip(lines, shares, strict=True):
        if share == 0:
            result.append(line)
            continue
        total = _minor(line.unit_price) * line.quantity
        result.extend(_priced(line, int(total) - share))
    return result
