"""The chat's cached catalog: a large one is rebuilt off the shopper's turn, a small one at once."""

from __future__ import annotations

import io

from catalog.importing import ImportMode, ImportRequest, run_import
from catalog.repository import PRODUCTS
from shop.chat.catalog_view import SLICE_ROWS, CatalogCache
from shop.chat.search import SearchDoc, SearchIndex
from shop.chat.views import MemoryCatalog
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


async def _rename(db: Database, retailer_id: str, title: str) -> None:
    async with db.connection() as conn:
        await conn.execute(
            PRODUCTS.update()
            .where(PRODUCTS.c.retailer_id == retailer_id)
            .values(title=title, updated_at=utcnow())
        )


async def _mark_synced(db: Database, *retailer_ids: str) -> None:
    """What a sync records when Meta accepted the items."""
    async with db.connection() as conn:
        await conn.execute(
            PRODUCTS.update()
            .where(PRODUCTS.c.retailer_id.in_(retailer_ids))
            .values(synced_hash=PRODUCTS.c.content_hash, synced_at=utcnow())
        )


async def _large(
    db: Database, count: int, clock: list[float]
) -> tuple[CatalogCache, MemoryCatalog]:
    cache = CatalogCache(monotonic=lambda: clock[0], read=db.read_connection, inline_limit=10)
    async with db.sessions() as session:
        view = await cache.view(session)
    assert isinstance(view, MemoryCatalog)
    return cache, view


async def _next_view(cache: CatalogCache, db: Database, clock: list[float]) -> MemoryCatalog:
    clock[0] += 60
    async with db.sessions() as session:
        view = await cache.view(session)
    await cache.settled()
    return view


async def test_a_sale_in_a_large_catalog_is_patched_in_the_background(db: Database) -> None:
    await _catalog(db, 30)
    await _mark_synced(db, *(f"P{i}" for i in range(30)))
    clock = [0.0]
    cache, first = await _large(db, 30, clock)
    await _sell(db, "P3")
    clock[0] += 2
    async with db.sessions() as session:
        served = await cache.view(session)
    # The turn that notices the sale is not kept waiting for it.
    assert served is first
    await cache.settled()
    # A sale changes stock only: the view takes it without a rebuild of the whole catalog.
    assert (cache.builds, cache.patches) == (1, 1)
    fresh = await _next_view(cache, db, clock)
    assert fresh is first
    product = fresh.product("P3")
    assert product is not None
    assert product.stock == 4


async def test_a_large_catalog_offers_what_a_sync_confirmed_without_a_rebuild(
    db: Database,
) -> None:
    await _catalog(db, 30)
    clock = [0.0]
    cache, view = await _large(db, 30, clock)
    # Nothing is offered before WhatsApp holds it, and nothing is found.
    assert view.categories() == ()
    assert view.search("кружка 7", 5).products == ()
    await _mark_synced(db, "P7", "P2")
    await _next_view(cache, db, clock)
    assert (cache.builds, cache.patches) == (1, 1)
    [category] = view.categories()
    assert category.count == 2
    page = view.products_in(category.id, 0, 10)
    assert [p.retailer_id for p in page.items] == ["P2", "P7"]  # the table's order
    assert [p.retailer_id for p in view.search("кружка 7", 1).products] == ["P7"]
    await _mark_synced(db, "P5")
    await _next_view(cache, db, clock)
    page = view.products_in(category.id, 0, 10)
    assert [p.retailer_id for p in page.items] == ["P2", "P5", "P7"]
    assert view.thumbnail() == "P2"


async def test_a_product_sold_out_in_a_large_catalog_leaves_its_category(db: Database) -> None:
    await _catalog(db, 30)
    await _mark_synced(db, *(f"P{i}" for i in range(30)))
    clock = [0.0]
    cache, view = await _large(db, 30, clock)
    async with db.connection() as conn:
        await conn.execute(
            PRODUCTS.update().where(PRODUCTS.c.retailer_id == "P4").values(quantity=0)
        )
    await _next_view(cache, db, clock)
    assert cache.patches == 1
    [category] = view.categories()
    assert category.count == 29
    assert view.search("кружка 4", 5).sold_out[0].retailer_id == "P4"
    assert "P4" not in [p.retailer_id for p in view.products_in(category.id, 0, 50).items]


async def test_an_edit_of_a_large_catalog_rebuilds_it(db: Database) -> None:
    await _catalog(db, 30)
    await _mark_synced(db, *(f"P{i}" for i in range(30)))
    clock = [0.0]
    cache, first = await _large(db, 30, clock)
    await _rename(db, "P3", "Чайник 3")
    fresh = await _next_view(cache, db, clock)
    assert (cache.builds, cache.patches) == (2, 0)
    fresh = await _next_view(cache, db, clock)
    assert fresh is not first
    assert [p.retailer_id for p in fresh.search("чайник", 3).products] == ["P3"]


async def test_a_large_catalog_is_read_whole_a_slice_at_a_time(
    db: Database,
) -> None:
    count = 2 * SLICE_ROWS + 7  # two full slices and a short one, each its own read
    await _catalog(db, count)
    clock = [0.0]
    cache = CatalogCache(monotonic=lambda: clock[0], read=db.read_connection, inline_limit=10)
    async with db.sessions() as session:
        await cache.view(session)  # the first view is built in the turn, in one read
    await _rename(db, f"P{count - 1}", "Чайник")
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
    assert last.title == "Чайник"


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
