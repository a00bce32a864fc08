"""Nudges: reminder claims, and the cart columns the scheduler's due query uses.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_str = sqlmodel.sql.sqltypes.AutoString
_ts = sqlmodel.sql.sqltypes.UTCDateTime
_DUE = sa.text("nudge_check_at IS NOT NULL")


def upgrade() -> None:
    with op.batch_alter_table("shop_cart") as batch:
        batch.add_column(sa.Column("lines_count", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(
            sa.Column("total_minor", sa.BigInteger(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("nudge_check_at", _ts(), nullable=True))
    with op.batch_alter_table("shop_cart") as batch:
        batch.alter_column("lines_count", server_default=None)
        batch.alter_column("total_minor", server_default=None)
    op.create_index(
        "ix_shop_cart_nudge_due",
        "shop_cart",
        ["nudge_check_at"],
        sqlite_where=_DUE,
        postgresql_where=_DUE,
    )
    op.create_table(
        "nudge_send",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cart_id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.Integer(), nullable=False),
        sa.Column("wa_id", _str(length=32), nullable=False),
        sa.Column("episode_at", _ts(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("template", _str(length=512), nullable=False),
        sa.Column("promo_code", _str(length=64), nullable=True),
        sa.Column("status", _str(length=16), nullable=False),
        sa.Column("reason", _str(length=200), nullable=True),
        sa.Column("outbox_id", sa.Integer(), nullable=True),
        sa.Column("cart_total_minor", sa.BigInteger(), nullable=False),
        sa.Column("claimed_at", _ts(), nullable=False),
        sa.Column("clicked_at", _ts(), nullable=True),
        sa.ForeignKeyConstraint(["cart_id"], ["shop_cart.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("cart_id", "episode_at", "step", name="uq_nudge_send_claim"),
    )
    op.create_index("ix_nudge_send_shopper", "nudge_send", ["wa_id", "claimed_at"])
    op.create_index("ix_nudge_send_claimed", "nudge_send", ["claimed_at"])


def downgrade() -> None:
    op.drop_index("ix_nudge_send_claimed", table_name="nudge_send")
    op.drop_index("ix_nudge_send_shopper", table_name="nudge_send")
    op.drop_table("nudge_send")
    op.drop_index("ix_shop_cart_nudge_due", table_name="shop_cart")
    with op.batch_alter_table("shop_cart") as batch:
        batch.drop_column("nudge_check_at")
        batch.drop_column("total_minor")
        batch.drop_column("lines_count")
