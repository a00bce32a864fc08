"""Group commit: many concurrent webhook requests share one transaction into the intake.

Each request hands its signed body to the writer and awaits a future; one writer task drains
the queue, inserts every body it found in one statement (`wa_intake`, one row per request,
the body as it came; `webhooks.batch_insert`), commits, and only then resolves the futures.
So a 200 means "committed", while the database sees one fsync per batch instead of one per
request. Parsing the bodies into inbox items is the worker's (`webhooks.splitter`): the
request path does only what the 200 needs, as Meta asks of a webhook.

Neighbours never fail each other: when a shared commit fails, each request is committed
alone, and only a request that cannot be stored even alone fails (answered 500, so Meta
delivers it again).

On PostgreSQL the batches go through one connection kept for the writer, straight on the
driver (`_OwnConnection`): through SQLAlchemy's unit of work each batch cost a pool
checkout with its ping and a session, about 0.6 ms of CPU, which at full rate is a tenth
of the request path. On SQLite the batch takes its turn with the process's other writers.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from webhooks.batch_insert import IntakeBatchInsert

log = logging.getLogger(__name__)
# A batch ends at this many bodies or bytes, whichever comes first: Meta's bodies reach 3 MB,
# and one transaction should not hold hundreds of them in memory at once.
MAX_BATCH = 2000
MAX_BATCH_BYTES = 16 * 1024 * 1024


@dataclass
class _Pending:
    at: datetime
    body: bytes
    done: asyncio.Future[None] = field(repr=False)


class _OwnConnection:
    """PostgreSQL: one pooled connection kept for the writer, each batch sent on asyncpg
    itself (BEGIN, one prepared INSERT, COMMIT). It counts in the pool's size; after any
    failure it is dropped, and the next batch takes a fresh one."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._conn: AsyncConnection | None = None

    async def execute(self, sql: str, parameters: Sequence[Any]) -> None:
        if self._conn is None:
            self._conn = await self.engine.connect()
        driver = (await self._conn.get_raw_connection()).driver_connection
        if driver is None:  # a connection the pool has let go of
            await self.close()
            raise RuntimeError("the intake's connection is closed")
        try:
            async with driver.transaction():
                await driver.execute(sql, *parameters)
        except BaseException:
            await self.close()
            raise

    async def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                await conn.invalidate()  # never back to the pool in a state nobody knows
            with contextlib.suppress(Exception):
                await conn.close()


class GroupCommitWriter:
    """Stores signed bodies in shared transactions; see the module docstring."""

    def __init__(
        self,
        engine: AsyncEngine,
        *,
        begin: Callable[[], AbstractAsyncContextManager[AsyncConnection]],
        max_batch: int = MAX_BATCH,
        max_bytes: int = MAX_BATCH_BYTES,
        on_commit: Callable[[int], None] | None = None,
    ) -> None:
        self.engine = engine
        # How a batch's transaction is opened: the application's unit of work, so on SQLite
        # the writer takes turns with the other writers (the engine alone only reads there).
        self.begin = begin
        self.max_batch, self.max_bytes = max_batch, max_bytes
        self.on_commit = on_commit
        self._queue: asyncio.Queue[_Pending] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self._insert = IntakeBatchInsert(engine.dialect)
        self._own = _OwnConnection(engine) if engine.dialect.name == "postgresql" else None
        self.batches = 0

    async def write(self, body: bytes, at: datetime) -> None:
        """Return once `body` (received at `at`) is committed; raise if it could not be."""
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="intake-group-commit")
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait(_Pending(at, body, done))
        await done

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._own is not None:
            await self._own.close()
        while not self._queue.empty():
            pending = self._queue.get_nowait()
            if not pending.done.done():
                pending.done.set_exception(RuntimeError("intake writer closed"))

    async def _run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            size = len(batch[0].body)
            while len(batch) < self.max_batch and size < self.max_bytes and not self._queue.empty():
                pending = self._queue.get_nowait()
                batch.append(pending)
                size += len(pending.body)
            try:
                await self._commit(batch)
            except asyncio.CancelledError:
                self._fail(batch, RuntimeError("intake writer stopped"))
                raise
            except Exception as exc:
                log.warning(
                    "intake commit failed; request by request",
                    extra={"requests": len(batch), "error": type(exc).__name__},
                )
                try:
                    await self._alone(batch, exc)
                except asyncio.CancelledError:
                    self._fail(batch, RuntimeError("intake writer stopped"))
                    raise
            else:
                for pending in batch:
                    if not pending.done.done():
                        pending.done.set_result(None)
            if self.on_commit is not None:
                self.on_commit(len(batch))

    async def _alone(self, batch: list[_Pending], error: Exception) -> None:
        """Each request of a failed batch on its own (a batch of one has been tried)."""
        for pending in batch:
            if len(batch) > 1:
                try:
                    await self._commit([pending])
                except Exception as exc:
                    error = exc
                else:
                    if not pending.done.done():
                        pending.done.set_result(None)
                    continue
            log.error("intake commit failed", extra={"error": type(error).__name__})
            self._fail([pending], error)

    async def _commit(self, batch: list[_Pending]) -> None:
        bodies = [(pending.at, pending.body) for pending in batch]
        if self._own is not None:
            await self._own.execute(self._insert.sql, self._insert.parameters(bodies))
        else:
            async with self.begin() as conn:
                await self._insert.execute(conn, bodies)
        self.batches += 1

    @staticmethod
    def _fail(batch: list[_Pending], exc: BaseException) -> None:
        for pending in batch:
            if not pending.done.done():
                pending.done.set_exception(exc)
