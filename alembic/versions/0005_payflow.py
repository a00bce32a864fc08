"""Payflow: payment attempts and refunds of orders.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_str = sqlmodel.sql.sqltypes.AutoString
_ts = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "pay_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("key", _str(length=64), nullable=False),
        sa.Column("provider_id", _str(length=64), nullable=True),
        sa.Column("status", _str(length=24), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", _str(length=3), nullable=False),
        sa.Column("income_minor", sa.BigInteger(), nullable=True),
        sa.Column("refunded_minor", sa.BigInteger(), nullable=False),
        sa.Column("confirmation_url", _str(length=2000), nullable=True),
        sa.Column("link_expires_at", _ts(), nullable=True),
        sa.Column("created_at", _ts(), nullable=False),
        sa.Column("updated_at", _ts(), nullable=False),
        sa.Column("captured_at", _ts(), nullable=True),
        sa.Column("cancel_party", _str(length=32), nullable=True),
        sa.Column("cancel_reason", _str(length=64), nullable=True),
        sa.Column("error", _str(length=500), nullable=True),
        sa.Column("test", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["shop_order.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key", name="uq_pay_attempt_key"),
        sa.UniqueConstraint("provider_id", name="uq_pay_attempt_provider_id"),
        sa.UniqueConstraint("order_id", "attempt", name="uq_pay_attempt_order_attempt"),
    )
    op.create_index("ix_pay_attempt_status", "pay_attempt", ["status", "link_expires_at"])
    op.create_table(
        "pay_refund",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("key", _str(length=64), nullable=False),
        sa.Column("request_key", _str(length=100), nullable=True),
        sa.Column("provider_id", _str(length=64), nullable=True),
        sa.Column("status", _str(length=24), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", _str(length=3), nullable=False),
        sa.Column("reason", _str(length=250), nullable=False),
        sa.Column("lines_json", _str(length=20000), nullable=False),
        sa.Column("created_at", _ts(), nullable=False),
        sa.Column("updated_at", _ts(), nullable=False),
        sa.Column("error", _str(length=500), nullable=True),
        sa.ForeignKeyConstraint(["attempt_id"], ["pay_attempt.id"]),
        sa.ForeignKeyConstraint(["order_id"], ["shop_order.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key", name="uq_pay_refund_key"),
        sa.UniqueConstraint("provider_id", name="uq_pay_refund_provider_id"),
        sa.UniqueConstraint("request_key", name="uq_pay_refund_request_key"),
    )
    op.create_index("ix_pay_refund_order", "pay_refund", ["order_id"])


def downgrade() -> None:
    op.drop_index("ix_pay_refund_order", table_name="pay_refund")
    op.drop_table("pay_refund")
    op.drop_index("ix_pay_attempt_status", table_name="pay_attempt")
    op.drop_table("pay_attempt")
