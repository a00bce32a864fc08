"""The chat's cached catalog: a large one is rebuilt off the shopper's turn, a small one at once."""

from __future__ import annotations

import io

from catalog.importing import ImportMode, ImportRequest, run_import
from catalog.repository import PRODUCTS
from shop.chat.catalog_view import SLICE_ROWS, CatalogCache
from shop.chat.search import SearchDoc, SearchIndex
from shop.clock import utcnow
from shop.storage.db import Database


async def _catalog(db: Database, count: int) -> None:
    lines = ["id,title,price,quantity,image_link"]
    lines += [f"P{i},Кружка {i},{100 + i},5,https://shop.example/i/{i}.jpg" for i in range(count)]
    data = ("\n".join(lines) + "\n").encode()
    request = ImportRequest(file_name="c.csv", actor="test", mode=ImportMode.PARTIAL)
    report = await run_import(db, io.BytesIO(data), request, now=utcnow)
    assert report.created == count


async def _sell(db: Database, retailer_id: str) -> None:
    async with db.connection() as conn:
        await conn.execute(
            PRODUCTS.update()
            .where(PRODUCTS.c.retailer_id == retailer_id)
            .values(quantity=PRODUCTS.c.quantity - 1)
        )


async def test_a_large_catalog_changes_are_picked_up_in_the_background(db: Database) -> None:
    await _catalog(db, 30)
    clock = [0.0]
    cache = CatalogCache(monotonic=lambda: clock[0], read=db.read_connection, inline_limit=10)
    async with db.sessions() as session:
        first = await cache.view(session)
    assert cache.builds == 1
    await _sell(db, "P3")
    clock[0] += 2
    async with db.sessions() as session:
        served = await cache.view(session)
    # The turn that notices the sale is not kept waiting for a rebuild of the whole catalog.
    assert served is first
    await cache.settled()
    assert cache.builds == 2
    clock[0] += 2
    async with db.sessions() as session:
        fresh = await cache.view(session)
    assert fresh is not first
    product = fresh.product("P3")
    assert product is not None
    assert product.stock == 4


async def test_a_large_catalog_is_read_whole_a_slice_at_a_time(
    db: Database,
) -> None:
    count = 2 * SLICE_ROWS + 7  # two full slices and a short one, each its own read
    await _catalog(db, count)
    clock = [0.0]
    cache = CatalogCache(monotonic=lambda: clock[0], read=db.read_connection, inline_limit=10)
    async with db.sessions() as session:
        await cache.view(session)  # the first view is built in the turn, in one read
    await _sell(db, f"P{count - 1}")
    clock[0] += 60
    async with db.sessions() as session:
        await cache.view(session)
    await cache.settled()
    assert cache.builds == 2
    clock[0] += 60
    async with db.sessions() as session:
        view = await cache.view(session)
    assert all(view.product(f"P{i}") is not None for i in range(count))
    last = view.product(f"P{count - 1}")
    assert last is not None
    assert last.stock == 4


async def test_an_unchanged_catalog_is_never_rebuilt(db: Database) -> None:
    await _catalog(db, 30)
    clock = [0.0]
    cache = CatalogCache(monotonic=lambda: clock[0], read=db.read_connection, inline_limit=10)
    for _ in range(5):
        clock[0] += 2
        async with db.sessions() as session:
            await cache.view(session)
        await cache.settled()
    assert cache.builds == 1


async def test_a_small_catalog_shows_a_change_in_the_next_turn(db: Database) -> None:
    await _catalog(db, 3)
    clock = [0.0]
    cache = CatalogCache(monotonic=lambda: clock[0], read=db.read_connection)
    async with db.sessions() as session:
        await cache.view(session)
    await _sell(db, "P1")
    clock[0] += 2
    async with db.sessions() as session:
        product = (await cache.view(session)).product("P1")
    assert product is not None
    assert product.stock == 4


async def test_a_product_in_no_category_is_filed_under_other_with_a_stable_id(
    db: Database,
) -> None:
    await _catalog(db, 1)
    async with db.sessions() as session:
        product = (await CatalogCache().view(session)).product("P0")
    assert product is not None
    # The id is in list rows already sent to shoppers: a rewording must not change it unseen.
    assert (product.category_title, product.category_id) == ("Другое", "c723e8f5cb5")


def test_the_index_built_in_steps_is_the_index_built_at_once() -> None:
    docs = [SearchDoc(f"P{i}", f"Кружка синяя {i}", "Vitrina", "Посуда") for i in range(25)]
    steps = list(SearchIndex.build_in_steps(docs, step=4))
    # Other work may run between the slices: at least one per 4 docs and per 4 terms.
    assert steps.count(None) >= 6
    built = steps[-1]
    assert built is not None
    assert built == SearchIndex.build(docs)
    assert [h.id for h in built.search("кружки синие 7", 3)][:1] == ["P7"]
