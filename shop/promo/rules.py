"""Whether a promo code applies to a cart, and how much it takes off (pure: values in, verdict out).

The discount is taken off the goods only (never the delivery), and the goods always keep at
least `FLOOR_MINOR` (and a kopeck a unit): a payment and every receipt line need an amount.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from catalog.money import Money

CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{2,31}$")  # 3–32 characters, stored upper-case
FLOOR_MINOR = 100  # the goods cost at least 1 ₽ after any discount


class PromoKind(StrEnum):
    PERCENT = "percent"
    AMOUNT = "amount"


class Refusal(StrEnum):
    """Why a code does not apply; each has a text `promo.refused.<value>` for the shopper."""

    UNKNOWN = "unknown"
    DISABLED = "disabled"
    NOT_YET = "not_yet"
    EXPIRED = "expired"
    USED_UP = "used_up"
    USED_BY_YOU = "used_by_you"
    NOT_YOURS = "not_yours"
    BELOW_MINIMUM = "below_minimum"
    FIRST_ORDER_ONLY = "first_order_only"
    NOTHING_OFF = "nothing_off"


@dataclass(frozen=True)
class PromoTerms:
    """A stored code as the rules see it."""

    id: int
    code: str
    kind: PromoKind
    value: int  # percent (1–100) or kopecks off
    currency: str = "RUB"
    min_total_minor: int = 0
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    total_limit: int | None = None
    per_shopper_limit: int | None = None
    first_order_only: bool = False
    wa_id: str | None = None  # a one-time code for this shopper only
    used_count: int = 0
    disabled: bool = False


@dataclass(frozen=True)
class ShopperFacts:
    wa_id: str
    uses: int  # how often this shopper has used this code
    earlier_orders: int  # orders this shopper placed that went past payment


@dataclass(frozen=True)
class Accepted:
    terms: PromoTerms
    discount: Money
    shopper_use: int  # this use's number for the shopper (1 for the first)


@dataclass(frozen=True)
class Refused:
    code: str
    reason: Refusal
    minimum: Money | None = None  # for BELOW_MINIMUM: the least the goods must cost
    starts_at: datetime | None = None  # for NOT_YET


Verdict = Accepted | Refused


def normalise(text: str) -> str:
    """What the shopper typed, as a code is stored: trimmed, upper-case, no inner spaces."""
    return "".join(text.split()).upper()


def looks_like_code(text: str) -> bool:
    """Whether a shopper's message may be a code (one word, or two typed with a space)."""
    return CODE.match(normalise(text)) is not None and len(text.split()) <= 2


def discount_of(terms: PromoTerms, goods_minor: int, units: int) -> int:
    """Kopecks off `goods_minor`: a percent rounds half up, and nothing takes the goods
    below their floor (1 ₽, and a kopeck a unit)."""
    if terms.kind is PromoKind.PERCENT:
        wanted = int((Decimal(goods_minor) * terms.value / 100).quantize(0, ROUND_HALF_UP))
    else:
        wanted = terms.value
    room = goods_minor - max(FLOOR_MINOR, units)
    return max(0, min(wanted, room))


def _refusal(
    terms: PromoTerms, goods: Money, shopper: ShopperFacts, now: datetime
) -> Refused | None:
    limit = terms.per_shopper_limit
    if terms.wa_id is not None:
        limit = 1
    checks = (
        (terms.disabled, Refusal.DISABLED),
        (terms.wa_id is not None and terms.wa_id != shopper.wa_id, Refusal.NOT_YOURS),
        (terms.starts_at is not None and now < terms.starts_at, Refusal.NOT_YET),
        (terms.ends_at is not None and now >= terms.ends_at, Refusal.EXPIRED),
        (limit is not None and shopper.uses >= limit, Refusal.USED_BY_YOU),
        (terms.total_limit is not None and terms.used_count >= terms.total_limit, Refusal.USED_UP),
        (terms.first_order_only and shopper.earlier_orders > 0, Refusal.FIRST_ORDER_ONLY),
        (goods.minor < terms.min_total_minor, Refusal.BELOW_MINIMUM),
    )
    reason = next((why for hit, why in checks if hit), None)
    if reason is None:
        return None
    minimum = Money.from_minor(terms.min_total_minor, goods.currency)
    return Refused(
        terms.code,
        reason,
        minimum=minimum if reason is Refusal.BELOW_MINIMUM else None,
        starts_at=terms.starts_at if reason is Refusal.NOT_YET else None,
    )


def check(
    terms: PromoTerms | None,
    code: str,
    *,
    goods: Money,
    units: int,
    shopper: ShopperFacts,
    now: datetime,
) -> Verdict:
    """The verdict on `code` for these goods and this shopper at `now`."""
    if terms is None or terms.currency != goods.currency:
        return Refused(code, Refusal.UNKNOWN)
    refused = _refusal(terms, goods, shopper, now)
    if refused is not None:
        return refused
    off = discount_of(terms, goods.minor, units)
    if off <= 0:
        return Refused(code, Refusal.NOTHING_OFF)
    return Accepted(terms, Money.from_minor(off, goods.currency), shopper.uses + 1)
