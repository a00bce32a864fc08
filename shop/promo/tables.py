"""Promo code tables: the codes, and one redemption row per order (unique, counted atomically).

Money is integer minor units. A code is stored upper-case, so a shopper may type it in any case.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class PromoCode(SQLModel, table=True):
    """A code: `percent` off or a fixed `amount_minor` off the goods, within its limits."""

    __tablename__ = "promo_code"
    __table_args__ = (
        UniqueConstraint("code", name="uq_promo_code_code"),
        Index("ix_promo_code_created", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32)
    kind: str = Field(max_length=16)  # "percent" or "amount"
    percent: int | None = None  # 1–100, when kind is percent
    amount_minor: int | None = Field(default=None, sa_type=BigInteger)
    currency: str = Field(default="RUB", max_length=3)
    min_total_minor: int = Field(default=0, sa_type=BigInteger)
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    total_limit: int | None = None
    per_shopper_limit: int | None = None
    first_order_only: bool = False
    # Set for a reminder's one-time code: only this shopper may use it, once.
    wa_id: str | None = Field(default=None, max_length=32)
    origin: str = Field(default="merchant", max_length=16)  # "merchant" or "reminder"
    used_count: int = 0
    disabled_at: datetime | None = None
    created_at: datetime


class PromoRedemption(SQLModel, table=True):
    """A code used by an order: one per order; (code, shopper, use) unique so that two
    concurrent orders of one shopper cannot both take the same per-shopper use."""

    __tablename__ = "promo_redemption"
    __table_args__ = (
        UniqueConstraint("order_id", name="uq_promo_redemption_order"),
        UniqueConstraint("code_id", "wa_id", "shopper_use", name="uq_promo_redemption_use"),
        Index("ix_promo_redemption_at", "redeemed_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code_id: int = Field(sa_column_args=[ForeignKey("promo_code.id")])
    order_id: int = Field(sa_column_args=[ForeignKey("shop_order.id", ondelete="CASCADE")])
    wa_id: str = Field(max_length=32)
    shopper_use: int  # 1 for the shopper's first use of this code, 2 for the second, …
    discount_minor: int = Field(sa_type=BigInteger)
    currency: str = Field(default="RUB", max_length=3)
    redeemed_at: datetime
