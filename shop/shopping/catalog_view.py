"""The conversation's view of the catalog, built from the products table and cached.

Building the search index for a large catalog costs time, so one `MemoryCatalog` serves every
message until the catalog changes; a cheap aggregate query tells when it did.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from catalog.money import Money
from catalog.tables import CatalogProduct
from shop.conversation.views import MemoryCatalog, ProductView

OTHER_CATEGORY = "Другое"
# Availabilities of a product the merchant sells; "out of stock" is sold, with none left.
_SOLD = ("in stock", "available for order", "out of stock")


def category_id(title: str) -> str:
    """A short, stable id for a category title (titles can be long; button ids are not)."""
    return "c" + hashlib.sha1(title.casefold().encode(), usedforsecurity=False).hexdigest()[:10]


def effective_price(product: CatalogProduct) -> Money:
    """What the shopper pays: the sale price when there is one."""
    amount = product.sale_amount if product.sale_amount is not None else product.price_amount
    return Money(amount=amount, currency=product.price_currency)


def product_view(product: CatalogProduct) -> ProductView:
    category = (product.category or "").split(">")[-1].strip() or OTHER_CATEGORY
    return ProductView(
        retailer_id=product.retailer_id,
        title=product.title,
        price=effective_price(product),
        category_id=category_id(category),
        category_title=category,
        brand=product.brand,
        stock=product.quantity,
        active=product.active and product.availability in _SOLD,
        out_of_stock=product.availability == "out of stock",
        synced=product.synced_hash == product.content_hash,
    )


class CatalogCache:
    """One MemoryCatalog per catalog state; rebuilt only when products change.

    The state is checked at most once per `ttl` seconds: a shopper may see a price or stock
    change a second late, which checkout corrects anyway (it re-reads every line).
    """

    def __init__(self, ttl: float = 1.0, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._stamp: tuple[object, ...] | None = None
        self._view = MemoryCatalog(())
        self._checked = -float("inf")
        self.ttl, self._monotonic = ttl, monotonic

    async def view(self, session: AsyncSession) -> MemoryCatalog:
        if self._monotonic() - self._checked < self.ttl:
            return self._view
        stamp = await _stamp(session)
        self._checked = self._monotonic()
        if stamp != self._stamp:
            rows = (await session.exec(select(CatalogProduct))).all()
            self._view = MemoryCatalog(product_view(p) for p in rows)
            self._stamp = stamp
        return self._view


async def _stamp(session: AsyncSession) -> tuple[object, ...]:
    query = select(
        func.count(col(CatalogProduct.id)),
        func.max(col(CatalogProduct.updated_at)),
        func.max(col(CatalogProduct.synced_at)),
        func.sum(col(CatalogProduct.quantity)),
    )
    row = (await session.exec(query)).one()
    return tuple(row)
