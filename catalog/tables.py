"""Catalog tables: products with their sync state, import records and sync batches."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class CatalogProduct(SQLModel, table=True):
    """One catalog item; `content_hash` is what it is now, `synced_hash` what WhatsApp holds."""

    __tablename__ = "catalog_product"
    __table_args__ = (UniqueConstraint("retailer_id", name="uq_catalog_product_retailer_id"),)

    id: int | None = Field(default=None, primary_key=True)
    retailer_id: str = Field(max_length=100)
    title: str = Field(max_length=200)
    description: str = Field(default="", max_length=9999)
    price_amount: Decimal = Field(max_digits=12, decimal_places=2)
    price_currency: str = Field(default="RUB", max_length=3)
    sale_amount: Decimal | None = Field(default=None, max_digits=12, decimal_places=2)
    availability: str = Field(max_length=32)
    condition: str = Field(max_length=16)
    quantity: int | None = None
    brand: str = Field(default="", max_length=100)
    category: str = Field(default="", max_length=750)
    item_group_id: str = Field(default="", max_length=100)
    image_link: str = Field(default="", max_length=2000)
    link: str = Field(default="", max_length=2000)
    active: bool = True
    content_hash: str = Field(max_length=32)
    created_at: datetime
    updated_at: datetime
    # "deleted" once a DELETE for it was confirmed; NULL while WhatsApp never had it.
    synced_hash: str | None = Field(default=None, max_length=32)
    synced_at: datetime | None = None
    sync_error: str | None = Field(default=None, max_length=2000)
    sync_error_hash: str | None = Field(default=None, max_length=32)


class CatalogImport(SQLModel, table=True):
    """Every import: who, when, which file, what came of it."""

    __tablename__ = "catalog_import"
    __table_args__ = (Index("ix_catalog_import_started_at", "started_at"),)

    id: int | None = Field(default=None, primary_key=True)
    actor: str = Field(max_length=100)
    file_name: str = Field(max_length=255)
    checksum: str = Field(default="", max_length=64)
    size_bytes: int = 0
    format: str = Field(default="", max_length=16)
    mode: str = Field(max_length=8)
    dry_run: bool = False
    import_valid: bool = False
    status: str = Field(max_length=16)
    applied: bool = False
    rows: int = 0
    imported: int = 0
    rejected: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    problem: str | None = Field(default=None, max_length=2000)
    errors_json: str = Field(default="[]", sa_type=Text)
    started_at: datetime
    finished_at: datetime | None = None


class CatalogSyncBatch(SQLModel, table=True):
    """One items_batch call: persisted with its items before sending, so a sync can resume."""

    __tablename__ = "catalog_sync_batch"
    __table_args__ = (Index("ix_catalog_sync_batch_status", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    catalog_id: str = Field(max_length=64)
    status: str = Field(max_length=16)
    handle: str | None = Field(default=None, max_length=200)
    item_count: int = 0
    error_count: int = 0
    created_at: datetime
    sent_at: datetime | None = None
    finished_at: datetime | None = None


class CatalogSyncItem(SQLModel, table=True):
    """Which product a batch carries, with the hash it sent (or "deleted")."""

    __tablename__ = "catalog_sync_item"

    batch_id: int = Field(primary_key=True, foreign_key="catalog_sync_batch.id", ondelete="CASCADE")
    retailer_id: str = Field(primary_key=True, max_length=100)
    method: str = Field(max_length=8)
    sent_hash: str = Field(max_length=32)
