"""Promo codes: the codes, their redemptions (one per order), and the discount of an order and
of each of its lines.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_str = sqlmodel.sql.sqltypes.AutoString
_ts = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "promo_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", _str(length=32), nullable=False),
        sa.Column("kind", _str(length=16), nullable=False),
        sa.Column("percent", sa.Integer(), nullable=True),
        sa.Column("amount_minor", sa.BigInteger(), nullable=True),
        sa.Column("currency", _str(length=3), nullable=False),
        sa.Column("min_total_minor", sa.BigInteger(), nullable=False),
        sa.Column("starts_at", _ts(), nullable=True),
        sa.Column("ends_at", _ts(), nullable=True),
        sa.Column("total_limit", sa.Integer(), nullable=True),
        sa.Column("per_shopper_limit", sa.Integer(), nullable=True),
        sa.Column("first_order_only", sa.Boolean(), nullable=False),
        sa.Column("wa_id", _str(length=32), nullable=True),
        sa.Column("origin", _str(length=16), nullable=False),
        sa.Column("used_count", sa.Integer(), nullable=False),
        sa.Column("disabled_at", _ts(), nullable=True),
        sa.Column("created_at", _ts(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code", name="uq_promo_code_code"),
    )
    op.create_index("ix_promo_code_created", "promo_code", ["created_at"])
    op.create_table(
        "promo_redemption",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("wa_id", _str(length=32), nullable=False),
        sa.Column("shopper_use", sa.Integer(), nullable=False),
        sa.Column("discount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", _str(length=3), nullable=False),
        sa.Column("redeemed_at", _ts(), nullable=False),
        sa.ForeignKeyConstraint(["code_id"], ["promo_code.id"]),
        sa.ForeignKeyConstraint(["order_id"], ["shop_order.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("order_id", name="uq_promo_redemption_order"),
        sa.UniqueConstraint("code_id", "wa_id", "shopper_use", name="uq_promo_redemption_use"),
    )
    op.create_index("ix_promo_redemption_at", "promo_redemption", ["redeemed_at"])
    for table in ("shop_order", "shop_order_line"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column("discount_minor", sa.BigInteger(), nullable=False, server_default="0")
            )


def downgrade() -> None:
    for table in ("shop_order_line", "shop_order"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("discount_minor")
    op.drop_index("ix_promo_redemption_at", table_name="promo_redemption")
    op.drop_table("promo_redemption")
    op.drop_index("ix_promo_code_created", table_name="promo_code")
    op.drop_table("promo_code")
