"""The Product value every CSV format maps to, its content hash and its Graph API shape."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum

from catalog.money import Money

# Meta's catalog field limits (commerce-platform/catalog/fields).
MAX_ID = 100
MAX_TITLE = 200
MAX_DESCRIPTION = 9999
MAX_BRAND = 100
MAX_CATEGORY = 750
MAX_LINK = 2000
MAX_QUANTITY = 10_000_000


class Availability(StrEnum):
    IN_STOCK = "in stock"
    OUT_OF_STOCK = "out of stock"
    PREORDER = "preorder"
    AVAILABLE_FOR_ORDER = "available for order"
    DISCONTINUED = "discontinued"


class Condition(StrEnum):
    NEW = "new"
    REFURBISHED = "refurbished"
    USED = "used"


@dataclass(frozen=True, slots=True)
class Product:
    """One catalog item as the merchant described it; `retailer_id` is Meta's `id`."""

    retailer_id: str
    title: str
    price: Money
    description: str = ""
    sale_price: Money | None = None
    availability: Availability = Availability.IN_STOCK
    condition: Condition = Condition.NEW
    quantity: int | None = None
    brand: str = ""
    category: str = ""
    item_group_id: str = ""
    image_link: str = ""
    link: str = ""
    active: bool = True
    vat_code: int | None = None  # YooKassa's vat_code; None: the shop's default
    payment_subject: str | None = None  # YooKassa's payment_subject; None: the default

    @property
    def shown_availability(self) -> Availability:
        """Counted stock that ran out shows as out of stock, whatever the file said."""
        sold_out = self.quantity is not None and self.quantity <= 0
        if sold_out and self.availability is Availability.IN_STOCK:
            return Availability.OUT_OF_STOCK
        return self.availability

    def content_hash(self) -> str:
        """What the WhatsApp catalog would show; equal hashes mean nothing to send."""
        parts: tuple[str, ...] = (
            self.retailer_id,
            self.title,
            self.description,
            self.price.graph(),
            self.sale_price.graph() if self.sale_price else "",
            self.availability.value,
            self.condition.value,
            "" if self.quantity is None else str(self.quantity),
            self.brand,
            self.category,
            self.item_group_id,
            self.image_link,
            self.link,
        )
        # Not shown by WhatsApp, but an import rewrites only a changed hash; left out when
        # unset, so products without them keep the hashes they had.
        if self.vat_code is not None or self.payment_subject is not None:
            parts = (*parts, str(self.vat_code or ""), self.payment_subject or "")
        return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()


def graph_item(product: Product, *, default_link: str) -> dict[str, object]:
    """`data` of an items_batch UPDATE request, as Meta expects it (§3.2)."""
    data: dict[str, object] = {
        "id": product.retailer_id,
        "title": product.title,
        # Meta requires a description; the title is the honest fallback.
        "description": product.description or product.title,
        "availability": product.shown_availability.value,
        "condition": product.condition.value,
        "price": product.price.graph(),
        "link": product.link or default_link,
    }
    optional: dict[str, object] = {
        "sale_price": product.sale_price.graph() if product.sale_price else "",
        "image_link": product.image_link,
        "brand": product.brand,
        "product_type": product.category,
        "item_group_id": product.item_group_id,
    }
    data.update({key: value for key, value in optional.items() if value})
    if product.quantity is not None:
        data["quantity_to_sell_on_facebook"] = product.quantity
    return data
