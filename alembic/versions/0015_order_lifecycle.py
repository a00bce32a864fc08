"""The order's path after payment: its events, the news told to the shopper, tracking on the
order, the unpaid-order reminder's mark and the shopper's own page link.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_str = sqlmodel.sql.sqltypes.AutoString
_ts = sqlmodel.sql.sqltypes.UTCDateTime
_ORDER_COLUMNS = (
    ("carrier", _str(length=64)),
    ("tracking_number", _str(length=64)),
    ("tracking_url", _str(length=500)),
    ("status_changed_at", _ts()),
    ("unpaid_reminded_at", _ts()),
)


def upgrade() -> None:
    with op.batch_alter_table("shop_order") as batch:
        for name, type_ in _ORDER_COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=True))
    op.create_table(
        "order_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("at", _ts(), nullable=False),
        sa.Column("from_status", _str(length=24), nullable=False),
        sa.Column("to_status", _str(length=24), nullable=False),
        sa.Column("actor_kind", _str(length=16), nullable=False),
        sa.Column("actor", _str(length=64), nullable=False),
        sa.Column("reason", _str(length=500), nullable=True),
        sa.Column("detail", _str(length=500), nullable=True),
        sa.ForeignKeyConstraint(["order_id"], ["shop_order.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_order_event_order", "order_event", ["order_id", "at"])
    op.create_table(
        "order_news",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("kind", _str(length=32), nullable=False),
        sa.Column("key", _str(length=128), nullable=False),
        sa.Column("state", _str(length=16), nullable=False),
        sa.Column("channel", _str(length=16), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=True),
        sa.Column("reason", _str(length=200), nullable=True),
        sa.Column("created_at", _ts(), nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["shop_order.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key", name="uq_order_news_key"),
    )
    op.create_index("ix_order_news_state", "order_news", ["state", "created_at"])
    op.create_table(
        "shopper_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.Integer(), nullable=False),
        sa.Column("token", _str(length=64), nullable=False),
        sa.Column("created_at", _ts(), nullable=False),
        sa.ForeignKeyConstraint(["chat_id"], ["shop_chat.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chat_id", name="uq_shopper_link_chat"),
        sa.UniqueConstraint("token", name="uq_shopper_link_token"),
    )


def downgrade() -> None:
    op.drop_table("shopper_link")
    op.drop_index("ix_order_news_state", table_name="order_news")
    op.drop_table("order_news")
    op.drop_index("ix_order_event_order", table_name="order_event")
    op.drop_table("order_event")
    with op.batch_alter_table("shop_order") as batch:
        for name, _type in reversed(_ORDER_COLUMNS):
            batch.drop_column(name)
