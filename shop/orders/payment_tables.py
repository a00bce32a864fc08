"""Payment attempts and refunds of orders, each keyed by an idempotence key stored first."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class PayAttempt(SQLModel, table=True):
    """One YooKassa payment for an order; `status` is `new` until YooKassa answered."""

    __tablename__ = "pay_attempt"
    __table_args__ = (
        UniqueConstraint("key", name="uq_pay_attempt_key"),
        UniqueConstraint("provider_id", name="uq_pay_attempt_provider_id"),
        UniqueConstraint("order_id", "attempt", name="uq_pay_attempt_order_attempt"),
        Index("ix_pay_attempt_status", "status", "link_expires_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="shop_order.id")
    attempt: int
    key: str = Field(max_length=64)
    provider_id: str | None = Field(default=None, max_length=64)
    status: str = Field(max_length=24)
    amount_minor: int = Field(sa_type=BigInteger)
    currency: str = Field(default="RUB", max_length=3)
    income_minor: int | None = Field(default=None, sa_type=BigInteger)
    refunded_minor: int = Field(default=0, sa_type=BigInteger)
    confirmation_url: str | None = Field(default=None, max_length=2000)
    link_expires_at: datetime | None = None
    created_at: datetime
    updated_at: datetime
    captured_at: datetime | None = None
    cancel_party: str | None = Field(default=None, max_length=32)
    cancel_reason: str | None = Field(default=None, max_length=64)
    error: str | None = Field(default=None, max_length=500)
    test: bool = False
    # The 54-FZ receipt sent with this payment (JSON), mirrored by the settlement receipt.
    receipt_json: str | None = Field(default=None, sa_type=Text)


class PayRefund(SQLModel, table=True):
    """A refund of (part of) a succeeded payment."""

    __tablename__ = "pay_refund"
    __table_args__ = (
        UniqueConstraint("key", name="uq_pay_refund_key"),
        UniqueConstraint("provider_id", name="uq_pay_refund_provider_id"),
        UniqueConstraint("request_key", name="uq_pay_refund_request_key"),
        Index("ix_pay_refund_order", "order_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="shop_order.id")
    attempt_id: int = Field(foreign_key="pay_attempt.id")
    key: str = Field(max_length=64)
    request_key: str | None = Field(default=None, max_length=100)
    provider_id: str | None = Field(default=None, max_length=64)
    status: str = Field(max_length=24)
    amount_minor: int = Field(sa_type=BigInteger)
    currency: str = Field(default="RUB", max_length=3)
    reason: str = Field(default="", max_length=250)
    lines_json: str = Field(default="[]", max_length=20000)
    created_at: datetime
    updated_at: datetime
    error: str | None = Field(default=None, max_length=500)
