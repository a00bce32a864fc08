"""An import's writes, counted: the file is read once, and each unit of work is one upsert
statement (PostgreSQL: one array per column through `unnest`, 500 rows a unit or more;
SQLite: the driver's executemany, a unit per parsed chunk of 100) that stores exactly what
the rows say, receipt codes included."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from catalog.importing import ImportRequest, run_import
from catalog.repository import PRODUCTS
from shop.clock import utcnow
from shop.storage.db import Database


class Counted(io.BytesIO):
    """A file that counts the bytes read from it."""

    read_bytes = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.read_bytes += len(data)
        return data


def catalog(rows: int, *, vat: bool) -> bytes:
    head = "id,title,price,image_link" + (",vat_code,payment_subject\n" if vat else "\n")
    lines = [
        f"P{n},Товар {n},{100 + n}.{n % 100:02d},https://i.example/{n}.jpg"
        + (f",{1 + n % 4},commodity\n" if vat else "\n")
        for n in range(rows)
    ]
    return (head + "".join(lines)).encode()


async def imported(db: Database, data: bytes) -> Counted:
    source = Counted(data)
    report = await run_import(
        db, source, ImportRequest(file_name="c.csv", actor="test"), now=utcnow
    )
    assert report.exit_code == 0, report.as_json()["errors"][:3]
    return source


async def stored(db: Database) -> dict[str, Any]:
    async with db.engine.connect() as conn:
        rows = (await conn.execute(select(PRODUCTS))).mappings().all()
    return {r["retailer_id"]: r for r in rows}


async def test_the_file_is_read_once_and_each_chunk_is_one_upsert(
    db: Database, statements: list[tuple[str, bool]]
) -> None:
    data = catalog(250, vat=False)
    source = await imported(db, data)
    assert source.read_bytes == len(data)  # parsed once: checked rows are spooled, not re-read
    upserts = [(sql, many) for sql, many in statements if "INTO catalog_product" in sql]
    if db.is_sqlite:  # a unit of work per parsed chunk: 100 + 100 + 50 rows
        assert len(upserts) == 3
        assert all(many for _, many in upserts)
    else:  # units of 500 rows or more: one, and one statement for it
        assert len(upserts) == 1
        assert all("unnest(" in sql and not many for sql, many in upserts)
    products = await stored(db)
    assert len(products) == 250
    assert products["P7"]["price_amount"] == Decimal("107.07")
    assert products["P7"]["title"] == "Товар 7"
    assert products["P7"]["updated_at"].utcoffset() is not None


async def test_receipt_codes_are_stored_and_a_file_without_them_clears_them(db: Database) -> None:
    await imported(db, catalog(3, vat=True))
    coded = await stored(db)
    assert [(coded[f"P{n}"]["vat_code"], coded[f"P{n}"]["payment_subject"]) for n in range(3)] == [
        (1, "commodity"),
        (2, "commodity"),
        (3, "commodity"),
    ]
    await imported(db, catalog(3, vat=False))  # the file no longer names them: shop defaults
    plain = await stored(db)
    assert {(p["vat_code"], p["payment_subject"]) for p in plain.values()} == {(None, None)}
    assert plain["P2"]["created_at"] == coded["P2"]["created_at"]  # updated, not replaced
