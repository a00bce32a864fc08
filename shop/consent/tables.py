"""Consent history: every grant, withdrawal and resume is a row; nothing is overwritten."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel


class ConsentRecord(SQLModel, table=True):
    __tablename__ = "consent_event"
    __table_args__ = (Index("ix_consent_event_shopper", "shopper", "purpose", "occurred_at"),)

    id: int | None = Field(default=None, primary_key=True)
    shopper: str = Field(max_length=32)
    purpose: str = Field(default="marketing", max_length=32)
    kind: str = Field(max_length=16)
    source: str = Field(max_length=32)  # the kind (ConsentSource)
    # An offline source in the merchant's own words ("QR-код на кассе, Тверская 1").
    source_text: str | None = Field(default=None, max_length=200)
    occurred_at: datetime
    recorded_at: datetime
    note: str | None = Field(default=None, max_length=500)
