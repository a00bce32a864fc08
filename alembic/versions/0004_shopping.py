"""Shopping: chats' conversation state, carts per chat, orders and order lines.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_str = sqlmodel.sql.sqltypes.AutoString
_ts = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "shop_chat",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("business", _str(length=64), nullable=False),
        sa.Column("wa_id", _str(length=32), nullable=False),
        sa.Column("name", _str(length=200), nullable=True),
        sa.Column("locale", _str(length=8), nullable=False),
        sa.Column("state", _str(length=32), nullable=False),
        sa.Column("context", _str(length=4000), nullable=False),
        sa.Column("operator_requested_at", _ts(), nullable=True),
        sa.Column("last_inbound_at", _ts(), nullable=True),
        sa.Column("updated_at", _ts(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("business", "wa_id", name="uq_shop_chat_business_wa_id"),
    )
    op.create_table(
        "shop_cart",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("currency", _str(length=3), nullable=False),
        sa.Column("changed_at", _ts(), nullable=False),
        sa.ForeignKeyConstraint(["chat_id"], ["shop_chat.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chat_id", name="uq_shop_cart_chat"),
    )
    op.create_table(
        "shop_cart_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cart_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("retailer_id", _str(length=100), nullable=False),
        sa.Column("title", _str(length=200), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price_minor", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["cart_id"], ["shop_cart.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("cart_id", "retailer_id", name="uq_shop_cart_line_product"),
    )
    op.create_table(
        "shop_order",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", _str(length=16), nullable=True),
        sa.Column("token", _str(length=64), nullable=False),
        sa.Column("chat_id", sa.Integer(), nullable=False),
        sa.Column("wa_id", _str(length=32), nullable=False),
        sa.Column("status", _str(length=24), nullable=False),
        sa.Column("currency", _str(length=3), nullable=False),
        sa.Column("goods_minor", sa.BigInteger(), nullable=False),
        sa.Column("delivery_minor", sa.BigInteger(), nullable=False),
        sa.Column("total_minor", sa.BigInteger(), nullable=False),
        sa.Column("delivery_option", _str(length=64), nullable=False),
        sa.Column("delivery_kind", _str(length=16), nullable=False),
        sa.Column("delivery_title", _str(length=200), nullable=False),
        sa.Column("pickup_point", _str(length=64), nullable=True),
        sa.Column("address", _str(length=500), nullable=True),
        sa.Column("latitude", _str(length=32), nullable=True),
        sa.Column("longitude", _str(length=32), nullable=True),
        sa.Column("contact_email", _str(length=254), nullable=True),
        sa.Column("cart_version", sa.Integer(), nullable=False),
        sa.Column("created_at", _ts(), nullable=False),
        sa.Column("expires_at", _ts(), nullable=False),
        sa.Column("paid_at", _ts(), nullable=True),
        sa.Column("canceled_at", _ts(), nullable=True),
        sa.Column("cancel_reason", _str(length=200), nullable=True),
        sa.Column("review_reason", _str(length=300), nullable=True),
        sa.ForeignKeyConstraint(["chat_id"], ["shop_chat.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number", name="uq_shop_order_number"),
        sa.UniqueConstraint("token", name="uq_shop_order_token"),
        sa.UniqueConstraint("chat_id", "cart_version", name="uq_shop_order_cart_version"),
    )
    op.create_index("ix_shop_order_chat", "shop_order", ["chat_id", "created_at"])
    op.create_index("ix_shop_order_status", "shop_order", ["status", "created_at"])
    op.create_table(
        "shop_order_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("retailer_id", _str(length=100), nullable=False),
        sa.Column("title", _str(length=200), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price_minor", sa.BigInteger(), nullable=False),
        sa.Column("reserved", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["shop_order.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_shop_order_line_order", "shop_order_line", ["order_id", "position"])


def downgrade() -> None:
    op.drop_index("ix_shop_order_line_order", table_name="shop_order_line")
    op.drop_table("shop_order_line")
    op.drop_index("ix_shop_order_status", table_name="shop_order")
    op.drop_index("ix_shop_order_chat", table_name="shop_order")
    op.drop_table("shop_order")
    op.drop_table("shop_cart_line")
    op.drop_table("shop_cart")
    op.drop_table("shop_chat")
