"""The worker's splitter: stored bodies become inbox items in the order they came, exactly
once, with nothing lost when a split fails or crashes."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

import shop.whatsapp.inbox_worker
import webhooks.splitter
from shop.storage.db import Database
from tests.whatsapp.rig import Rig, payload
from webhooks.group_commit import GroupCommitWriter
from webhooks.intake import split
from webhooks.splitter import InboxSplitter
from webhooks.tables import WaDeadLetter, WaInbox, WaIntake

NOW = datetime(2026, 12, 6, 4, 0, tzinfo=UTC)
INBOX = WaInbox.__table__  # type: ignore[attr-defined]
INTAKE = WaIntake.__table__  # type: ignore[attr-defined]
DEAD = WaDeadLetter.__table__  # type: ignore[attr-defined]


def message(n: int, *, sender: str = "79990000001") -> bytes:
    body = json.loads(payload("text.json"))
    item = body["entry"][0]["changes"][0]["value"]["messages"][0]
    item["id"], item["from"] = f"wamid.S{n}", sender
    return json.dumps(body).encode()


def refuse_row(monkeypatch: pytest.MonkeyPatch, dedup_key: str) -> None:
    """The splitter makes the row of `dedup_key` one the database refuses (NOT NULL)."""

    def refusing(body: bytes, now: datetime) -> Any:
        parts = split(body, now)
        for row in parts.rows:
            if row["dedup_key"] == dedup_key:
                row["kind"] = None
        return parts

    monkeypatch.setattr(webhooks.splitter, "split", refusing)


async def store(db: Database, bodies: list[bytes]) -> None:
    """Bodies as the request path stores them, one request after another."""
    writer = GroupCommitWriter(db.engine, begin=db.connection)
    for n, body in enumerate(bodies):
        await writer.write(body, NOW + timedelta(milliseconds=n))
    await writer.close()


async def count(db: Database, table: object) -> int:
    async with db.engine.connect() as conn:
        return int(await conn.scalar(select(func.count()).select_from(table)) or 0)  # type: ignore[arg-type]


async def keys_in_id_order(db: Database) -> list[str]:
    async with db.engine.connect() as conn:
        return list((await conn.execute(select(INBOX.c.dedup_key).order_by(INBOX.c.id))).scalars())


async def test_bodies_are_split_in_the_order_they_came_and_then_deleted(db: Database) -> None:
    bodies = [message(n) for n in range(10)]
    await store(db, [*bodies, bodies[3]])  # Meta's retry of one of them
    splitter = InboxSplitter(db.engine.dialect, begin=db.connection, bodies=3)
    assert await splitter.run_once() == 3  # one batch is `bodies` bodies
    split, more = await splitter.run(batches=100)
    assert (split, more) == (8, False)
    assert await keys_in_id_order(db) == [f"m:wamid.S{n}" for n in range(10)]  # one chat, in order
    assert await count(db, INTAKE) == 0
    async with db.engine.connect() as conn:
        received = (await conn.execute(select(INBOX.c.received_at).order_by(INBOX.c.id))).scalars()
        assert list(received) == [NOW + timedelta(milliseconds=n) for n in range(10)]
    assert await splitter.run_once() == 0


async def test_a_split_that_fails_before_its_commit_loses_and_doubles_nothing(
    db: Database,
) -> None:
    await store(db, [message(n) for n in range(5)] + [b"not json"])

    @asynccontextmanager
    async def crashing() -> AsyncIterator[AsyncConnection]:
        async with db.connection() as conn:
            yield conn
            raise RuntimeError("the process died before the commit")

    with pytest.raises(RuntimeError):
        await InboxSplitter(db.engine.dialect, begin=crashing).run_once()
    assert (await count(db, INBOX), await count(db, DEAD), await count(db, INTAKE)) == (0, 0, 6)
    assert await InboxSplitter(db.engine.dialect, begin=db.connection).run_once() == 6
    assert (await count(db, INBOX), await count(db, DEAD), await count(db, INTAKE)) == (5, 1, 0)


async def test_two_splitters_at_once_split_each_body_once_in_order(database_url: str) -> None:
    """Two processes' splitters: on PostgreSQL they take turns on an advisory lock, on SQLite
    on the single writer; either way each body is split once and a chat keeps its order."""
    first, second = Database(database_url), Database(database_url)
    try:
        await store(first, [message(n, sender=f"7999000000{n % 3}") for n in range(300)])
        splitters = [
            InboxSplitter(db.engine.dialect, begin=db.connection, bodies=7)
            for db in (first, second)
        ]

        async def drain(splitter: InboxSplitter) -> int:
            total = 0
            while (await count(first, INTAKE)) > 0:
                total += await splitter.run_once()
                await asyncio.sleep(0)
            return total

        totals = await asyncio.gather(*(drain(s) for s in splitters))
        assert sum(totals) == 300
        keys = await keys_in_id_order(first)
        assert sorted(keys) == sorted(f"m:wamid.S{n}" for n in range(300))  # each once
        for chat in range(3):
            mine = [int(k.removeprefix("m:wamid.S")) for k in keys]
            mine = [n for n in mine if n % 3 == chat]
            assert mine == sorted(mine)
    finally:
        await first.dispose()
        await second.dispose()


async def test_the_worker_splits_before_it_claims_and_comes_back_while_bodies_wait(
    rig: Rig, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shop.whatsapp.inbox_worker, "SPLITS_PER_ROUND", 1)
    rig.channel.inbox.splitter.bodies = 2
    for n in range(5):
        assert await rig.post_webhook(message(n, sender=f"7999111000{n}")) == 200
    rounds = []
    while handled := await rig.channel.inbox.run_once():
        rounds.append(handled)
    assert sum(rounds) == 5  # every message handled once, over several rounds
    assert len(rounds) == 3  # two bodies split per round: 2 + 2 + 1
    assert await count(rig.services.db, INTAKE) == 0


async def test_a_body_the_database_refuses_holds_up_neither_the_worker_nor_its_neighbours(
    rig: Rig, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Split inside the worker's batch (SQLite) or before it (PostgreSQL), a body whose rows
    the database refuses ends as a dead letter and the other messages are handled."""
    refuse_row(monkeypatch, "m:wamid.S2")
    for n in range(5):
        assert await rig.post_webhook(message(n, sender=f"7999222000{n}")) == 200
    await rig.drain_inbox()  # one drain: no round leaves split items for the next poll
    db = rig.services.db
    assert (await count(db, INTAKE), await count(db, INBOX), await count(db, DEAD)) == (0, 4, 1)
    async with db.engine.connect() as conn:
        handled = select(INBOX.c.dedup_key).where(INBOX.c.processed_at.is_not(None))
        keys = set((await conn.execute(handled)).scalars())
    assert keys == {f"m:wamid.S{n}" for n in (0, 1, 3, 4)}
