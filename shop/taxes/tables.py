"""Settlement receipts: one per prepaid order, keyed before YooKassa is asked."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class SettlementReceipt(SQLModel, table=True):
    """The `full_payment` receipt that settles an order's prepayment at hand-over.

    `status`: `new` until YooKassa answered (a timeout or 5xx keeps it `new`, and the retry
    reuses `key`), then YooKassa's `pending` / `succeeded` / `canceled`, or `rejected` (4xx).
    `not_needed`: nothing to settle (paid in full at once, or all of it refunded); `unbuilt`:
    the receipt could not be worked out, `error` says why (a person issues it).
    """

    __tablename__ = "settlement_receipt"
    __table_args__ = (
        UniqueConstraint("order_id", name="uq_settlement_receipt_order"),
        UniqueConstraint("key", name="uq_settlement_receipt_key"),
        Index("ix_settlement_receipt_due", "status", "next_try_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="shop_order.id")
    payment_id: str = Field(max_length=64)
    key: str = Field(max_length=64)
    status: str = Field(max_length=16)
    receipt_id: str | None = Field(default=None, max_length=64)
    body_json: str = Field(sa_type=Text)
    tries: int = 0
    error: str | None = Field(default=None, max_length=500)
    next_try_at: datetime
    created_at: datetime
    updated_at: datetime
