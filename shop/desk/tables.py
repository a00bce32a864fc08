"""Desk tables: each chat's desk state, the transcript of both directions, operators' presence.

Sized for 10,000 chats and 1,000,000 messages: the inbox reads `desk_chat` by state and
waiting time, a chat's page reads its last 100 transcript rows by `(wa_id, id)`, both one
index range each.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from shop.clock import utcnow


class DeskChat(SQLModel, table=True):
    """A chat's place on the desk; no row means `bot` (the chat never left the bot)."""

    __tablename__ = "desk_chat"
    __table_args__ = (
        Index("ix_desk_chat_state_waiting", "state", "waiting_since"),
        Index("ix_desk_chat_assignee", "assignee", "state"),
        Index("ix_desk_chat_updated", "updated_at"),
    )

    chat_id: int = Field(
        primary_key=True,
        sa_column_args=[ForeignKey("shop_chat.id", ondelete="CASCADE")],
        sa_column_kwargs={"autoincrement": False},
    )
    state: str = Field(default="bot", max_length=16)
    group_key: str | None = Field(default=None, max_length=32)
    assignee: str | None = Field(default=None, max_length=40)  # a staff name, or "app"
    reason: str | None = Field(default=None, max_length=32)  # why the bot handed over
    waiting_since: datetime | None = None
    assigned_at: datetime | None = None
    first_response_at: datetime | None = None
    closed_at: datetime | None = None
    updated_at: datetime = Field(default_factory=utcnow)


class DeskMessage(SQLModel, table=True):
    """One line of a chat's transcript, in the order it happened (`id`).

    `direction`: `in` (the shopper), `out` (the bot or an operator, through the outbox: its
    body and delivery ticks are the outbox row's), `echo` (the merchant's WhatsApp Business
    app), `note` (internal, never sent), `event` (taken, transferred, closed …).
    """

    __tablename__ = "desk_message"
    __table_args__ = (
        Index("ix_desk_message_chat", "wa_id", "id"),
        UniqueConstraint("wamid", name="uq_desk_message_wamid"),
        UniqueConstraint("outbox_id", name="uq_desk_message_outbox"),
    )

    id: int | None = Field(default=None, primary_key=True)
    wa_id: str = Field(max_length=32)
    at: datetime
    direction: str = Field(max_length=8)
    kind: str = Field(max_length=32)
    # What the person saw, as text (a button's title, a list row's title, a caption …).
    text: str = ""
    data: str = "{}"  # JSON: order items, a location, a media reference, an event's details
    wamid: str | None = Field(default=None, max_length=200)
    outbox_id: int | None = None
    author: str | None = Field(default=None, max_length=40)


class DeskPresence(SQLModel, table=True):
    """An operator's last sign of life on the desk (its live feed), for round-robin."""

    __tablename__ = "desk_presence"

    name: str = Field(primary_key=True, max_length=40)
    seen_at: datetime
    last_assigned_at: datetime | None = None
