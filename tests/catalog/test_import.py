"""Import semantics on a real database: all-or-nothing, import-valid, re-import, modes."""

from __future__ import annotations

import io
import json

from sqlalchemy import select

from catalog.importing import ImportMode, ImportReport, ImportRequest, run_import
from catalog.repository import IMPORTS, PRODUCTS
from shop.clock import utcnow
from shop.storage.db import Database
from tests.catalog.conftest import PAYLOADS


async def _import(
    db: Database, data: bytes | str, name: str = "catalog.csv", **options: object
) -> ImportReport:
    raw = data.encode() if isinstance(data, str) else data
    request = ImportRequest(file_name=name, actor="test", **options)  # type: ignore[arg-type]
    return await run_import(db.engine, io.BytesIO(raw), request, now=utcnow)


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
