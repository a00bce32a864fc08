"""Foundation tables: settings the merchant changes on the admin pages."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from shop.clock import utcnow


class MerchantSetting(SQLModel, table=True):
    """A setting overridden on the merchant pages; wins over the environment default."""

    __tablename__ = "merchant_setting"

    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(max_length=4000)
    updated_at: datetime = Field(default_factory=utcnow)
