"""Units of work on SQLite take turns in the process instead of in SQLite's sleeping busy loop."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from shop.storage.db import Database, NestedTransaction, WriteOutsideTransaction


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


# One write discipline: writers go through transaction()/connection(); everything else reads.


async def _through_engine(db: Database) -> None:
    async with db.engine.begin() as conn:
        await conn.execute(text("INSERT INTO steps (what) VALUES ('sneaked')"))


async def _through_read_connection(db: Database) -> None:
    async with db.read_connection() as conn:
        await conn.execute(text("INSERT INTO steps (what) VALUES ('sneaked')"))


async def _read_then_write_in_a_session(db: Database) -> None:
    async with db.sessions() as session:
        conn = await session.connection()
        await conn.execute(text("SELECT count(*) FROM steps"))
        await conn.execute(text("INSERT INTO steps (what) VALUES ('sneaked')"))
        await session.commit()


@pytest.mark.parametrize(
    "write", [_through_engine, _through_read_connection, _read_then_write_in_a_session]
)
async def test_a_write_outside_the_discipline_fails_loudly(
    sqlite: Database, write: Callable[[Database], Awaitable[None]]
) -> None:
    with pytest.raises(WriteOutsideTransaction, match="INSERT on a reading connection"):
        await write(sqlite)
    async with sqlite.read_connection() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM steps"))).scalar_one() == 0


async def test_reads_stay_concurrent_with_a_writer(sqlite: Database) -> None:
    async with sqlite.connection() as writer:
        await writer.execute(text("INSERT INTO steps (what) VALUES ('uncommitted')"))
        async with sqlite.read_connection() as reader:  # deferred: no wait for the write lock
            assert (await reader.execute(text("SELECT count(*) FROM steps"))).scalar_one() == 0


async def test_the_busy_timeout_is_the_databases_setting(tmp_path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'busy.db'}", busy_timeout=42.5)
    try:
        async with db.connection() as writer:
            busy = (await writer.execute(text("PRAGMA busy_timeout"))).scalar_one()
        async with db.read_connection() as reader:
            assert (await reader.execute(text("PRAGMA busy_timeout"))).scalar_one() == busy
    finally:
        await db.dispose()
    assert busy == 42500


async def test_reading_connections_keep_a_smaller_page_cache(sqlite: Database) -> None:
    # The page cache is per connection; a pool of readers at the writer's 32 MB each grew
    # the server by ~80 MB after a 100 000-product import, and 4 MB each still by 15–45 MB.
    async with sqlite.connection() as writer:
        writer_cache = (await writer.execute(text("PRAGMA cache_size"))).scalar_one()
    async with sqlite.read_connection() as reader:
        reader_cache = (await reader.execute(text("PRAGMA cache_size"))).scalar_one()
    assert (writer_cache, reader_cache) == (-32000, -1000)


# A unit of work that reads, then writes what it read: a deferred one would fail at once with
# "database is locked" when another process committed in between.
CHILD = """
import asyncio, sys
from sqlalchemy import text
from shop.storage.db import Database

async def main(url, who, count):
    db = Database(url)
    try:
        for _ in range(count):
            async with db.transaction() as session:
                conn = await session.connection()
                last = (await conn.execute(text("SELECT max(n) FROM steps"))).scalar() or 0
                await conn.execute(
                    text("INSERT INTO steps (n, what) VALUES (:n, :w)"), {"n": last + 1, "w": who}
                )
    finally:
        await db.dispose()

asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
"""


async def test_writers_in_other_processes_wait_their_turn(sqlite: Database) -> None:
    count = 40
    async with sqlite.transaction() as session:  # a long unit holds the lock as they start
        children = [
            await asyncio.create_subprocess_exec(
                sys.executable,
                "-c",
                CHILD,
                sqlite.url,
                f"child{k}",
                str(count),
                stderr=asyncio.subprocess.PIPE,
            )
            for k in range(2)
        ]
        await (await session.connection()).execute(text("INSERT INTO steps (what) VALUES ('p')"))
        await asyncio.sleep(0.5)
    await asyncio.gather(*(_step(sqlite, f"parent{k}", []) for k in range(count)))
    errors = [(await child.communicate())[1].decode() for child in children]
    assert [child.returncode for child in children] == [0, 0], errors
    async with sqlite.read_connection() as conn:
        numbers = (await conn.execute(text("SELECT n FROM steps ORDER BY n"))).scalars().all()
    assert numbers == list(range(1, 3 * count + 2))


async def test_a_unit_of_work_inside_another_of_the_same_task_is_refused(sqlite: Database) -> None:
    """It would wait for the outer unit's write lock until the busy timeout."""
    async with sqlite.transaction():
        with pytest.raises(NestedTransaction):
            async with sqlite.connection():
                pass
    await _step(sqlite, "after", [])  # the turn was given back
