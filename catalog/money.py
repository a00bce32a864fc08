"""Exact money: Decimal amounts with a currency, converted to provider formats only at the edge."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Self

from pydantic import BaseModel, ConfigDict, field_validator

CENT = Decimal("0.01")


class Money(BaseModel):
    """An exact amount in major units (roubles) with its ISO 4217 currency."""

    model_config = ConfigDict(frozen=True)

    amount: Decimal
    currency: str = "RUB"

    @field_validator("amount", mode="before")
    @classmethod
    def _no_floats(cls, value: object) -> object:
        if isinstance(value, float):
            raise TypeError("money must not be built from a float")
        return value

    @field_validator("amount")
    @classmethod
    def _two_places(cls, value: Decimal) -> Decimal:
        if not value.is_finite():
            raise ValueError("amount must be a finite number")
        return value.quantize(CENT, rounding=ROUND_HALF_UP)

    @field_validator("currency")
    @classmethod
    def _iso(cls, value: str) -> str:
        if len(value) != 3 or not value.isalpha():
            raise ValueError("currency must be a three-letter ISO 4217 code")
        return value.upper()

    @classmethod
    def rub(cls, amount: Decimal | int | str) -> Self:
        return cls(amount=Decimal(amount), currency="RUB")

    @classmethod
    def from_minor(cls, minor: int, currency: str = "RUB") -> Self:
        return cls(amount=Decimal(minor) / 100, currency=currency)

    @property
    def minor(self) -> int:
        """Integer kopecks."""
        return int(self.amount * 100)

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise ValueError(f"cannot mix {self.currency} and {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(amount=self.amount + other.amount, currency=self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(amount=self.amount - other.amount, currency=self.currency)

    def times(self, quantity: int | Decimal) -> Money:
        return Money(amount=self.amount * Decimal(quantity), currency=self.currency)

    def graph(self) -> str:
        """Meta catalog format: `1299.00 RUB`."""
        return f"{self.amount:.2f} {self.currency}"

    def api_value(self) -> str:
        """YooKassa format: a two-decimal string with a dot."""
        return f"{self.amount:.2f}"

    def __str__(self) -> str:
        return self.graph()


class PriceError(ValueError):
    """A price the merchant wrote that we cannot read exactly; `code` names the reason."""

    def __init__(self, code: str, text: str) -> None:
        super().__init__(f"{code}: {text!r}")
        self.code = code
        self.text = text


# Symbols and words merchants write next to a price, mapped to ISO 4217.
_CURRENCY_WORDS = {
    "₽": "RUB",
    "руб": "RUB",
    "руб.": "RUB",
    "р": "RUB",
    "р.": "RUB",
    "rur": "RUB",
    "$": "USD",
    "€": "EUR",
    "₸": "KZT",
    "byn": "BYN",
}
# The catalog stores NUMERIC(12, 2): ten digits before the point, two after.
MAX_AMOUNT = Decimal(10) ** 10
_SPACES = "\u0020\u00a0\u202f\u2009"
_NUMBER_STYLES = (
    re.compile(r"^\d+(?:[.,]\d{1,2})?$"),  # 1299 | 1299.00 | 1299,5
    re.compile(r"^\d{1,3}(?:[ ]\d{3})+(?:[.,]\d{1,2})?$"),  # 1 299,00
    re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?$"),  # 1,299.00
    re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?$"),  # 1.299,00
)
_CURRENCY_AT_END = re.compile(r"^(?P<num>.*?)\s*(?P<cur>[A-Za-z]{3}|[^\d\s.,]+\.?)$")
_CURRENCY_AT_START = re.compile(r"^(?P<cur>[A-Za-z]{3}|[$€₽₸])\s*(?P<num>\d.*)$")


def _split_currency(text: str, default_currency: str) -> tuple[str, str]:
    for pattern in (_CURRENCY_AT_START, _CURRENCY_AT_END):
        match = pattern.match(text)
        if match and not match.group("cur")[0].isdigit():
            word = match.group("cur")
            code = _CURRENCY_WORDS.get(word.lower())
            if code is None and len(word) == 3 and word.isascii() and word.isalpha():
                code = word.upper()
            if code is None:
                raise PriceError("currency", text)
            return match.group("num").strip(), code
    return text, default_currency


def _plain_number(number: str, original: str) -> Decimal:
    grouped = number
    for space in _SPACES[1:]:
        grouped = grouped.replace(space, " ")
    if grouped.startswith("-"):
        raise PriceError("negative", original)
    for style in _NUMBER_STYLES:
        if style.match(grouped):
            break
    else:
        raise PriceError("format", original)
    if re.fullmatch(r"\d{1,3}[.,]\d{3}", grouped):
        # "1,299" is 1299 to an American and 1.299 to a Russian: refuse to guess with money.
        raise PriceError("format", original)
    digits = grouped.replace(" ", "")
    if "," in digits and "." in digits:
        thousands = "," if digits.rindex(".") > digits.rindex(",") else "."
        digits = digits.replace(thousands, "")
    elif digits.count(",") + digits.count(".") > 1 or re.search(r"[.,]\d{3}$", digits):
        digits = digits.replace(",", "").replace(".", "")
    return Decimal(digits.replace(",", "."))


def parse_price(text: str, default_currency: str = "RUB") -> Money:
    """Read a price as merchants write it (`1299.00`, `1 299,00`, `1299 RUB`, `1 299 ₽`).

    Never goes through a float, never rounds: a third decimal place is an error.
    """
    cleaned = text.strip().strip(_SPACES)
    if not cleaned:
        raise PriceError("empty", text)
    if not any(ch.isdigit() for ch in cleaned):
        raise PriceError("format", text)
    number, currency = _split_currency(cleaned, default_currency)
    amount = _plain_number(number.strip(_SPACES), text)
    if amount >= MAX_AMOUNT:
        raise PriceError("too_large", text)
    return Money(amount=amount, currency=currency)


def format_price(money: Money, style: str = "plain") -> str:
    """Write a price in one of the styles `parse_price` accepts (used by exports and tests)."""
    whole, _, cents = f"{money.amount:.2f}".partition(".")
    grouped = f"{int(whole):,}"
    styles = {
        "plain": f"{whole}.{cents}",
        "comma": f"{whole},{cents}",
        "spaced": f"{grouped.replace(',', ' ')},{cents}",
        "nbsp": f"{grouped.replace(',', chr(0xA0))},{cents}",
        "code": f"{whole}.{cents} {money.currency}",
        "ruble": f"{grouped.replace(',', ' ')} ₽",
        "english": f"{grouped}.{cents}",
    }
    return styles[style]
