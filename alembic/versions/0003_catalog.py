"""Catalog: products with sync state, import records, sync batches and their items.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _str(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def _when() -> sqlmodel.sql.sqltypes.UTCDateTime:
    return sqlmodel.sql.sqltypes.UTCDateTime()


def upgrade() -> None:
    op.create_table(
        "catalog_product",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("retailer_id", _str(100), nullable=False),
        sa.Column("title", _str(200), nullable=False),
        sa.Column("description", _str(9999), nullable=False),
        sa.Column("price_amount", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("price_currency", _str(3), nullable=False),
        sa.Column("sale_amount", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("availability", _str(32), nullable=False),
        sa.Column("condition", _str(16), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=True),
        sa.Column("brand", _str(100), nullable=False),
        sa.Column("category", _str(750), nullable=False),
        sa.Column("item_group_id", _str(100), nullable=False),
        sa.Column("image_link", _str(2000), nullable=False),
        sa.Column("link", _str(2000), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("content_hash", _str(32), nullable=False),
        sa.Column("created_at", _when(), nullable=False),
        sa.Column("updated_at", _when(), nullable=False),
        sa.Column("synced_hash", _str(32), nullable=True),
        sa.Column("synced_at", _when(), nullable=True),
        sa.Column("sync_error", _str(2000), nullable=True),
        sa.Column("sync_error_hash", _str(32), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_catalog_product"),
        sa.UniqueConstraint("retailer_id", name="uq_catalog_product_retailer_id"),
    )
    op.create_table(
        "catalog_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor", _str(100), nullable=False),
        sa.Column("file_name", _str(255), nullable=False),
        sa.Column("checksum", _str(64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("format", _str(16), nullable=False),
        sa.Column("mode", _str(8), nullable=False),
        sa.Column("dry_run", sa.Boolean(), nullable=False),
        sa.Column("import_valid", sa.Boolean(), nullable=False),
        sa.Column("status", _str(16), nullable=False),
        sa.Column("applied", sa.Boolean(), nullable=False),
        *(
            sa.Column(name, sa.Integer(), nullable=False)
            for name in (
                "rows",
                "imported",
                "rejected",
                "created",
                "updated",
                "unchanged",
                "deactivated",
            )
        ),
        sa.Column("problem", _str(2000), nullable=True),
        sa.Column("errors_json", sa.Text(), nullable=False),
        sa.Column("started_at", _when(), nullable=False),
        sa.Column("finished_at", _when(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_catalog_import"),
    )
    op.create_index("ix_catalog_import_started_at", "catalog_import", ["started_at"])
    op.create_table(
        "catalog_sync_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("catalog_id", _str(64), nullable=False),
        sa.Column("status", _str(16), nullable=False),
        sa.Column("handle", _str(200), nullable=True),
        sa.Column("item_count", sa.Integer(), nullable=False),
        sa.Column("error_count", sa.Integer(), nullable=False),
        sa.Column("created_at", _when(), nullable=False),
        sa.Column("sent_at", _when(), nullable=True),
        sa.Column("finished_at", _when(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_catalog_sync_batch"),
    )
    op.create_index("ix_catalog_sync_batch_status", "catalog_sync_batch", ["status"])
    op.create_table(
        "catalog_sync_item",
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("retailer_id", _str(100), nullable=False),
        sa.Column("method", _str(8), nullable=False),
        sa.Column("sent_hash", _str(32), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["catalog_sync_batch.id"],
            name="fk_catalog_sync_item_batch_id",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("batch_id", "retailer_id", name="pk_catalog_sync_item"),
    )


def downgrade() -> None:
    op.drop_table("catalog_sync_item")
    op.drop_index("ix_catalog_sync_batch_status", table_name="catalog_sync_batch")
    op.drop_table("catalog_sync_batch")
    op.drop_index("ix_catalog_import_started_at", table_name="catalog_import")
    op.drop_table("catalog_import")
    op.drop_table("catalog_product")
