"""Nudge claims: one row per (cart, abandonment episode, step), unique, written before the send."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class NudgeSend(SQLModel, table=True):
    """A reminder claimed for a cart: `queued` went to the outbox; `skipped` was cancelled."""

    __tablename__ = "nudge_send"
    __table_args__ = (
        UniqueConstraint("cart_id", "episode_at", "step", name="uq_nudge_send_claim"),
        Index("ix_nudge_send_shopper", "wa_id", "claimed_at"),
        Index("ix_nudge_send_claimed", "claimed_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    cart_id: int = Field(foreign_key="shop_cart.id")
    chat_id: int
    wa_id: str = Field(max_length=32)
    episode_at: datetime  # when the cart went idle: the abandonment these steps belong to
    step: int
    template: str = Field(max_length=512)
    promo_code: str | None = Field(default=None, max_length=64)
    status: str = Field(max_length=16)
    reason: str | None = Field(default=None, max_length=200)
    outbox_id: int | None = None
    cart_total_minor: int = Field(default=0, sa_type=BigInteger)
    claimed_at: datetime
    clicked_at: datetime | None = None
