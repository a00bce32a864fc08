"""The conversation's view of the catalog, built from the products table and cached.

Building the search index for a large catalog costs time, so one `MemoryCatalog` serves every
message until the catalog changes; a cheap aggregate query tells when it did, and a large
catalog is rebuilt in the background (see `CatalogCache`).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import gc
import hashlib
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from datetime import timedelta
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy import Table, and_, func
from sqlalchemy import select as core_select
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel.ext.asyncio.session import AsyncSession

from catalog.money import Money
from catalog.sync_store import DELETED
from catalog.tables import CatalogProduct
from shop.chat.views import MemoryCatalog, ProductView
from shop.memory import release_memory
from shop.texts import t

log = logging.getLogger(__name__)
# The category of a product the merchant filed under none. It is a category title like the
# merchant's own, so it is in the shop's language whatever the shopper's, and it is data: its
# hash is the category's id in the list rows already sent to shoppers (`category_id`), so
# rewording `products.other` in Russian would leave those rows pointing at no category.
OTHER_CATEGORY = t("products.other", "ru")
# Availabilities of a product the merchant sells; "out of stock" is sold, with none left.
_SOLD = ("in stock", "available for order", "out of stock")


class ProductRow(Protocol):
    """The columns a product's view is made of (a Core row of `_COLUMNS` or the table model)."""

    retailer_id: str
    title: str
    price_amount: Decimal
    sale_amount: Decimal | None
    price_currency: str
    category: str
    brand: str
    quantity: int | None
    active: bool
    availability: str
    synced_hash: str | None


_PRODUCTS: Table = CatalogProduct.__table__  # type: ignore[attr-defined]
_SYNCED = and_(_PRODUCTS.c.synced_hash.is_not(None), _PRODUCTS.c.synced_hash != DELETED).label(
    "synced"
)
_COLUMNS = [
    *(
        _PRODUCTS.c[name]
        for name in (
            "retailer_id",
            "title",
            "price_amount",
            "sale_amount",
            "price_currency",
            "category",
            "brand",
            "quantity",
            "active",
            "availability",
        )
    ),
    # Whether WhatsApp holds the item (any version of it), decided in the database so two
    # 32-character hashes per product never reach Python. Not "holds this very version":
    # every sale gives a product a new content hash (the change marker of catalog sync), and
    # a product must not stop selling until the next sync; checkout re-reads the price.
    _SYNCED,
]
# Rows read and turned into views at a time.
SLICE_ROWS = 250
# CPU a rebuild may take before it lets the event loop run again: each await of a shopper's
# turn (a database round trip, a send) can wait behind one such slice, and a turn has tens.
SLICE_SECONDS = 0.003
# Then it rests as long as it worked (`_Pauses`). Yielding alone (sleep(0)) gave each loop
# pass one slice: every database round trip of a turn waited a slice for its answer, and
# turns of 20 ms took 0.8 s while 100,000 products were indexed. Resting, the loop is idle
# half the time, and a turn's round trips follow each other at their own pace.
REST_SHARE = 1.0
# A rebuild may take at most this share of the time: a 3 s build waits 30 s for the next.
REBUILD_DUTY = 0.1
# A catalog this small is rebuilt in the shopper's turn, so a change shows in the next reply.
INLINE_LIMIT = 5000
Reader = Callable[[], AbstractAsyncContextManager[AsyncConnection]]


@functools.lru_cache(maxsize=4096)
def category_id(title: str) -> str:
    """A short, stable id for a category title (titles can be long; button ids are not)."""
    return "c" + hashlib.sha1(title.casefold().encode(), usedforsecurity=False).hexdigest()[:10]


class _Shared:
    """Equal prices and category titles of one build share one object: 100,000 products
    carry a few thousand distinct prices, and a pydantic Money costs far more than a key."""

    def __init__(self) -> None:
        self.prices: dict[tuple[Decimal, str], Money] = {}
        self.strings: dict[str, str] = {}

    def price(self, amount: Decimal, currency: str) -> Money:
        key = (amount, currency)
        money = self.prices.get(key)
        if money is None:
            money = self.prices[key] = Money(amount=amount, currency=currency)
        return money

    def string(self, value: str) -> str:
        return self.strings.setdefault(value, value)


def effective_price(product: ProductRow, shared: _Shared | None = None) -> Money:
    """What the shopper pays: the sale price when there is one."""
    amount = product.sale_amount if product.sale_amount is not None else product.price_amount
    return (shared or _Shared()).price(amount, product.price_currency)


def product_view(product: ProductRow, shared: _Shared | None = None) -> ProductView:
    return _view_of(
        (
            product.retailer_id,
            product.title,
            product.price_amount,
            product.sale_amount,
            product.price_currency,
            product.category,
            product.brand,
            product.quantity,
            product.active,
            product.availability,
            product.synced_hash not in (None, DELETED),
        ),
        shared or _Shared(),
    )


def _view_of(values: tuple[Any, ...], shared: _Shared) -> ProductView:
    """A view from the values of `_COLUMNS`, unpacked: 100,000 of them are built at once."""
    rid, title, price, sale, currency, category, brand, quantity, active, availability, synced = (
        values
    )
    category = shared.string((category or "").split(">")[-1].strip() or OTHER_CATEGORY)
    return ProductView(
        retailer_id=rid,
        title=title,
        price=shared.price(price if sale is None else sale, currency),
        category_id=category_id(category),
        category_title=category,
        brand=shared.string(brand),
        stock=quantity,
        active=active and availability in _SOLD,
        out_of_stock=availability == "out of stock",
        synced=bool(synced),
    )


class CatalogCache:
    """One MemoryCatalog per catalog state, rebuilt when products change, off the shopper's turn.

    The state is checked at most once per `ttl` seconds. A small catalog is rebuilt in the
    turn that notices the change. A large one (100,000 products take seconds) is rebuilt by
    a background task on its own read connection, in slices that let shoppers' turns run;
    turns meanwhile use the previous view, and the next
    rebuild waits until REBUILD_DUTY of the time has passed: during an import and the sync
    after it, products change all the time. A shopper may see a price or stock change a
    little late, which checkout corrects anyway (it re-reads every line).
    """

    def __init__(
        self,
        ttl: float = 1.0,
        monotonic: Callable[[], float] = time.monotonic,
        *,
        read: Reader | None = None,
        inline_limit: int = INLINE_LIMIT,
    ) -> None:
        self._stamp: tuple[Any, ...] | None = None
        self._view: MemoryCatalog | None = None
        self._checked = -float("inf")
        self._built_at = -float("inf")
        self._build_seconds = 0.0
        self._patched_at = -float("inf")
        self._patch_seconds = 0.0
        self._building: asyncio.Task[None] | None = None
        self.ttl, self._monotonic = ttl, monotonic
        self._read, self.inline_limit = read, inline_limit
        self.builds = 0
        self.patches = 0

    async def view(self, session: AsyncSession) -> MemoryCatalog:
        now = self._monotonic()
        if self._view is not None and now - self._checked < self.ttl:
            return self._view
        stamp = await self._current_stamp(session)
        self._checked = now
        if self._view is None or (stamp != self._stamp and self._inline(stamp)):
            await self._rebuild(_in_session(session), stamp)
        elif stamp != self._stamp and self._read is not None:
            light = _only_stock_or_sync(self._stamp, stamp)
            if self._due(now, light):
                work = self._patch if light else self._rebuild
                self._building = asyncio.create_task(work(self._read, stamp))
                self._building.add_done_callback(_log_failure)
        assert self._view is not None
        return self._view

    async def _current_stamp(self, session: AsyncSession) -> tuple[Any, ...]:
        """The catalog's state. With a reader, on a connection of its own: the scan of a large
        table must not run inside the shopper's unit of work, which holds SQLite's write turn."""
        if self._read is None:
            return tuple((await (await session.connection()).execute(_STAMP)).one())
        async with self._read() as conn:
            return tuple((await conn.execute(_STAMP)).one())

    async def settled(self) -> None:
        """Wait for a rebuild in the background to finish (tests, shutdown)."""
        if self._building is not None:
            await asyncio.shield(self._building)

    def _inline(self, stamp: tuple[Any, ...]) -> bool:
        return self._read is None or int(stamp[0] or 0) <= self.inline_limit

    def _due(self, now: float, light: bool) -> bool:
        if self._building is not None and not self._building.done():
            return False
        if light:
            return now - self._patched_at >= self._patch_seconds / REBUILD_DUTY
        return now - self._built_at >= self._build_seconds / REBUILD_DUTY

    async def _patch(self, read: Reader, stamp: tuple[Any, ...]) -> None:
        """Take what sales and syncs changed (stock, whether WhatsApp holds the product)
        without a rebuild: during a sync of 100,000 products this happens every few seconds,
        and a rebuild would cost seconds of CPU each time. A sync alone is read from its
        marker; a change of stock from the stock of every product, which no marker tells."""
        started = self._monotonic()
        view, old = self._view, self._stamp
        assert view is not None
        assert old is not None
        since = old[2] if stamp[3] == old[3] else None
        changed, pause = [], _Pauses()
        async for rid, quantity, synced in _stock_and_sync(read, since, bool(stamp[3] != old[3])):
            product = view.product(rid)
            if product is None:  # a product came and another went: only a rebuild knows
                await self._rebuild(read, stamp)
                return
            if product.stock != quantity or product.synced != bool(synced):
                changed.append(dataclasses.replace(product, stock=quantity, synced=bool(synced)))
            await pause.now_and_then()
        # In parts, the loop running between them: a turn may see part of a sync's batch
        # offered, as it would had the batch been recorded in parts.
        for start in range(0, len(changed), PATCH_ROWS):
            view.patch(changed[start : start + PATCH_ROWS])
            await pause.now_and_then()
        if len(changed) > PATCH_ROWS:  # the views it replaced are freed: give pages back
            release_memory()
        self._stamp = stamp
        self._patched_at = self._monotonic()
        self._patch_seconds = self._patched_at - started
        self.patches += 1

    async def _rebuild(self, read: Reader, stamp: tuple[Any, ...]) -> None:
        started = self._monotonic()
        views = await _load(read, apart=read is self._read)
        large = len(views) > SLICE_ROWS
        if large:  # the index of a large catalog takes seconds of CPU
            view = await _in_slices(views)
            del views
            # Hundreds of thousands of long-lived objects would make every full collection
            # walk them all (a pause of 100 ms and more); frozen, the collector skips them.
            # They hold no cycles: when the next view replaces this one, they are freed.
            gc.freeze()
        else:
            view = MemoryCatalog(views)
        self._view, self._stamp = view, stamp
        if large:  # the view it replaced is freed now: give its pages back
            release_memory()
        self._built_at = self._monotonic()
        self._build_seconds = self._built_at - started
        self.builds += 1


async def _in_slices(views: list[ProductView]) -> MemoryCatalog:
    """Build on the event loop a slice at a time. Not in a thread: seconds of pure Python
    there would hold the GIL against the loop and the database driver's thread, and every
    reply would wait for it in 5 ms turns."""
    pause = _Pauses()
    for built in MemoryCatalog.in_steps(views):
        if built is not None:
            return built
        await pause.now_and_then()
    raise AssertionError("MemoryCatalog.in_steps ends with the catalog")


class _Pauses:
    """Lets the event loop run once SLICE_SECONDS of work went by since it last did, for
    REST_SHARE of that time: steps of the build are small, and a look at the loop after
    each would cost more than them."""

    def __init__(self) -> None:
        self._since = time.perf_counter()

    async def now_and_then(self) -> None:
        worked = time.perf_counter() - self._since
        if worked >= SLICE_SECONDS:
            await asyncio.sleep(worked * REST_SHARE)
            self._since = time.perf_counter()


def _in_session(session: AsyncSession) -> Reader:
    @contextlib.asynccontextmanager
    async def read() -> AsyncIterator[AsyncConnection]:
        yield await session.connection()

    return read


async def _load(read: Reader, *, apart: bool) -> list[ProductView]:
    """Every product as a view, in the table's order, read a slice at a time.

    `apart`: each slice in a read transaction of its own (on the rebuild's own connection).
    Reading 100,000 products takes seconds, and on SQLite one reader's snapshot that long keeps
    the log from being checkpointed past it while the import commits: in the catalog benchmark
    the slowest replies (2.5 s) came all at once during such a read, and read apart they did
    not (docs/BENCHMARKS.md). A product changed between two slices is read as it is then, and
    the stamp taken before the read makes the next check see the change again.
    """
    shared, views = _Shared(), list[ProductView]()
    async with read() as conn:
        if not apart:
            result = await conn.stream(_ALL.execution_options(yield_per=SLICE_ROWS))
            async for rows in result.partitions():
                views.extend(_view_of(tuple(row)[1:], shared) for row in rows)
                await asyncio.sleep(0)
            return views
        after = None
        while True:
            query = _ALL if after is None else _ALL.where(_PRODUCTS.c.id > after)
            rows = list(await conn.execute(query.limit(SLICE_ROWS)))
            await conn.commit()
            views.extend(_view_of(tuple(row)[1:], shared) for row in rows)
            if len(rows) < SLICE_ROWS:
                return views
            after = rows[-1][0]


def _only_stock_or_sync(old: tuple[Any, ...] | None, new: tuple[Any, ...]) -> bool:
    """Whether only stock or sync moved between two stamps: the products, their content
    (`updated_at` moves with every edit and import) and their number stayed."""
    return old is not None and old[:2] == new[:2]


# A sync records a batch with one timestamp, in one transaction; a batch recorded a little
# earlier than the last one seen (two syncs at once) is read again within this margin.
SYNC_MARGIN = timedelta(minutes=1)
PATCH_ROWS = 2000  # narrow rows read at a time by `_stock_and_sync`


async def _stock_and_sync(
    read: Reader, synced_since: Any, stock_moved: bool
) -> AsyncIterator[tuple[str, int | None, bool]]:
    """(retailer id, stock, synced) of the products synced since the last stamp, or of every
    product when stock moved; a slice at a time, each in a read transaction of its own."""
    query = core_select(_PRODUCTS.c.id, _PRODUCTS.c.retailer_id, _PRODUCTS.c.quantity, _SYNCED)
    if not stock_moved:
        query = query.where(
            _PRODUCTS.c.synced_at.is_not(None)
            if synced_since is None
            else _PRODUCTS.c.synced_at >= synced_since - SYNC_MARGIN
        )
    after = None
    async with read() as conn:
        while True:
            page = query if after is None else query.where(_PRODUCTS.c.id > after)
            rows = list(await conn.execute(page.order_by(_PRODUCTS.c.id).limit(PATCH_ROWS)))
            await conn.commit()
            for _, rid, quantity, synced in rows:
                yield rid, quantity, synced
            if len(rows) < PATCH_ROWS:
                return
            after = rows[-1][0]
            await asyncio.sleep(0)


def _log_failure(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("catalog view rebuild failed: %s", type(task.exception()).__name__)


# The id leads, to read a large catalog a slice after the other (`_load`).
_ALL = core_select(_PRODUCTS.c.id, *_COLUMNS).order_by(_PRODUCTS.c.id)
_STAMP = core_select(
    func.count(_PRODUCTS.c.id),
    func.max(_PRODUCTS.c.updated_at),
    func.max(_PRODUCTS.c.synced_at),
    func.sum(_PRODUCTS.c.quantity),
)
