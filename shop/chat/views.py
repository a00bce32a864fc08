"""Read-only values the conversation decides on: catalog view, cart and merchant settings."""

from __future__ import annotations

import bisect
from collections.abc import Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from catalog.money import Money
from shop.chat.faq import Entry as FaqEntry
from shop.chat.search import SearchDoc, SearchIndex, closest
from shop.promo.rules import Verdict
from shop.texts import Locale


@dataclass(frozen=True, slots=True)  # a large catalog holds 100,000 of them
class ProductView:
    retailer_id: str
    title: str
    price: Money
    category_id: str
    category_title: str
    brand: str = ""
    stock: int | None = None  # None: the merchant does not count stock
    active: bool = True  # the merchant sells it, whatever is left of it
    synced: bool = True
    out_of_stock: bool = False  # marked so by the merchant, whatever the count says

    @property
    def sold_out(self) -> bool:
        """Sold, but none left: the shopper is told so and offered similar products."""
        return self.active and (self.out_of_stock or (self.stock is not None and self.stock <= 0))

    @property
    def offerable(self) -> bool:
        """Only active, synced, in-stock products are offered to shoppers."""
        return self.active and self.synced and not self.sold_out


@dataclass(frozen=True)
class CategoryView:
    id: str
    title: str
    count: int


@dataclass(frozen=True)
class ProductPage:
    items: tuple[ProductView, ...]
    total: int


@dataclass(frozen=True)
class SearchResult:
    products: tuple[ProductView, ...]
    suggestions: tuple[CategoryView, ...] = ()
    # Sold-out products that match the query better than anything in stock: the shopper
    # asked for them, so the answer says they are sold out instead of "nothing found".
    sold_out: tuple[ProductView, ...] = ()


class CatalogView(Protocol):
    """What the conversation may read of the catalog; browsing returns offerable products only."""

    def categories(self) -> Sequence[CategoryView]: ...

    def category(self, category_id: str) -> CategoryView | None: ...

    def products_in(self, category_id: str, offset: int, limit: int) -> ProductPage: ...

    def search(self, query: str, limit: int) -> SearchResult: ...

    def product(self, retailer_id: str) -> ProductView | None:
        """Any known product, offerable or not (the native cart needs to tell them apart)."""
        ...

    def thumbnail(self) -> str | None: ...


class MemoryCatalog:
    """A CatalogView over products held in memory, with its search index built once."""

    def __init__(self, products: Iterable[ProductView]) -> None:
        for _ in self._build(products):
            pass

    @classmethod
    def in_steps(cls, products: Iterable[ProductView]) -> Iterator[MemoryCatalog | None]:
        """Build in slices (None between them, the catalog at the end), for an event loop."""
        catalog = cls.__new__(cls)
        yield from catalog._build(products)
        yield catalog

    def _build(self, products: Iterable[ProductView]) -> Generator[None, None, None]:
        # The products in the table's order, and each one's place in it.
        self._products = list({p.retailer_id: p for p in products}.values())
        self._number = {p.retailer_id: n for n, p in enumerate(self._products)}
        yield None
        self._arrange()
        yield None
        # One index of every product the merchant sells, offerable or sold out: a sale or a
        # sync changes which of them a search keeps (`patch`), not the index.
        self._index = yield from _index_of(_doc(p) for p in self._products if p.active)

    def _arrange(self) -> None:
        """The offerable products by category, in the table's order, and the categories."""
        by_category: dict[str, list[ProductView]] = {}
        for p in self._products:
            if p.offerable:
                by_category.setdefault(p.category_id, []).append(p)
        self._by_category = by_category
        self._list_categories()

    def _list_categories(self) -> None:
        self._categories = {
            cid: CategoryView(cid, items[0].category_title, len(items))
            for cid, items in sorted(
                self._by_category.items(), key=lambda kv: kv[1][0].category_title
            )
        }

    def patch(self, changed: Iterable[ProductView]) -> int:
        """Take changes of stock and of sync (never of title, brand, category or `active`,
        which the index holds): products a sale sold out or a sync made offerable move in or
        out of their category. Returns how many products changed. Synchronous: a turn sees
        the catalog before or after, never halfway."""
        count, moved = 0, False
        for new in changed:
            number = self._number.get(new.retailer_id)
            if number is None or self._products[number] == new:
                continue
            old, self._products[number] = self._products[number], new
            count += 1
            if old.offerable != new.offerable:
                moved = True
                self._move(old, new)
            elif new.offerable:  # the same place, the new stock
                items = self._by_category[new.category_id]
                items[self._position(items, new)] = new
        if moved:
            self._list_categories()
        return count

    def _position(self, items: list[ProductView], product: ProductView) -> int:
        return bisect.bisect_left(items, self._rank(product), key=self._rank)

    def _rank(self, product: ProductView) -> int:
        return self._number[product.retailer_id]

    def _move(self, old: ProductView, new: ProductView) -> None:
        if new.offerable:
            items = self._by_category.setdefault(new.category_id, [])
            items.insert(self._position(items, new), new)
            return
        items = self._by_category[old.category_id]
        del items[self._position(items, old)]
        if not items:
            del self._by_category[old.category_id]

    def categories(self) -> Sequence[CategoryView]:
        return tuple(self._categories.values())

    def category(self, category_id: str) -> CategoryView | None:
        return self._categories.get(category_id)

    def products_in(self, category_id: str, offset: int, limit: int) -> ProductPage:
        items = self._by_category.get(category_id, [])
        return ProductPage(tuple(items[offset : offset + limit]), len(items))

    def _of(self, retailer_id: str) -> ProductView:
        """A product the catalog holds (a hit of its own index)."""
        return self._products[self._number[retailer_id]]

    def _offerable(self, doc: int) -> bool:
        return self._of(self._index.ids[doc]).offerable

    def _sold_out(self, doc: int) -> bool:
        return self._of(self._index.ids[doc]).sold_out

    def search(self, query: str, limit: int) -> SearchResult:
        hits = self._index.search(query, limit, keep=self._offerable)
        best = hits[0].matched if hits else 0
        gone = tuple(
            self._of(h.id)
            for h in self._index.search(query, SOLD_OUT_HITS, keep=self._sold_out)
            if h.matched > best
        )
        if hits or gone:
            return SearchResult(tuple(self._of(h.id) for h in hits), sold_out=gone)
        titles = {c.title: c for c in self._categories.values()}
        return SearchResult((), tuple(titles[name] for name in closest(query, titles)))

    def product(self, retailer_id: str) -> ProductView | None:
        number = self._number.get(retailer_id)
        return None if number is None else self._products[number]

    def thumbnail(self) -> str | None:
        first = min(
            (items[0] for items in self._by_category.values()), key=self._rank, default=None
        )
        return first.retailer_id if first is not None else None


SOLD_OUT_HITS = 3


def _index_of(docs: Iterable[SearchDoc]) -> Generator[None, None, SearchIndex]:
    for index in SearchIndex.build_in_steps(docs):
        if index is None:
            yield None
        else:
            return index
    raise AssertionError("build_in_steps ends with the index")


def _doc(p: ProductView) -> SearchDoc:
    return SearchDoc(p.retailer_id, p.title, p.brand, p.category_title)


@dataclass(frozen=True)
class CartLine:
    retailer_id: str
    title: str
    quantity: int
    unit_price: Money

    @property
    def total(self) -> Money:
        return self.unit_price.times(self.quantity)


@dataclass(frozen=True)
class Cart:
    lines: tuple[CartLine, ...] = ()

    @property
    def count(self) -> int:
        return sum(line.quantity for line in self.lines)

    def total(self, currency: str) -> Money:
        """In the shop's currency (an empty cart has no other to tell it)."""
        amount = Money(amount=0, currency=currency)
        for line in self.lines:
            amount = amount + line.total
        return amount

    def line(self, retailer_id: str) -> CartLine | None:
        return next((ln for ln in self.lines if ln.retailer_id == retailer_id), None)


class DeliveryKind(StrEnum):
    PICKUP = "pickup"
    COURIER = "courier"


@dataclass(frozen=True)
class DeliveryZone:
    """A part of a courier option's area with its own price (inside the ring road, beyond)."""

    id: str
    title: str
    price: Money
    free_from: Money | None = None


ZONE_SEP = "~"  # an option in a zone is "<option id>~<zone id>"


@dataclass(frozen=True)
class DeliveryOption:
    id: str
    kind: DeliveryKind
    title: str
    price: Money
    # Free when the goods cost at least this much; None: always at `price`.
    free_from: Money | None = None
    # A courier option with zones is chosen in one of them, at the zone's price.
    zones: tuple[DeliveryZone, ...] = ()

    def price_for(self, goods: Money) -> Money:
        """What delivery costs with these goods."""
        if self.free_from is not None and goods.amount >= self.free_from.amount:
            return Money(amount=Decimal(0), currency=self.price.currency)
        return self.price

    def in_zone(self, zone: DeliveryZone) -> DeliveryOption:
        """This option delivered to `zone`: its own id, the zone in its title, the zone's price."""
        return DeliveryOption(
            f"{self.id}{ZONE_SEP}{zone.id}",
            self.kind,
            f"{self.title}: {zone.title}",
            zone.price,
            zone.free_from,
        )


def find_option(options: Sequence[DeliveryOption], option_id: str | None) -> DeliveryOption | None:
    """The option of this id, or the option in one of its zones ("<option>~<zone>")."""
    base, _, zone_id = (option_id or "").partition(ZONE_SEP)
    option = next((o for o in options if o.id == base), None)
    if option is None or not zone_id:
        return option
    zone = next((z for z in option.zones if z.id == zone_id), None)
    return None if zone is None else option.in_zone(zone)


@dataclass(frozen=True)
class PickupPoint:
    id: str
    title: str
    address: str
    lat: Decimal
    lon: Decimal
    hours: str = ""
    # The pickup option it belongs to; "" when it serves every pickup option.
    option: str = ""


@dataclass(frozen=True)
class SettingsView:
    """Merchant-configured facts the conversation needs."""

    locale: Locale = "ru"
    # The languages the shop offers (its languages settings); Russian is always one.
    languages: tuple[Locale, ...] = ("ru", "en")
    currency: str = "RUB"
    delivery_options: tuple[DeliveryOption, ...] = ()
    pickup_points: tuple[PickupPoint, ...] = field(default=())
    max_quantity: int = 99
    # The Meta catalog product messages show; "" when none is set (they cannot be sent then).
    catalog_id: str = ""
    # The verdict on a promo code the shopper just typed at the summary (read before deciding).
    promo: Verdict | None = None
    # The tax settings the checkout follows (shop/taxes/settings.py): receipts by e-mail only
    # (YooKassa's own), and paying on delivery offered.
    email_only: bool = False
    pay_on_delivery: bool = False
    # The merchant's FAQ (shop/chat/faq.py), matched before a free text is searched.
    faq: tuple[FaqEntry, ...] = ()
