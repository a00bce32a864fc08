"""Locale-aware pieces of shopper texts: plural forms and money amounts."""

from __future__ import annotations

import string
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from catalog.money import Money

Locale = Literal["ru", "en"]
LOCALES: tuple[Locale, ...] = ("ru", "en")
_CENT = Decimal("0.01")
_SYMBOLS = {"RUB": "₽"}
# Inside an amount (thousands and before the currency) a no-break space: WhatsApp wraps long
# lines, and `1 299,00 ₽` split across two lines reads as two numbers.
NBSP = "\u00a0"


def plural_ru(n: int, one: str, few: str, many: str) -> str:
    """Russian plural: 1 товар, 2 товара, 5 товаров, 11 товаров, 21 товар."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def plural_en(n: int, one: str, other: str) -> str:
    return one if abs(n) == 1 else other


def plural(n: int, forms: Sequence[str], locale: Locale) -> str:
    """Pick a form from `one|few|many` (Russian) or `one|other` (English)."""
    if locale == "ru":
        one, few, many = forms
        return plural_ru(n, one, few, many)
    one, other = forms
    return plural_en(n, one, other)


def _grouped(amount: Decimal, sep: str) -> tuple[str, str, str]:
    fixed = f"{abs(amount.quantize(_CENT, rounding=ROUND_HALF_UP)):.2f}"
    whole, cents = fixed.split(".")
    groups = f"{int(whole):,}".replace(",", sep)
    return ("-" if amount < 0 else ""), groups, cents


def format_money(money: Money, locale: Locale) -> str:
    """`1 299,00 ₽` in Russian, `RUB 1,299.00` in English; every space in it is U+00A0."""
    if locale == "ru":
        sign, whole, cents = _grouped(money.amount, NBSP)
        return f"{sign}{whole},{cents}{NBSP}{_SYMBOLS.get(money.currency, money.currency)}"
    sign, whole, cents = _grouped(money.amount, ",")
    return f"{sign}{money.currency}{NBSP}{whole}.{cents}"


class TextFormatter(string.Formatter):
    """`{n:plural:товар|товара|товаров}` and `{total:money}` on top of str.format."""

    def __init__(self, locale: Locale) -> None:
        super().__init__()
        self.locale = locale

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec.startswith("plural:"):
            return plural(int(value), format_spec.removeprefix("plural:").split("|"), self.locale)
        if format_spec == "money":
            if not isinstance(value, Money):
                raise TypeError(f"money placeholder got {type(value).__name__}")
            return format_money(value, self.locale)
        return str(super().format_field(value, format_spec))


def placeholders(template: str) -> set[tuple[str, str]]:
    """Field names and their kind (`plural`, `money` or plain) used by a template."""
    found: set[tuple[str, str]] = set()
    for _, field, spec, _ in string.Formatter().parse(template):
        if field is not None:
            kind = "plural" if (spec or "").startswith("plural:") else (spec or "")
            found.add((field, kind))
    return found
