"""Units of work on SQLite take turns in the process instead of in SQLite's sleeping busy loop."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text

from shop.storage.db import Database


@pytest.fixture
async def sqlite(tmp_path: Path) -> AsyncIterator[Database]:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'turns.db'}")
    async with db.transaction() as session:
        await (await session.connection()).execute(
            text("CREATE TABLE steps (n INTEGER PRIMARY KEY, what TEXT)")
        )
    yield db
    await db.dispose()


async def _step(db: Database, what: str, log: list[str]) -> None:
    async with db.transaction() as session:
        log.append(f"{what} in")
        await (await session.connection()).execute(
            text("INSERT INTO steps (what) VALUES (:w)"), {"w": what}
        )
        await asyncio.sleep(0.01)  # another unit gets the loop meanwhile
        log.append(f"{what} out")


async def test_units_of_work_of_one_process_take_turns(sqlite: Database) -> None:
    log: list[str] = []
    await asyncio.gather(*(_step(sqlite, f"u{n}", log) for n in range(4)))
    assert log == [f"u{n} {edge}" for n in range(4) for edge in ("in", "out")]


async def test_a_task_started_inside_a_unit_queues_for_its_own_turn(sqlite: Database) -> None:
    log: list[str] = []
    async with sqlite.transaction() as session:
        log.append("parent in")
        child = asyncio.create_task(_step(sqlite, "child", log))
        await asyncio.sleep(0)  # the child asks for its turn now
        later = asyncio.create_task(_step(sqlite, "later", log))
        await (await session.connection()).execute(text("INSERT INTO steps (what) VALUES ('p')"))
        await asyncio.sleep(0.01)
        log.append("parent out")
    await asyncio.gather(child, later)
    assert log == ["parent in", "parent out", "child in", "child out", "later in", "later out"]
