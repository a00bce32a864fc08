"""Shopify's product export: rows grouped by Handle, one catalog item per variant.

The first row of a handle carries the product (title, body, vendor…) and its first
variant; further rows carry more variants or just more images. A group is held in
memory only until the next handle starts, so the file still streams.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from catalog import fields as f
from catalog import fiscal
from catalog.formats import Header, RowResult, _Row
from catalog.messages import Problem
from catalog.money import Money
from catalog.product import (
    MAX_BRAND,
    MAX_CATEGORY,
    MAX_DESCRIPTION,
    MAX_ID,
    MAX_LINK,
    MAX_TITLE,
    Availability,
    Product,
)

COLUMNS: dict[str, tuple[str, ...]] = {
    "handle": ("handle",),
    "title": ("title",),
    "body": ("body (html)", "body html", "body"),
    "vendor": ("vendor",),
    "type": ("type", "product category"),
    "published": ("published",),
    "status": ("status",),
    "option1": ("option1 value",),
    "option2": ("option2 value",),
    "option3": ("option3 value",),
    "sku": ("variant sku",),
    "quantity": ("variant inventory qty",),
    "policy": ("variant inventory policy",),
    "price": ("variant price",),
    "compare_at": ("variant compare at price",),
    "image": ("image src",),
    "variant_image": ("variant image",),
    # 54-FZ: our own columns added to the export win; else Shopify's tax code, read as a VAT
    # rate or YooKassa's code (an Avalara code means nothing here and is refused), and its
    # «not taxable» (the export's TRUE/FALSE) as «без НДС».
    "vat_code": ("vat_code", "vat", "ндс", "ставка ндс", "variant tax code", "tax code"),
    "taxable": ("variant taxable", "charge tax"),
    "payment_subject": ("payment_subject", "предмет расчета"),
}
DEFAULT_OPTION = "default title"
T = TypeVar("T")
NO_VAT = fiscal.VAT_RATES["без ндс"]


@dataclass
class _Group:
    handle: str
    first: _Row
    variants: list[_Row] = field(default_factory=list)
    images: list[str] = field(default_factory=list)


def _slug(text: str) -> str:
    return re.sub(r"[^\w]+", "-", text.strip().lower()).strip("-")


def _prices(v: _Row, currency: str) -> tuple[Money | None, Money | None]:
    """(regular, sale): Shopify's compare-at is the regular price, the variant price the offer."""
    price = v.parse("price", lambda s: f.price(s, currency), None)
    offer = v.parse("compare_at", lambda s: f.price(s, currency) if s.strip() else None, None)
    if price and offer and offer.currency == price.currency and offer.amount > price.amount:
        return offer, price
    return price, None


def _availability(quantity: int | None, policy: str) -> Availability:
    if quantity is None or quantity > 0:
        return Availability.IN_STOCK
    # Inventory policy "continue" keeps selling when stock runs out.
    if policy.strip().lower() == "continue":
        return Availability.AVAILABLE_FOR_ORDER
    return Availability.OUT_OF_STOCK


class ShopifyFormat:
    name = "shopify"

    def __init__(self, header: Header, currency: str = "RUB") -> None:
        self.header, self.currency = header, currency
        self.columns = {
            key: pos for key, names in COLUMNS.items() if (pos := header.find(names)) is not None
        }
        self.group: _Group | None = None

    def feed(self, row: int, cells: list[str]) -> Iterator[RowResult]:
        r = _Row(row, cells, self.columns, self.header, {"image": "Image Src"})
        handle = r.get("handle").strip()
        if not handle:
            yield RowResult(row, None, [Problem(row, r.label("handle"), "required")])
            return
        if self.group is None or self.group.handle != handle:
            yield from self.finish()
            self.group = _Group(handle, r)
        if r.get("image").strip():
            self.group.images.append(r.get("image").strip())
        if r.get("price").strip() or r.get("sku").strip() or r.get("option1").strip():
            self.group.variants.append(r)

    def finish(self) -> Iterator[RowResult]:
        group, self.group = self.group, None
        if group is None:
            return
        first = group.first
        shared = {
            "description": first.parse(
                "body", lambda s: f.text(f.html_to_text(s), MAX_DESCRIPTION), ""
            ),
            "brand": first.parse("vendor", lambda s: f.text(s, MAX_BRAND), ""),
            "category": first.parse("type", lambda s: f.text(s, MAX_CATEGORY), ""),
        }
        active = self._active(first)
        if not first.get("title").strip():
            first.problems.append(Problem(first.row, first.label("title"), "required"))
        for variant in group.variants:
            yield self._variant(group, variant, shared, active)

    def _variant(self, group: _Group, v: _Row, shared: dict[str, str], active: bool) -> RowResult:
        options = [v.get(k).strip() for k in ("option1", "option2", "option3")]
        options = [o for o in options if o and o.lower() != DEFAULT_OPTION]
        title = group.first.get("title").strip()
        full_title = f"{title} — {' / '.join(options)}" if options else title
        fallback_id = "-".join([group.handle, *(_slug(o) for o in options)])
        price, sale = _prices(v, self.currency)
        quantity = v.parse("quantity", lambda s: f.quantity(s, clamp_negative=True), None)
        product = Product(
            retailer_id=v.parse("sku", lambda s: f.text(s or fallback_id, MAX_ID), ""),
            title=v.parse("title", lambda _s: f.text(full_title, MAX_TITLE), ""),
            price=price or f.price("1", self.currency),
            sale_price=sale,
            availability=_availability(quantity, v.get("policy")),
            quantity=quantity,
            item_group_id=group.handle[:MAX_ID] if len(group.variants) > 1 else "",
            image_link=self._image(group, v, shown=active),
            active=active,
            description=shared["description"],
            brand=shared["brand"],
            category=shared["category"],
            vat_code=self._vat_code(group, v),
            payment_subject=self._own_or_first(
                group, v, "payment_subject", f.payment_subject, None
            ),
        )
        inherited = [
            Problem(v.row, p.column, p.code, p.params)
            for p in group.first.problems
            if v is not group.first
        ]
        problems = v.problems + inherited
        rid = product.retailer_id or (v.get("sku").strip() or fallback_id)
        return RowResult(v.row, None if problems else product, problems, rid)

    def _vat_code(self, group: _Group, v: _Row) -> int | None:
        """The VAT cell's code; else «без НДС» for a variant Shopify charges no tax on; else
        None, the shop's default."""
        code = self._own_or_first(group, v, "vat_code", f.vat_code, None)
        if code is None and not self._own_or_first(group, v, "taxable", f.flag, True):
            return NO_VAT
        return code

    @staticmethod
    def _own_or_first(
        group: _Group, v: _Row, key: str, parser: Callable[[str], T], fallback: T
    ) -> T:
        """The variant's own cell, else its product's (first row's), parsed. A bad cell of the
        first row is reported there, and every variant inherits that report."""
        if v.get(key).strip() or v is group.first:
            return v.parse(key, parser, fallback)
        try:
            return parser(group.first.get(key))
        except f.FieldError:
            return fallback

    def _image(self, group: _Group, v: _Row, *, shown: bool) -> str:
        chosen = v.get("variant_image").strip() or (group.images[0] if group.images else "")
        try:
            return f.image(chosen, MAX_LINK, shown=shown)
        except f.FieldError as exc:
            label = v.label("variant_image" if v.get("variant_image").strip() else "image")
            v.problems.append(Problem(v.row, label, exc.code, exc.params))
            return ""

    def _active(self, first: _Row) -> bool:
        if "status" in self.columns:
            return first.get("status").strip().lower() in ("", "active")
        return first.parse("published", f.flag, True)
