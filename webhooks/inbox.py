"""Group commit: many concurrent webhook requests share one transaction into the inbox.

Each request hands its rows to the writer and awaits a future; one writer task drains the
queue, inserts everything it found in one transaction with one statement
(`webhooks.batch_insert`; duplicates ignored by the unique `dedup_key`), commits, and only
then resolves the futures. So a 200 means "committed", while the database sees one fsync
per batch instead of one per request.

Neighbours never fail each other: when a shared commit fails, each request is committed
alone, and a request whose rows cannot be written even alone stores its `fallback` (the
signed body as a dead letter, made only then: hashing and decoding every body for a
fallback nearly never used cost a few percent of the intake) instead. Only a request that
stores nothing at all fails.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from webhooks.batch_insert import InboxBatchInsert
from webhooks.tables import WaDeadLetter

log = logging.getLogger(__name__)

Row = dict[str, Any]
# Makes the dead letter a request keeps when its rows cannot be stored (only then).
Fallback = Callable[[], Row]


@dataclass
class _Pending:
    rows: Sequence[Row]
    dead: Sequence[Row]
    fallback: Fallback | None
    done: asyncio.Future[None] = field(repr=False)

    @property
    def size(self) -> int:
        return len(self.rows) + len(self.dead)


class GroupCommitWriter:
    """Writes inbox rows and dead letters in shared transactions; see the module docstring."""

    def __init__(
        self,
        engine: AsyncEngine,
        *,
        begin: Callable[[], AbstractAsyncContextManager[AsyncConnection]],
        max_batch: int = 2000,
        on_commit: Callable[[int], None] | None = None,
    ) -> None:
        self.engine = engine
        # How a batch's transaction is opened: the application's unit of work, so on SQLite
        # the writer takes turns with the other writers (the engine alone only reads there).
        self.begin = begin
        self.max_batch = max_batch
        self.on_commit = on_commit
        self._queue: asyncio.Queue[_Pending] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self._insert = InboxBatchInsert(engine.dialect)
        self.batches = 0

    async def write(
        self, rows: Sequence[Row], dead: Sequence[Row] = (), *, fallback: Fallback | None = None
    ) -> None:
        """Return once `rows` and `dead` (or, if those cannot be written, the dead letter
        `fallback()` makes) are committed; raise if nothing could be."""
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="inbox-group-commit")
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait(_Pending(rows, dead, fallback, done))
        await done

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        while not self._queue.empty():
            pending = self._queue.get_nowait()
            if not pending.done.done():
                pending.done.set_exception(RuntimeError("inbox writer closed"))

    async def _run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            size = batch[0].size
            while size < self.max_batch and not self._queue.empty():
                pending = self._queue.get_nowait()
                batch.append(pending)
                size += pending.size
            try:
                await self._commit(batch)
            except asyncio.CancelledError:
                self._fail(batch, RuntimeError("inbox writer stopped"))
                raise
            except Exception as exc:
                log.warning(
                    "inbox commit failed; request by request",
                    extra={"requests": len(batch), "error": type(exc).__name__},
                )
                try:
                    await self._alone(batch, exc)
                except asyncio.CancelledError:
                    self._fail(batch, RuntimeError("inbox writer stopped"))
                    raise
            else:
                for pending in batch:
                    if not pending.done.done():
                        pending.done.set_result(None)
            if self.on_commit is not None:
                self.on_commit(size)

    async def _alone(self, batch: list[_Pending], error: Exception) -> None:
        """Each request of a failed batch on its own, then its fallback dead letter."""
        for pending in batch:
            attempts: list[_Pending | Fallback] = [pending] if len(batch) > 1 else []
            if pending.fallback is not None:
                attempts.append(pending.fallback)
            for attempt in attempts:
                if not isinstance(attempt, _Pending):  # the dead letter, made only now
                    attempt = _Pending((), [attempt()], None, pending.done)
                try:
                    await self._commit([attempt])
                except Exception as exc:
                    error = exc
                    continue
                if attempt is not pending:
                    log.warning(
                        "webhook body kept as a dead letter", extra={"error": type(error).__name__}
                    )
                if not pending.done.done():
                    pending.done.set_result(None)
                break
            else:
                log.error("inbox commit failed", extra={"error": type(error).__name__})
                self._fail([pending], error)

    async def _commit(self, batch: list[_Pending]) -> None:
        rows = [row for pending in batch for row in pending.rows]
        dead = [row for pending in batch for row in pending.dead]
        async with self.begin() as conn:
            await self._insert.execute(conn, rows)
            if dead:
                await conn.execute(insert(WaDeadLetter.__table__), dead)  # type: ignore[attr-defined]
        self.batches += 1

    @staticmethod
    def _fail(batch: list[_Pending], exc: BaseException) -> None:
        for pending in batch:
            if not pending.done.done():
                pending.done.set_exception(exc)
