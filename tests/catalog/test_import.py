"""Import semantics on a real database: all-or-nothing, import-valid, re-import, modes."""

from __future__ import annotations

import asyncio
import io
import json
import tracemalloc

from sqlalchemy import select
from sqlalchemy import text as sql_text

from catalog.importing import (
    MAX_KEPT_ERRORS,
    ImportMode,
    ImportReport,
    ImportRequest,
    run_import,
)
from catalog.repository import IMPORTS, PRODUCTS
from shop.clock import utcnow
from shop.storage.db import Database
from tests.catalog.conftest import PAYLOADS


async def _import(
    db: Database, data: bytes | str, name: str = "catalog.csv", **options: object
) -> ImportReport:
    raw = data.encode() if isinstance(data, str) else data
    request = ImportRequest(file_name=name, actor="test", **options)  # type: ignore[arg-type]
    return await run_import(db, io.BytesIO(raw), request, now=utcnow)


async def _products(db: Database) -> dict[str, dict[str, object]]:
    async with db.engine.connect() as conn:
        rows = (await conn.execute(select(PRODUCTS))).mappings().all()
    return {r["retailer_id"]: dict(r) for r in rows}


def _csv(*rows: str) -> str:
    """A Meta-style file; every row gets a picture (WhatsApp shows none without one)."""
    return "".join(
        [
            "id,title,price,image_link\n",
            *(f"{row},https://i.example/{row.split(',')[0]}.jpg\n" for row in rows),
        ]
    )


FIRST = _csv("A,Чай,100", "B,Кофе,200", "C,Какао,300")


async def test_a_clean_file_is_imported_and_recorded(db: Database) -> None:
    report = await _import(db, FIRST, name="first.csv")
    assert (report.rows, report.imported, report.rejected, report.exit_code) == (3, 3, 0, 0)
    assert report.created == 3
    products = await _products(db)
    assert str(products["B"]["price_amount"]) == "200.00"
    async with db.engine.connect() as conn:
        record = (await conn.execute(select(IMPORTS))).mappings().one()
    assert record["file_name"] == "first.csv"
    assert record["actor"] == "test"
    assert record["status"] == "applied"
    assert len(record["checksum"]) == 64
    assert (record["rows"], record["imported"], record["rejected"]) == (3, 3, 0)
    assert record["finished_at"] is not None


async def test_a_file_with_rejected_rows_changes_nothing_by_default(db: Database) -> None:
    await _import(db, FIRST)
    report = await _import(db, _csv("A,Чай новый,150", "B,Кофе,abc", "D,Новинка,10"))
    assert (report.rows, report.imported, report.rejected, report.exit_code) == (3, 0, 1, 1)
    assert report.applied is False
    assert report.notice is not None
    assert report.as_json()["errors"][0]["row"] == 3
    products = await _products(db)
    assert set(products) == {"A", "B", "C"}
    assert products["A"]["title"] == "Чай"


async def test_import_valid_applies_the_good_rows_and_keeps_rejected_items(db: Database) -> None:
    await _import(db, FIRST)
    report = await _import(
        db, _csv("A,Чай новый,150", "B,Кофе,abc", "D,Новинка,10"), import_valid=True
    )
    assert (report.imported, report.rejected, report.exit_code) == (2, 1, 1)
    products = await _products(db)
    assert products["A"]["title"] == "Чай новый"
    assert products["D"]["active"] is True
    # B was rejected for a typo: a full import must not hide it; C is really gone.
    assert products["B"]["active"] is True
    assert products["C"]["active"] is False
    assert report.deactivated == 1


async def test_reimporting_the_same_file_changes_nothing(db: Database) -> None:
    data = (PAYLOADS / "spreadsheet_cp1251.csv").read_bytes()
    await _import(db, data)
    before = await _products(db)
    report = await _import(db, data)
    assert (report.created, report.updated, report.unchanged, report.deactivated) == (0, 0, 4, 0)
    assert await _products(db) == before


async def test_full_import_deactivates_absent_items_and_partial_only_upserts(db: Database) -> None:
    await _import(db, FIRST)
    partial = await _import(db, _csv("A,Чай,111"), mode=ImportMode.PARTIAL)
    assert (partial.updated, partial.deactivated) == (1, 0)
    assert all(p["active"] for p in (await _products(db)).values())
    full = await _import(db, _csv("A,Чай,111"))
    assert (full.unchanged, full.deactivated) == (1, 2)
    products = await _products(db)
    assert [k for k, p in products.items() if p["active"]] == ["A"]
    back = await _import(db, FIRST)
    assert back.updated == 3  # A's price, and B and C reactivated
    assert all(p["active"] for p in (await _products(db)).values())


async def test_dry_run_reports_everything_and_changes_nothing(db: Database) -> None:
    await _import(db, FIRST)
    before = await _products(db)
    report = await _import(db, _csv("A,Чай,999", "Z,Новый,5"), dry_run=True)
    assert (report.imported, report.created, report.updated, report.deactivated) == (2, 1, 1, 2)
    assert report.applied is False
    assert await _products(db) == before


async def test_an_unreadable_file_is_recorded_with_its_message(db: Database) -> None:
    report = await _import(db, b"\x00\x01\x02binary")
    assert report.exit_code == 2
    body = report.as_json()
    assert body["rows"] == 0
    assert "CSV" in body["errors"][0]["message"]
    async with db.engine.connect() as conn:
        record = (await conn.execute(select(IMPORTS))).mappings().one()
    assert record["status"] == "unreadable"
    assert json.loads(record["errors_json"])[0]["message_en"].startswith("This is not a CSV")


async def test_a_header_without_rows_is_an_empty_file_not_a_wipe(db: Database) -> None:
    await _import(db, FIRST)
    report = await _import(db, "id,title,price\n")
    assert report.exit_code == 2
    assert all(p["active"] for p in (await _products(db)).values())


async def test_every_format_imports(db: Database) -> None:
    for name, count in [
        ("meta_feed.csv", 4),
        ("shopify_export.csv", 5),
        ("spreadsheet_utf8_bom.csv", 4),
    ]:
        report = await _import(db, (PAYLOADS / name).read_bytes(), mode=ImportMode.PARTIAL)
        assert (report.imported, report.exit_code) == (count, 0), name
    products = await _products(db)
    assert len(products) == 13
    assert products["MUG-OLD"]["active"] is False


async def test_a_dry_run_with_rejected_rows_still_counts_every_valid_row(db: Database) -> None:
    await _import(db, FIRST)
    report = await _import(db, _csv("A,Чай,1", "B,Кофе,abc", "Z,Новый,5"), dry_run=True)
    assert (report.imported, report.rejected, report.created, report.updated) == (2, 1, 1, 1)
    assert report.deactivated == 1  # C; B is kept although its row was rejected


async def test_a_rolled_back_import_reports_no_writes(db: Database) -> None:
    report = await _import(db, _csv("A,Чай,1", "B,Кофе,abc"))
    assert (report.created, report.updated, report.unchanged, report.deactivated) == (0, 0, 0, 0)


COUNT_PRODUCTS = sql_text("SELECT count(*) FROM catalog_product")


def _many(count: int, start: int = 0) -> bytes:
    lines = ["id,title,price,quantity,image_link"]
    lines += [
        f"SKU-{i},Товар номер {i},{100 + i % 900},{i % 50},https://shop.example/i/{i}.jpg"
        for i in range(start, start + count)
    ]
    return ("\n".join(lines) + "\n").encode()


async def _peak_bytes(db: Database, data: bytes, **options: object) -> int:
    tracemalloc.start()
    try:
        report = await _import(db, data, **options)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        assert report.rows > 0


async def test_import_memory_does_not_grow_with_the_file(db: Database) -> None:
    # Six times the rows, about the same peak: nothing is kept per row (the ids go to disk,
    # errors are capped, rows pass in chunks). Holding 0.23 KB a row, as imports once did,
    # would add about 1.1 MB to the larger file's peak.
    small = await _peak_bytes(db, _many(1_000))
    large = await _peak_bytes(db, _many(6_000, start=10_000), mode=ImportMode.PARTIAL)
    assert large < small * 1.3, (small, large)


async def test_errors_are_capped_in_memory_and_counted_in_full(db: Database) -> None:
    bad = "id,title,price,image_link\n"
    bad += "".join(f"X{i},Товар,abc,https://i.example/x\n" for i in range(MAX_KEPT_ERRORS + 50))
    report = await _import(db, bad)
    assert report.rejected == MAX_KEPT_ERRORS + 50
    assert len(report.errors) == MAX_KEPT_ERRORS
    assert report.as_json()["errors_total"] == MAX_KEPT_ERRORS + 50


async def test_a_large_import_commits_in_chunks_so_other_writers_go_between(
    db: Database,
) -> None:
    counts: list[int] = []
    done = asyncio.Event()

    async def other_writer() -> None:
        while not done.is_set():
            async with db.transaction() as session:  # a shopper's turn, say
                conn = await session.connection()
                counts.append(
                    int(await conn.scalar(sql_text("SELECT count(*) FROM catalog_product")))
                )
            await asyncio.sleep(0.001)

    writer = asyncio.create_task(other_writer())
    request = ImportRequest(file_name="big.csv", actor="test")
    try:
        report = await run_import(db, io.BytesIO(_many(3_000)), request, now=utcnow)
    finally:
        done.set()
        await writer
    assert report.created == 3_000
    # Other units of work ran between the import's chunks and saw part of it committed; one
    # long transaction would let them see nothing or everything.
    assert any(0 < count < 3_000 for count in counts), counts


async def test_a_file_with_rejected_rows_far_down_writes_nothing_at_all(db: Database) -> None:
    data = _many(2_000) + b"LAST,Tea,abc,1,https://shop.example/i/x.jpg\n"
    report = await _import(db, data)
    assert (report.rejected, report.applied) == (1, False)
    assert await _products(db) == {}


async def test_a_stream_that_cannot_seek_is_imported_all_the_same(db: Database) -> None:
    class OneWay(io.BytesIO):
        def seekable(self) -> bool:
            return False

    request = ImportRequest(file_name="pipe.csv", actor="test")
    report = await run_import(db, OneWay(_many(600)), request, now=utcnow)
    assert (report.created, report.exit_code) == (600, 0)
