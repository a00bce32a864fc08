"""Tables of an order's life after checkout: its events, the news told to the shopper, and
the shopper's own page link.

Every status change writes one `order_event` in the same transaction as the status itself, so
the history can never disagree with the order. News is written the same way, so a change the
shopper cares about is either queued in the outbox or recorded as not delivered, never lost.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from shop.clock import utcnow


class OrderEvent(SQLModel, table=True):
    """One step of an order: from which status to which, who took it, when and why."""

    __tablename__ = "order_event"
    __table_args__ = (Index("ix_order_event_order", "order_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(sa_column_args=[ForeignKey("shop_order.id", ondelete="CASCADE")])
    at: datetime = Field(default_factory=utcnow)
    from_status: str = Field(max_length=24)
    to_status: str = Field(max_length=24)
    actor_kind: str = Field(max_length=16)  # staff, system or shopper
    actor: str = Field(max_length=64)  # the staff user's name; "system"; "shopper"
    reason: str | None = Field(default=None, max_length=500)
    detail: str | None = Field(default=None, max_length=500)  # tracking, the refund's amount


class OrderNews(SQLModel, table=True):
    """What the shopper was (or could not be) told about an order. `key` is the outbox key,
    so telling the same news twice is impossible; `state` is `queued` or `undelivered`, then
    `resent`, `stale` or (after its last try, orders/news_schedule.py) `failed`."""

    __tablename__ = "order_news"
    __table_args__ = (
        UniqueConstraint("key", name="uq_order_news_key"),
        Index("ix_order_news_state", "state", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(sa_column_args=[ForeignKey("shop_order.id", ondelete="CASCADE")])
    kind: str = Field(max_length=32)
    key: str = Field(max_length=128)
    state: str = Field(max_length=16)
    channel: str = Field(max_length=16)  # message (inside the window), template, none
    outbox_id: int | None = None
    reason: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(default_factory=utcnow)
    # The retries of undelivered news: how many were made, the last, and when the next is due.
    tries: int = 0
    tried_at: datetime | None = None
    next_try_at: datetime | None = None


class ShopperLink(SQLModel, table=True):
    """The unguessable token of a chat's own page, /a/{token}: all the shopper's orders."""

    __tablename__ = "shopper_link"
    __table_args__ = (
        UniqueConstraint("chat_id", name="uq_shopper_link_chat"),
        UniqueConstraint("token", name="uq_shopper_link_token"),
    )

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_column_args=[ForeignKey("shop_chat.id", ondelete="CASCADE")])
    token: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
