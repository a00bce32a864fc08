"""Many rows in one INSERT (`shop.storage.bulk`): conflicting rows left out of the answer,
values stored as SQLAlchemy stores them, one statement per batch on PostgreSQL and within
SQLite's parameter limit there."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from shop.storage.bulk import SQLITE_PARAMETERS, BulkInsert
from shop.storage.db import Database
from shop.whatsapp.tables import WaTemplate

MOSCOW = timezone(timedelta(hours=3))
AT = datetime(2026, 12, 5, 6, 30, 15, 123456, tzinfo=MOSCOW)
COLUMNS = ("name", "language", "category", "status", "parameter_format", "components", "updated_at")
ROWS = BulkInsert(
    WaTemplate.__table__,  # type: ignore[attr-defined]
    COLUMNS,
    unique=["name", "language"],
    returning=["id", "name"],
)


def row(i: int) -> dict[str, Any]:
    return {
        "name": f"t{i}",
        "language": "ru",
        "category": "MARKETING",
        "status": "APPROVED",
        "parameter_format": "POSITIONAL",
        "components": f'[{{"n": {i}}}]',
        "updated_at": AT + timedelta(seconds=i),
    }


@pytest.fixture
def inserts() -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, sql: str, *_rest: Any) -> None:
        if sql.startswith("INSERT INTO wa_template"):
            seen.append(sql)

    event.listen(Engine, "before_cursor_execute", record)
    yield seen
    event.remove(Engine, "before_cursor_execute", record)


async def test_a_batch_answers_the_rows_it_inserted_and_leaves_conflicts_out(
    db: Database, inserts: list[str]
) -> None:
    async with db.transaction() as session:
        [earlier] = await ROWS.rows(session, [row(0)])
    inserts.clear()
    async with db.transaction() as session:
        inserted = await ROWS.rows(session, [row(i) for i in range(250)])
        assert await ROWS.rows(session, []) == []

    assert sorted(r["name"] for r in inserted) == sorted(f"t{i}" for i in range(1, 250))
    assert len({r["id"] for r in inserted} | {earlier["id"]}) == 250
    if db.is_sqlite:  # 250 rows of 7 values: 142 rows a statement
        assert len(inserts) == -(-250 // (SQLITE_PARAMETERS // len(COLUMNS))) == 2
    else:
        assert len(inserts) == 1
        assert "unnest(" in inserts[0]
    tail = "ON CONFLICT (name, language) DO NOTHING RETURNING id, name"
    assert all(tail in sql for sql in inserts)


async def test_values_are_stored_as_sqlalchemy_stores_them(db: Database) -> None:
    async with db.transaction() as session:
        await ROWS.rows(session, [row(1), row(2)])
    async with db.sessions() as session:
        stored = (await session.exec(select(WaTemplate).order_by(col(WaTemplate.id)))).all()
    second = stored[1]
    assert (second.name, second.components, second.status) == ("t2", '[{"n": 2}]', "APPROVED")
    assert second.updated_at == AT + timedelta(seconds=2)
    assert second.updated_at.utcoffset() == timedelta(0)
    assert second.meta_id is None
