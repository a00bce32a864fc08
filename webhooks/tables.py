"""WhatsApp's webhooks as stored: the signed bodies as they came (the intake), the inbox of
their items (one row per message, status or event) and the dead letters."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class WaIntake(SQLModel, table=True):
    """A signed webhook body exactly as it came, stored before the 200: one row per request.

    The request path does no more than the 200 needs (the signature and this durable copy);
    the worker splits each body into inbox items and dead letters, in id order, and deletes
    it in the same transaction (`webhooks.splitter`). So this table holds only the bodies
    not split yet, and a crash between the two steps loses or doubles nothing.
    """

    __tablename__ = "wa_intake"

    id: int | None = Field(default=None, primary_key=True)
    received_at: datetime
    body: bytes


class WaInbox(SQLModel, table=True):
    """One webhook item (message, status, template or account event), stored before the 200.

    `dedup_key` makes Meta's retries harmless: `m:<wamid>` for inbound messages,
    `s:<wamid>:<status>` for statuses, a content hash for the other fields.
    `chat_key` orders processing: items with the same key are handled one at a time, in id order.
    """

    __tablename__ = "wa_inbox"
    __table_args__ = (
        UniqueConstraint("dedup_key", name="uq_wa_inbox_dedup_key"),
        Index("ix_wa_inbox_pending", "processed_at", "id"),
        Index("ix_wa_inbox_chat", "chat_key", "processed_at", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    dedup_key: str = Field(max_length=300)
    kind: str = Field(max_length=32)
    chat_key: str = Field(max_length=300)
    wamid: str | None = Field(default=None, max_length=200)
    status: str | None = Field(default=None, max_length=32)
    occurred_at: datetime | None = None
    payload: str
    received_at: datetime
    next_attempt_at: datetime
    claimed_until: datetime | None = None
    attempts: int = 0
    processed_at: datetime | None = None
    last_error: str | None = Field(default=None, max_length=500)


class WaDeadLetter(SQLModel, table=True):
    """What could not be handled, kept for the merchant to see: a signed body (or one item of
    it) that could not be parsed or stored, or an inbox item given up after its attempts
    (`inbox_id`; `body` is then the item's payload)."""

    __tablename__ = "wa_dead_letter"

    id: int | None = Field(default=None, primary_key=True)
    received_at: datetime
    body_sha256: str = Field(max_length=64)
    body: str
    error: str = Field(max_length=1000)
    inbox_id: int | None = None


class YkInbox(SQLModel, table=True):
    """One YooKassa notification, stored before the 200; a hint the worker re-reads."""

    __tablename__ = "yk_inbox"
    __table_args__ = (
        UniqueConstraint("dedup_key", name="uq_yk_inbox_dedup_key"),
        Index("ix_yk_inbox_pending", "processed_at", "next_attempt_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    dedup_key: str = Field(max_length=300)
    event: str | None = Field(default=None, max_length=64)
    object_id: str | None = Field(default=None, max_length=64)
    payment_id: str | None = Field(default=None, max_length=64)
    payload: str
    received_at: datetime
    next_attempt_at: datetime
    attempts: int = 0
    processed_at: datetime | None = None
    last_error: str | None = Field(default=None, max_length=500)
