"""The thin write paths, counted: the group commit's signed bodies and the splitter's inbox
rows each go in one INSERT statement per batch on the driver (PostgreSQL's arrays through
`unnest`, SQLite's executemany), deduplication still by the database's unique key, and values
stored as SQLAlchemy stores them."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlmodel import col
from sqlmodel import select as sql_select

from shop.storage.db import Database
from webhooks.batch_insert import InboxBatchInsert
from webhooks.group_commit import GroupCommitWriter
from webhooks.tables import WaInbox, WaIntake

NOW = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)
INBOX = WaInbox.__table__  # type: ignore[attr-defined]
INTAKE = WaIntake.__table__  # type: ignore[attr-defined]


def row(key: str, *, at: datetime = NOW, **extra: Any) -> dict[str, Any]:
    return {
        "dedup_key": key,
        "kind": "status",
        "chat_key": "7999",
        "wamid": extra.get("wamid"),
        "status": extra.get("status"),
        "occurred_at": extra.get("occurred_at"),
        "payload": '{"id":"' + key + '"}',
        "received_at": at,
    }


async def stored(db: Database, table: Any = INBOX) -> int:
    async with db.engine.connect() as conn:
        return int(await conn.scalar(select(func.count()).select_from(table)) or 0)


async def insert_rows(db: Database, rows: list[dict[str, Any]]) -> None:
    """One batch of the splitter's: the rows in one transaction, one statement."""
    async with db.connection() as conn:
        await InboxBatchInsert(db.engine.dialect).execute(conn, rows)


async def _driver_queries(writer: GroupCommitWriter) -> list[str]:
    """The queries PostgreSQL's own connection of the writer sends from now on."""
    sent: list[str] = []
    own = writer._own
    if own is not None and own._conn is not None:
        driver = (await own._conn.get_raw_connection()).driver_connection
        driver.add_query_logger(lambda record: sent.append(record.query))
    return sent


async def test_each_group_commit_is_one_insert_of_the_bodies_as_they_came(
    db: Database, statements: list[tuple[str, bool]]
) -> None:
    writer = GroupCommitWriter(db.engine, begin=db.connection)
    bodies = [b'{"n": %d}' % i for i in range(40)] + [b"\x00not json\xff", b""]
    moments = [NOW + timedelta(milliseconds=i % 3) for i in range(len(bodies))]
    first = 0 if db.is_sqlite else 1  # one alone opens PostgreSQL's connection of the writer
    for body, at in zip(bodies[:first], moments[:first], strict=True):
        await writer.write(body, at)
    sent = await _driver_queries(writer)
    await asyncio.gather(
        *(writer.write(b, at) for b, at in zip(bodies[first:], moments[first:], strict=True))
    )
    await writer.close()

    if db.is_sqlite:  # through the unit of work: SQLAlchemy's events see it
        inserts = [(sql, many) for sql, many in statements if "INTO wa_intake" in sql]
        assert len(inserts) == writer.batches  # one statement per batch, whatever its size
        assert all(many for _, many in inserts)  # the driver's own executemany
    else:  # straight on asyncpg, on the writer's own connection: its query log sees it
        assert not [sql for sql, _ in statements if "INTO wa_intake" in sql]
        inserts = [(sql, False) for sql in sent if "INTO wa_intake" in sql]
        assert len(inserts) == writer.batches - 1  # one statement per batch
        assert all("unnest(" in sql for sql, _ in inserts)  # one set of arrays
    assert writer.batches < len(bodies)  # the requests shared batches
    async with db.engine.connect() as conn:
        kept = (await conn.execute(select(INTAKE.c.body, INTAKE.c.received_at))).all()
    assert sorted(bytes(k.body) for k in kept) == sorted(bodies)  # byte for byte
    assert {k.received_at for k in kept} == set(moments)
    assert all(k.received_at.utcoffset() == timedelta(0) for k in kept)


async def test_a_batch_of_rows_is_one_insert_statement_and_duplicates_are_ignored_by_the_database(
    db: Database, statements: list[tuple[str, bool]]
) -> None:
    await insert_rows(db, [row("s:old:1"), row("s:old:2")])
    # 40 bodies' rows in one batch, 3 each: one row of every body was already stored or is
    # also in another body of the same batch.
    await insert_rows(
        db,
        [
            item
            for i in range(40)
            for item in (
                row(f"s:{i}:a"),
                row(f"s:{i}:b"),
                row("s:old:1" if i % 2 else f"s:{i // 2}:a"),
            )
        ],
    )

    inserts = [(sql, many) for sql, many in statements if sql.startswith("INSERT INTO wa_inbox")]
    assert len(inserts) == 2  # one statement per batch, whatever its size
    assert all("ON CONFLICT (dedup_key) DO NOTHING" in sql for sql, _ in inserts)
    if db.is_sqlite:
        assert all(many for _, many in inserts)  # the driver's own executemany
    else:
        assert all("unnest(" in sql and not many for sql, many in inserts)  # one set of arrays
    assert await stored(db) == 2 + 80


async def test_a_batch_stores_values_as_sqlalchemy_reads_them(db: Database) -> None:
    moscow = timezone(timedelta(hours=3))
    occurred = datetime(2026, 12, 5, 6, 30, 15, 123456, tzinfo=moscow)
    await insert_rows(
        db,
        [
            row("m:w1", wamid="wamid.1", status=None, occurred_at=occurred),
            row("s:w1:read", at=NOW + timedelta(seconds=1), wamid="wamid.1", status="read"),
        ],
    )
    async with db.sessions() as session:
        rows = (await session.exec(sql_select(WaInbox).order_by(col(WaInbox.id)))).all()
    first, second = rows
    assert (first.dedup_key, first.wamid, first.status) == ("m:w1", "wamid.1", None)
    assert first.occurred_at == occurred
    assert first.occurred_at.utcoffset() == timedelta(0)
    assert first.received_at == NOW
    assert first.next_attempt_at == NOW
    assert first.attempts == 0
    assert first.processed_at is None
    assert second.received_at == second.next_attempt_at == NOW + timedelta(seconds=1)
    assert second.attempts == 0
    assert second.status == "read"
    assert second.occurred_at is None


async def test_a_batch_of_only_duplicates_stores_nothing_new(
    db: Database, statements: list[tuple[str, bool]]
) -> None:
    await insert_rows(db, [row("s:x:sent")])
    await insert_rows(db, [row("s:x:sent"), row("s:x:sent")])
    assert await stored(db) == 1
    assert sum(sql.startswith("INSERT INTO wa_inbox") for sql, _ in statements) == 2


async def test_a_lost_connection_of_the_writer_costs_one_answer_at_most(db: Database) -> None:
    """PostgreSQL: the writer's own connection dies (a restart, a proxy's cut). The request
    in flight may be answered 500 (Meta delivers it again); the next one takes a fresh
    connection and is stored."""
    if db.is_sqlite:
        pytest.skip("SQLite: the writer has no connection of its own")
    writer = GroupCommitWriter(db.engine, begin=db.connection)
    await writer.write(b'{"n": 1}', NOW)
    own = writer._own
    assert own is not None
    assert own._conn is not None
    driver = (await own._conn.get_raw_connection()).driver_connection
    pid = driver.get_server_pid()
    async with db.engine.connect() as conn:
        await conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    with contextlib.suppress(Exception):
        await writer.write(b'{"n": 2}', NOW)  # may fail: it was sent on the dead connection
    await writer.write(b'{"n": 3}', NOW)
    await writer.close()
    async with db.engine.connect() as conn:
        kept = set((await conn.execute(select(INTAKE.c.body))).scalars())
    assert {b'{"n": 1}', b'{"n": 3}'} <= {bytes(body) for body in kept}
