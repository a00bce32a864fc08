"""ИНН, the Russian taxpayer number: 10 digits for an organisation, 12 for a person, with
check digits (a typo is caught before it reaches a receipt or the order page)."""

from __future__ import annotations

_TEN = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_ELEVEN = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_TWELVE = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _check_digit(digits: list[int], weights: tuple[int, ...]) -> int:
    return sum(d * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def inn_valid(inn: str) -> bool:
    if not (inn.isascii() and inn.isdigit() and len(inn) in (10, 12)):
        return False
    d = [int(c) for c in inn]
    if len(d) == 10:
        return _check_digit(d, _TEN) == d[9]
    return _check_digit(d, _ELEVEN) == d[10] and _check_digit(d, _TWELVE) == d[11]
