"""Order tables: orders placed from carts and their lines.

Money is stored as integer minor units (kopecks) so both SQLite and PostgreSQL keep it exact.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from shop.clock import utcnow


class ShopOrder(SQLModel, table=True):
    """An order placed from a cart; `token` (≥128 random bits) opens the shopper's page."""

    __tablename__ = "shop_order"
    __table_args__ = (
        UniqueConstraint("number", name="uq_shop_order_number"),
        UniqueConstraint("token", name="uq_shop_order_token"),
        UniqueConstraint("chat_id", "cart_version", name="uq_shop_order_cart_version"),
        Index("ix_shop_order_chat", "chat_id", "created_at"),
        Index("ix_shop_order_status", "status", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str | None = Field(default=None, max_length=16)
    token: str = Field(max_length=64)
    chat_id: int = Field(foreign_key="shop_chat.id")
    wa_id: str = Field(max_length=32)
    status: str = Field(max_length=24)
    currency: str = Field(default="RUB", max_length=3)
    goods_minor: int = Field(sa_type=BigInteger)
    delivery_minor: int = Field(sa_type=BigInteger, default=0)
    discount_minor: int = Field(sa_type=BigInteger, default=0)  # a promo code's, off the goods
    total_minor: int = Field(sa_type=BigInteger)
    delivery_option: str = Field(max_length=64)
    delivery_kind: str = Field(max_length=16)
    delivery_title: str = Field(max_length=200)
    pickup_point: str | None = Field(default=None, max_length=64)
    address: str | None = Field(default=None, max_length=500)
    latitude: str | None = Field(default=None, max_length=32)
    longitude: str | None = Field(default=None, max_length=32)
    contact_email: str | None = Field(default=None, max_length=254)
    # "online" (YooKassa, paid before hand-over) or "on_delivery" (cash or card to the courier).
    payment_method: str = Field(default="online", max_length=16)
    cart_version: int = 0
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    paid_at: datetime | None = None
    canceled_at: datetime | None = None
    cancel_reason: str | None = Field(default=None, max_length=200)
    review_reason: str | None = Field(default=None, max_length=300)
    # The order's path after payment (shop/orders/lifecycle.py): where the parcel is, when the
    # status last changed, and when the unpaid-order reminder went.
    carrier: str | None = Field(default=None, max_length=64)
    tracking_number: str | None = Field(default=None, max_length=64)
    tracking_url: str | None = Field(default=None, max_length=500)
    status_changed_at: datetime | None = None
    unpaid_reminded_at: datetime | None = None


class ShopOrderLine(SQLModel, table=True):
    __tablename__ = "shop_order_line"
    __table_args__ = (Index("ix_shop_order_line_order", "order_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(sa_column_args=[ForeignKey("shop_order.id", ondelete="CASCADE")])
    position: int = 0
    retailer_id: str = Field(max_length=100)
    title: str = Field(max_length=200)
    quantity: int
    unit_price_minor: int = Field(sa_type=BigInteger)
    # This line's share of the order's discount (payments/discount.py), for its receipt and refund.
    discount_minor: int = Field(sa_type=BigInteger, default=0)
    reserved: int = 0
