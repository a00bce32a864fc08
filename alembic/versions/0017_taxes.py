"""Taxes and receipts: per-product VAT code and payment subject, the payment receipt as sent,
settlement receipts at hand-over, and orders paid on delivery.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_str = sqlmodel.sql.sqltypes.AutoString
_ts = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    # Plain ADD COLUMN on both backends: a batch copy of catalog_product on SQLite would
    # drop its change-marker trigger.
    op.add_column("catalog_product", sa.Column("vat_code", sa.Integer(), nullable=True))
    op.add_column("catalog_product", sa.Column("payment_subject", _str(length=40), nullable=True))
    op.add_column(
        "shop_order",
        sa.Column("payment_method", _str(length=16), nullable=False, server_default="online"),
    )
    op.add_column("pay_attempt", sa.Column("receipt_json", sa.Text(), nullable=True))
    op.create_table(
        "settlement_receipt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("payment_id", _str(length=64), nullable=False),
        sa.Column("key", _str(length=64), nullable=False),
        sa.Column("status", _str(length=16), nullable=False),
        sa.Column("receipt_id", _str(length=64), nullable=True),
        sa.Column("body_json", sa.Text(), nullable=False),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("error", _str(length=500), nullable=True),
        sa.Column("next_try_at", _ts(), nullable=False),
        sa.Column("created_at", _ts(), nullable=False),
        sa.Column("updated_at", _ts(), nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["shop_order.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("order_id", name="uq_settlement_receipt_order"),
        sa.UniqueConstraint("key", name="uq_settlement_receipt_key"),
    )
    op.create_index("ix_settlement_receipt_due", "settlement_receipt", ["status", "next_try_at"])


def downgrade() -> None:
    op.drop_index("ix_settlement_receipt_due", table_name="settlement_receipt")
    op.drop_table("settlement_receipt")
    # ALTER TABLE … DROP COLUMN (SQLite 3.35+) rather than a batch copy, which would drop
    # catalog_product's trigger.
    for table, column in (
        ("pay_attempt", "receipt_json"),
        ("shop_order", "payment_method"),
        ("catalog_product", "payment_subject"),
        ("catalog_product", "vat_code"),
    ):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
