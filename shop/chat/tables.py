"""Chat tables: conversation state per chat and one cart per chat.

Money is stored as integer minor units (kopecks) so both SQLite and PostgreSQL keep it exact.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from shop.clock import utcnow


class ShopChat(SQLModel, table=True):
    """A shopper's conversation with one business number: its step and remembered context."""

    __tablename__ = "shop_chat"
    __table_args__ = (UniqueConstraint("business", "wa_id", name="uq_shop_chat_business_wa_id"),)

    id: int | None = Field(default=None, primary_key=True)
    business: str = Field(max_length=64)
    wa_id: str = Field(max_length=32)
    name: str | None = Field(default=None, max_length=200)
    locale: str = Field(default="ru", max_length=8)
    state: str = Field(default="new", max_length=32)
    # Unbounded: it keeps the last search, which may be a whole 4,096-character message.
    context: str = Field(default="{}")
    operator_requested_at: datetime | None = None
    last_inbound_at: datetime | None = None
    updated_at: datetime = Field(default_factory=utcnow)


class ShopCart(SQLModel, table=True):
    """The one open cart of a chat; `version` increases with every change.

    `nudge_check_at` is when the reminder scheduler should next look at the cart (NULL: never);
    the partial index makes "which carts are due" one index range scan.
    """

    __tablename__ = "shop_cart"
    __table_args__ = (
        UniqueConstraint("chat_id", name="uq_shop_cart_chat"),
        Index(
            "ix_shop_cart_nudge_due",
            "nudge_check_at",
            sqlite_where=text("nudge_check_at IS NOT NULL"),
            postgresql_where=text("nudge_check_at IS NOT NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(foreign_key="shop_chat.id")
    version: int = 0
    currency: str = Field(default="RUB", max_length=3)
    changed_at: datetime = Field(default_factory=utcnow)
    lines_count: int = 0
    total_minor: int = Field(default=0, sa_type=BigInteger)
    nudge_check_at: datetime | None = None


class ShopCartLine(SQLModel, table=True):
    __tablename__ = "shop_cart_line"
    __table_args__ = (UniqueConstraint("cart_id", "retailer_id", name="uq_shop_cart_line_product"),)

    id: int | None = Field(default=None, primary_key=True)
    cart_id: int = Field(sa_column_args=[ForeignKey("shop_cart.id", ondelete="CASCADE")])
    position: int = 0
    retailer_id: str = Field(max_length=100)
    title: str = Field(max_length=200)
    quantity: int
    unit_price_minor: int = Field(sa_type=BigInteger)
