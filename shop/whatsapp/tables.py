"""Channel tables: chats and their windows, the outbox, templates, preferences, rate counter."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class WaChat(SQLModel, table=True):
    """A shopper's chat: the 24-hour window and the pair-rate bucket of the recipient."""

    __tablename__ = "wa_chat"

    wa_id: str = Field(primary_key=True, max_length=32)
    last_inbound_at: datetime | None = None
    window_closed_at: datetime | None = None
    pair_tokens: float = 0.0
    pair_refilled_at: datetime | None = None


class WaOutbox(SQLModel, table=True):
    """One outbound message: written before it is sent, then claimed, sent and recorded."""

    __tablename__ = "wa_outbox"
    __table_args__ = (
        UniqueConstraint("wamid", name="uq_wa_outbox_wamid"),
        UniqueConstraint("key", name="uq_wa_outbox_key"),
        Index("ix_wa_outbox_due", "state", "next_attempt_at"),
        Index("ix_wa_outbox_recipient", "recipient", "state", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str | None = Field(default=None, max_length=200)
    recipient: str = Field(max_length=32)
    kind: str = Field(max_length=32)
    category: str = Field(max_length=32)
    body: str
    state: str = Field(max_length=16)
    attempts: int = 0
    created_at: datetime
    next_attempt_at: datetime
    claimed_until: datetime | None = None
    accepted_at: datetime | None = None
    wamid: str | None = Field(default=None, max_length=200)
    delivery: str | None = Field(default=None, max_length=16)
    sent_at: datetime | None = None
    delivered_at: datetime | None = None
    read_at: datetime | None = None
    failed_at: datetime | None = None
    error_code: int | None = None
    error_title: str | None = Field(default=None, max_length=300)


class WaTemplate(SQLModel, table=True):
    """A message template of the business account, as last pulled or announced by Meta."""

    __tablename__ = "wa_template"
    __table_args__ = (UniqueConstraint("name", "language", name="uq_wa_template_name_language"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=512)
    language: str = Field(max_length=16)
    meta_id: str | None = Field(default=None, max_length=64)
    category: str = Field(max_length=32)
    status: str = Field(max_length=32)
    parameter_format: str = Field(default="POSITIONAL", max_length=16)
    components: str = "[]"
    updated_at: datetime


class WaMarketingPreference(SQLModel, table=True):
    """The shopper's latest marketing stop/resume from Meta's `user_preferences`."""

    __tablename__ = "wa_marketing_preference"

    wa_id: str = Field(primary_key=True, max_length=32)
    value: str = Field(max_length=16)
    changed_at: datetime


class WaPhoneQuality(SQLModel, table=True):
    """The latest quality/limit event of the business phone number."""

    __tablename__ = "wa_phone_quality"

    phone: str = Field(primary_key=True, max_length=32)
    event: str = Field(max_length=64)
    current_limit: str | None = Field(default=None, max_length=64)
    updated_at: datetime


class WaRateSecond(SQLModel, table=True):
    """Messages granted in one calendar second (unix epoch); shared by all sender processes."""

    __tablename__ = "wa_rate_second"

    second: int = Field(
        sa_type=BigInteger, primary_key=True, sa_column_kwargs={"autoincrement": False}
    )
    used: int = 0
