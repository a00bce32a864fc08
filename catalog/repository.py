"""Catalog storage with SQLAlchemy Core: chunked upserts, hash lookups, import records."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Table, select, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection

from catalog.money import Money
from catalog.product import Availability, Condition, Product
from catalog.tables import SHOWN_COLUMNS, CatalogImport, CatalogProduct

PRODUCTS: Table = CatalogProduct.__table__  # type: ignore[attr-defined]
IMPORTS: Table = CatalogImport.__table__  # type: ignore[attr-defined]
CHUNK = 1000
T = TypeVar("T")
# Columns an import writes; sync columns belong to the sync alone.
CONTENT = (*SHOWN_COLUMNS, "active", "vat_code", "payment_subject", "content_hash", "updated_at")


def product_row(product: Product, content_hash: str, now: datetime) -> dict[str, Any]:
    return {
        "retailer_id": product.retailer_id,
        "title": product.title,
        "description": product.description,
        "price_amount": product.price.amount,
        "price_currency": product.price.currency,
        "sale_amount": product.sale_price.amount if product.sale_price else None,
        "availability": product.availability.value,
        "condition": product.condition.value,
        "quantity": product.quantity,
        "brand": product.brand,
        "category": product.category,
        "item_group_id": product.item_group_id,
        "image_link": product.image_link,
        "link": product.link,
        "active": product.active,
        "content_hash": content_hash,
        "created_at": now,
        "updated_at": now,
        **_fiscal(product),
    }


def _fiscal(product: Product) -> dict[str, Any]:
    """The receipt codes, only when the product has any: a row without them writes NULL
    through the upsert's `excluded`, and the common catalog without them keeps the import's
    statement (and its memory) as it was."""
    if product.vat_code is None and product.payment_subject is None:
        return {}
    return {"vat_code": product.vat_code, "payment_subject": product.payment_subject}


def product_of(row: Any) -> Product:
    currency = row.price_currency
    return Product(
        retailer_id=row.retailer_id,
        title=row.title,
        description=row.description,
        price=Money(amount=row.price_amount, currency=currency),
        sale_price=Money(amount=row.sale_amount, currency=currency)
        if row.sale_amount is not None
        else None,
        availability=Availability(row.availability),
        condition=Condition(row.condition),
        quantity=row.quantity,
        brand=row.brand,
        category=row.category,
        item_group_id=row.item_group_id,
        image_link=row.image_link,
        link=row.link,
        active=row.active,
        vat_code=getattr(row, "vat_code", None),
        payment_subject=getattr(row, "payment_subject", None),
    )


def _chunks(items: Sequence[T], size: int = CHUNK) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


async def current_state(
    conn: AsyncConnection, retailer_ids: Sequence[str]
) -> dict[str, tuple[str, bool]]:
    """(content_hash, active) of those ids that exist already."""
    query = select(PRODUCTS.c.retailer_id, PRODUCTS.c.content_hash, PRODUCTS.c.active).where(
        PRODUCTS.c.retailer_id.in_(retailer_ids)
    )
    return {r.retailer_id: (r.content_hash, r.active) for r in await conn.execute(query)}


# Every column an import row may carry (`product_row`), in the order PostgreSQL's arrays go.
ROW_COLUMNS = (
    "retailer_id",
    *(c for c in CONTENT if c not in ("updated_at",)),
    "created_at",
    "updated_at",
)


class _PgUpsert:
    """PostgreSQL's upsert of a chunk as one statement: one array per column through
    `unnest`, instead of SQLAlchemy's executemany, which binds each row's every value in
    Python and has the server run (and plan) the INSERT once per row. A row without receipt
    codes sends NULL for them, as the executemany's `excluded` did."""

    def __init__(self, dialect: Dialect) -> None:
        columns = [PRODUCTS.c[name] for name in ROW_COLUMNS]
        self.processors = [c.type.dialect_impl(dialect).bind_processor(dialect) for c in columns]
        arrays = ", ".join(
            f"${i}::{c.type.compile(dialect)}[]" for i, c in enumerate(columns, start=1)
        )
        updates = ", ".join(f"{name} = excluded.{name}" for name in CONTENT)
        self.sql = (
            f"INSERT INTO {PRODUCTS.name} ({', '.join(ROW_COLUMNS)}) SELECT * FROM unnest({arrays})"
            f" ON CONFLICT (retailer_id) DO UPDATE SET {updates}"
        )

    async def execute(self, conn: AsyncConnection, rows: Sequence[dict[str, Any]]) -> None:
        arrays = []
        for name, processor in zip(ROW_COLUMNS, self.processors, strict=True):
            values = [row.get(name) for row in rows]
            if processor is not None:
                values = [None if v is None else processor(v) for v in values]
            arrays.append(values)
        await conn.exec_driver_sql(self.sql, tuple(arrays))


@functools.lru_cache(maxsize=8)
def _pg_upsert(dialect: Dialect) -> _PgUpsert:
    return _PgUpsert(dialect)


async def upsert(conn: AsyncConnection, rows: Sequence[dict[str, Any]]) -> None:
    """Insert new products, overwrite the content of existing ones; one statement per chunk."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        upsert_chunk = _pg_upsert(conn.dialect)
        for chunk in _chunks(rows):
            await upsert_chunk.execute(conn, chunk)
        return
    dialect = sqlite
    stmt = dialect.insert(PRODUCTS)
    stmt = stmt.on_conflict_do_update(
        index_elements=[PRODUCTS.c.retailer_id],
        set_={name: stmt.excluded[name] for name in CONTENT},
    )
    for chunk in _chunks(rows):
        # One executemany needs one set of keys: rows with receipt codes go apart.
        plain = [row for row in chunk if "vat_code" not in row]
        coded = [row for row in chunk if "vat_code" in row]
        for part in (plain, coded):
            if part:
                await conn.execute(stmt, part)


async def active_ids_after(conn: AsyncConnection, after: str, limit: int) -> list[str]:
    """The next active ids in id order: a full import walks them a page at a time."""
    query = (
        select(PRODUCTS.c.retailer_id)
        .where(PRODUCTS.c.active.is_(True), PRODUCTS.c.retailer_id > after)
        .order_by(PRODUCTS.c.retailer_id)
        .limit(limit)
    )
    return list((await conn.execute(query)).scalars())


async def deactivate(conn: AsyncConnection, retailer_ids: Sequence[str], now: datetime) -> None:
    """Hide these products (rows stay, for history and sync)."""
    for chunk in _chunks(retailer_ids):
        await conn.execute(
            update(PRODUCTS)
            .where(PRODUCTS.c.retailer_id.in_(chunk), PRODUCTS.c.active.is_(True))
            .values(active=False, updated_at=now)
        )


async def insert_import(conn: AsyncConnection, values: dict[str, Any]) -> int:
    result = await conn.execute(IMPORTS.insert().values(**values).returning(IMPORTS.c.id))
    return int(result.scalar_one())


async def update_import(conn: AsyncConnection, import_id: int, values: dict[str, Any]) -> None:
    await conn.execute(update(IMPORTS).where(IMPORTS.c.id == import_id).values(**values))
