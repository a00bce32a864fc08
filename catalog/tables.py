"""Catalog tables: products with their sync state, import records and sync batches."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import DDL, BigInteger, Index, Text, UniqueConstraint, event
from sqlmodel import Field, SQLModel


class CatalogProduct(SQLModel, table=True):
    """One catalog item; `content_hash` is what it is now, `synced_hash` what WhatsApp holds.

    An import writes `content_hash` as the hash of what WhatsApp shows. Any other change of
    what WhatsApp shows (stock taken by a checkout, given back by a cancel, a price edited by
    hand) gets a fresh random `content_hash` from a trigger (`CHANGE_MARKER_DDL`), so the
    sync sees every change whatever wrote it, and a refused item becomes pending again.
    """

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
    # 54-FZ: YooKassa's vat_code and payment_subject of this product; None: the shop's default.
    vat_code: int | None = None
    payment_subject: str | None = Field(default=None, max_length=40)
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
    # While it runs: rows and bytes read so far (every web process shows the same progress).
    progress_rows: int = 0
    progress_bytes: int = Field(default=0, sa_type=BigInteger)


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


# What WhatsApp shows of a product: a change of any of these columns that does not come with
# a new content_hash (only an import computes one) gets a random one, 32 hex digits.
SHOWN_COLUMNS = (
    "title",
    "description",
    "price_amount",
    "price_currency",
    "sale_amount",
    "availability",
    "condition",
    "quantity",
    "brand",
    "category",
    "item_group_id",
    "image_link",
    "link",
)
CHANGE_MARKER = "catalog_product_changed"
_CHANGED_SQLITE = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in SHOWN_COLUMNS)
_CHANGED_PG = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in SHOWN_COLUMNS)
CHANGE_MARKER_DDL: dict[str, tuple[str, ...]] = {
    "sqlite": (
        f"CREATE TRIGGER {CHANGE_MARKER} AFTER UPDATE OF {', '.join(SHOWN_COLUMNS)} "
        f"ON catalog_product FOR EACH ROW "
        f"WHEN NEW.content_hash = OLD.content_hash AND ({_CHANGED_SQLITE}) BEGIN "
        "UPDATE catalog_product SET content_hash = lower(hex(randomblob(16))) "
        "WHERE id = NEW.id; END",
    ),
    "postgresql": (
        f"CREATE OR REPLACE FUNCTION {CHANGE_MARKER}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN NEW.content_hash := md5(random()::text || clock_timestamp()::text || NEW.id); "
        "RETURN NEW; END $$",
        f"CREATE TRIGGER {CHANGE_MARKER} BEFORE UPDATE ON catalog_product FOR EACH ROW "
        f"WHEN (NEW.content_hash = OLD.content_hash AND ({_CHANGED_PG})) "
        f"EXECUTE FUNCTION {CHANGE_MARKER}()",
    ),
}
for _dialect, _statements in CHANGE_MARKER_DDL.items():
    for _statement in _statements:
        event.listen(
            CatalogProduct.__table__,  # type: ignore[attr-defined]
            "after_create",
            DDL(_statement).execute_if(dialect=_dialect),  # type: ignore[no-untyped-call]
        )
