"""Sync storage with SQLAlchemy Core: the change set, batches and their items, results."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    Table,
    and_,
    bindparam,
    case,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from catalog.repository import PRODUCTS
from catalog.tables import CatalogSyncBatch, CatalogSyncItem

BATCHES: Table = CatalogSyncBatch.__table__  # type: ignore[attr-defined]
ITEMS: Table = CatalogSyncItem.__table__  # type: ignore[attr-defined]
DELETED = "deleted"  # synced_hash once WhatsApp confirmed the item is gone

P = PRODUCTS.c
NEEDS_SYNC = or_(
    and_(P.active.is_(True), or_(P.synced_hash.is_(None), P.synced_hash != P.content_hash)),
    and_(P.active.is_(False), P.synced_hash.is_not(None), P.synced_hash != DELETED),
)
# Meta rejected exactly the content the product has now (or its removal).
_ERROR_HASH = func.coalesce(P.sync_error_hash, "")  # never NULL, so NOT works as expected
HAS_ERROR = and_(
    NEEDS_SYNC,
    or_(
        and_(P.active.is_(True), P.content_hash == _ERROR_HASH),
        and_(P.active.is_(False), _ERROR_HASH == DELETED),
    ),
)
# What a sync sends: every difference except those Meta already refused as they are now.
# A refused item waits until its content changes (any writer gives it a new content_hash)
# or the merchant asks to retry (`retry_errors`); re-sending it unchanged cannot help.
SENDABLE = and_(NEEDS_SYNC, ~HAS_ERROR)
STATES = {
    "synced": ~NEEDS_SYNC,
    "pending": SENDABLE,
    "error": HAS_ERROR,
}


async def change_set(conn: AsyncConnection) -> list[str]:
    """Retailer ids whose WhatsApp copy differs from the database (new, changed, removed)."""
    query = select(P.retailer_id).where(SENDABLE).order_by(P.id)
    return [rid for (rid,) in await conn.execute(query)]


async def count_sendable(conn: AsyncConnection) -> int:
    return int(await conn.scalar(select(func.count()).select_from(PRODUCTS).where(SENDABLE)) or 0)


async def retry_errors(conn: AsyncConnection) -> int:
    """The merchant asks to send refused items again as they are: they become pending."""
    result = await conn.execute(update(PRODUCTS).where(HAS_ERROR).values(sync_error_hash=None))
    return int(result.rowcount or 0)


async def products_by_id(conn: AsyncConnection, ids: Sequence[str]) -> list[Any]:
    return list(await conn.execute(select(PRODUCTS).where(P.retailer_id.in_(ids))))


async def create_batch(
    conn: AsyncConnection, catalog_id: str, items: list[dict[str, str]], now: datetime
) -> int:
    result = await conn.execute(
        BATCHES.insert()
        .values(
            catalog_id=catalog_id,
            status="prepared",
            item_count=len(items),
            error_count=0,
            created_at=now,
        )
        .returning(BATCHES.c.id)
    )
    batch_id = int(result.scalar_one())
    await conn.execute(ITEMS.insert(), [{**item, "batch_id": batch_id} for item in items])
    return batch_id


async def open_batches(conn: AsyncConnection, catalog_id: str) -> list[Any]:
    query = (
        select(BATCHES)
        .where(BATCHES.c.catalog_id == catalog_id, BATCHES.c.status.in_(("prepared", "sent")))
        .order_by(BATCHES.c.id)
    )
    return list(await conn.execute(query))


async def set_batch(conn: AsyncConnection, batch_id: int, **values: Any) -> None:
    await conn.execute(update(BATCHES).where(BATCHES.c.id == batch_id).values(**values))


async def batch_items(conn: AsyncConnection, batch_id: int) -> list[Any]:
    return list(await conn.execute(select(ITEMS).where(ITEMS.c.batch_id == batch_id)))


async def record_results(
    conn: AsyncConnection,
    synced: list[dict[str, Any]],
    failed: list[dict[str, Any]],
    now: datetime,
) -> None:
    """Successes move `synced_hash` forward; failures keep it and remember the refused hash."""
    if synced:
        await conn.execute(
            update(PRODUCTS)
            .where(P.retailer_id == bindparam("rid"))
            .values(
                synced_hash=bindparam("hash"), synced_at=now, sync_error=None, sync_error_hash=None
            ),
            synced,
        )
    if failed:
        await conn.execute(
            update(PRODUCTS)
            .where(P.retailer_id == bindparam("rid"))
            .values(sync_error=bindparam("error"), sync_error_hash=bindparam("hash")),
            failed,
        )


def sync_state(row: Any) -> str:
    """What the merchant sees: synced, pending or error (with Meta's message)."""
    if row.active:
        if row.synced_hash == row.content_hash:
            return "synced"
    elif row.synced_hash in (None, DELETED):
        return "synced"
    expected = row.content_hash if row.active else DELETED
    if row.sync_error_hash == expected:
        return "error"
    return "pending"


def _escaped(term: str) -> str:
    """`term` matched literally by LIKE (its `%`, `_` and `\\` are not wildcards)."""
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def searched(term: str) -> ColumnElement[bool]:
    """A retailer id starting with `term` as typed or upper-case (LIKE 'TERM%', which a
    C-collated index serves), or a title holding it in any case: as typed, lower-case or
    capitalised, since SQLite's LIKE folds only ASCII letters (PostgreSQL's ILIKE folds all).
    The title's part is a scan of the rows left: the listing sorts them all anyway."""
    literal = _escaped(term)
    ids = {f"{v}%" for v in (literal, literal.upper())}
    titles = {f"%{v}%" for v in (literal, literal.lower(), literal.capitalize())}
    return or_(
        *(P.retailer_id.like(pattern, escape="\\") for pattern in sorted(ids)),
        *(P.title.ilike(pattern, escape="\\") for pattern in sorted(titles)),
    )


def _filtered(query: Select[Any], state: str | None, search: str | None) -> Select[Any]:
    if state is not None:
        query = query.where(STATES[state])
    if search:
        query = query.where(searched(search))
    return query


async def list_products(
    conn: AsyncConnection,
    *,
    limit: int,
    offset: int = 0,
    state: str | None = None,
    search: str | None = None,
) -> list[Any]:
    """Products, errors first; `state` keeps only synced, pending or error ones, `search`
    those whose retailer id starts with it or whose title holds it."""
    query = select(PRODUCTS).order_by(case((HAS_ERROR, 0), else_=1), P.id)
    query = _filtered(query, state, search)
    return list(await conn.execute(query.limit(limit).offset(offset)))


async def count_matching(
    conn: AsyncConnection, *, state: str | None = None, search: str | None = None
) -> int:
    query = _filtered(select(func.count()).select_from(PRODUCTS), state, search)
    return int(await conn.scalar(query) or 0)


async def count_products(conn: AsyncConnection) -> dict[str, int]:
    row = (
        await conn.execute(
            select(
                func.count(),
                func.count().filter(P.active.is_(True)),
                func.count().filter(SENDABLE),
                func.count().filter(HAS_ERROR),
            ).select_from(PRODUCTS)
        )
    ).one()
    return dict(zip(("total", "active", "pending", "errors"), map(int, row), strict=True))
