"""Exact money: Decimal amounts with a currency, converted to provider formats only at the edge."""

from __future__ import annotations

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
