"""A promo code as the merchant writes it (API and page), validated whole, and its state."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from shop.promo.rules import CODE, PromoTerms, normalise
from shop.texts import t

MAX_AMOUNT = Decimal("10000000")  # 10 million roubles: anything above is a typing error
MAX_LIMIT = 1_000_000


class PromoState(StrEnum):
    """What the list shows: `promo.state.<value>`."""

    ACTIVE = "active"
    SCHEDULED = "scheduled"
    EXPIRED = "expired"
    USED_UP = "used_up"
    DISABLED = "disabled"


def state_of(terms: PromoTerms, now: datetime) -> PromoState:
    if terms.disabled:
        return PromoState.DISABLED
    if terms.total_limit is not None and terms.used_count >= terms.total_limit:
        return PromoState.USED_UP
    if terms.ends_at is not None and now >= terms.ends_at:
        return PromoState.EXPIRED
    if terms.starts_at is not None and now < terms.starts_at:
        return PromoState.SCHEDULED
    return PromoState.ACTIVE


def _money(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    if not value.is_finite() or value < 0 or value > MAX_AMOUNT:
        raise ValueError(t("promo.error.amount_range", max=f"{MAX_AMOUNT:,.0f}".replace(",", " ")))
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(t("promo.error.kopecks"))
    return value


class PromoInput(BaseModel):
    """A new code, or a changed one (the stored code with the changes applied)."""

    model_config = ConfigDict(extra="forbid", title="PromoCodeInput")

    code: str = Field(description="3–32 letters A–Z, digits, - or _; stored upper-case")
    kind: Literal["percent", "amount"] = Field(description="percent off, or a fixed amount off")
    percent: int | None = Field(default=None, description="1–100, for kind=percent")
    amount: Decimal | None = Field(default=None, description="roubles off, for kind=amount")
    min_total: Decimal = Field(default=Decimal(0), description="least goods total, roubles")
    starts_at: AwareDatetime | None = None
    ends_at: AwareDatetime | None = Field(default=None, description="valid until, exclusive")
    total_limit: int | None = Field(default=None, description="uses in all; none: no limit")
    per_shopper_limit: int | None = Field(default=None, description="uses by one shopper")
    first_order_only: bool = False

    @field_validator("code")
    @classmethod
    def _code(cls, value: str) -> str:
        code = normalise(value)
        if not CODE.match(code):
            raise ValueError(t("promo.error.code"))
        return code

    @field_validator("percent")
    @classmethod
    def _percent(cls, value: int | None) -> int | None:
        if value is not None and not 1 <= value <= 100:
            raise ValueError(t("promo.error.percent"))
        return value

    @field_validator("amount")
    @classmethod
    def _amount(cls, value: Decimal | None) -> Decimal | None:
        value = _money(value)
        if value is not None and value <= 0:
            raise ValueError(t("promo.error.amount_positive"))
        return value

    @field_validator("min_total")
    @classmethod
    def _minimum(cls, value: Decimal) -> Decimal:
        return _money(value) or Decimal(0)

    @field_validator("total_limit", "per_shopper_limit")
    @classmethod
    def _limit(cls, value: int | None) -> int | None:
        if value is not None and not 1 <= value <= MAX_LIMIT:
            raise ValueError(t("promo.error.limit", max=MAX_LIMIT))
        return value


def whole_problem(doc: PromoInput) -> tuple[str, str] | None:
    """What no single field shows: the value its kind needs, and the period's order."""
    if doc.kind == "percent" and doc.percent is None:
        return "percent", t("promo.error.percent_needed")
    if doc.kind == "amount" and doc.amount is None:
        return "amount", t("promo.error.amount_needed")
    if doc.starts_at and doc.ends_at and doc.ends_at <= doc.starts_at:
        return "ends_at", t("promo.error.period")
    return None


class PromoPatch(BaseModel):
    """Changes to a code: only the fields given; `disabled` switches it off or on again."""

    model_config = ConfigDict(extra="forbid", title="PromoCodePatch")

    kind: Literal["percent", "amount"] | None = None
    percent: int | None = None
    amount: Decimal | None = None
    min_total: Decimal | None = None
    starts_at: AwareDatetime | None = None
    ends_at: AwareDatetime | None = None
    total_limit: int | None = None
    per_shopper_limit: int | None = None
    first_order_only: bool | None = None
    disabled: bool | None = None
