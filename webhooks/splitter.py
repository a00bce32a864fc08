"""The splitter: turns the intake's signed bodies into inbox items and dead letters.

The request path stores each signed body as it came (`webhooks.group_commit`); this step,
run by the worker before it claims inbox items, reads the oldest bodies in id order, splits
each one (`webhooks.intake.split`), writes its items (duplicates ignored by `dedup_key`) and
its dead letters, and deletes the bodies, all in one transaction. A crash before the commit
leaves the bodies to be split again; after it, they are gone and their items stored: nothing
lost, nothing doubled.

Chat order is kept: bodies are split in the order they were stored, by one splitter at a
time (on PostgreSQL the processes take turns on a transaction-scoped advisory lock; SQLite
has one writer at a time), so a chat's items get ids in the order their bodies came.

One body never stops the others: when a batch cannot be written, it is done again body by
body, each in a savepoint, and a body whose items cannot be stored even alone is kept whole
as a dead letter, as is a body that is not a WhatsApp envelope at all.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Row as SqlRow
from sqlalchemy import delete, func, insert, select
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection

from webhooks.batch_insert import InboxBatchInsert
from webhooks.intake import Unparseable, split, to_json
from webhooks.tables import WaDeadLetter, WaIntake

log = logging.getLogger(__name__)
INTAKE = WaIntake.__table__  # type: ignore[attr-defined]
DEAD = WaDeadLetter.__table__  # type: ignore[attr-defined]
# Bodies per transaction: a 10-status body makes ten rows, so a batch stays a few thousand.
BODIES_PER_BATCH = 200
# The PostgreSQL advisory lock the splitters take turns on ("wa_intake" as a number).
LOCK_KEY = 0x77615F696E74616B
_TURN = select(func.pg_try_advisory_xact_lock(LOCK_KEY))
_TAKE = select(INTAKE.c.id, INTAKE.c.received_at, INTAKE.c.body).order_by(INTAKE.c.id)
Row = dict[str, Any]


@dataclass
class Parts:
    """What one stored body becomes: its inbox rows and its dead letters."""

    id: int
    rows: list[Row] = field(default_factory=list)
    dead: list[Row] = field(default_factory=list)
    # The whole body as one dead letter, made only if its parts cannot be stored.
    fallback: Callable[[], Row] | None = None


def dead_letter(body: bytes, error: str, now: datetime) -> Row:
    return {
        "received_at": now,
        "body_sha256": hashlib.sha256(body).hexdigest(),
        "body": body.decode("utf-8", errors="replace").replace("\x00", "\ufffd"),
        "error": error[:1000],
    }


def parts_of(id_: int, body: bytes, received_at: datetime) -> Parts:
    """A body's rows and dead letters (pure): every item that parses as an inbox row, each
    one that does not as a dead letter of its own, and a body that is not an envelope as one
    dead letter."""
    try:
        pieces = split(body, received_at)
    except Unparseable as exc:
        log.warning("webhook body kept as a dead letter", extra={"error": "unparseable"})
        return Parts(id_, dead=[dead_letter(body, str(exc), received_at)])
    dead = [
        dead_letter(to_json(b.part).encode(), f"{b.where}: {b.error}", received_at)
        for b in pieces.broken
    ]
    if dead:
        log.warning("webhook items kept as dead letters", extra={"count": len(dead)})

    def fallback() -> Row:
        return dead_letter(body, "the items could not be stored", received_at)

    return Parts(id_, pieces.rows, dead, fallback)


class InboxSplitter:
    """`await splitter.run_once()`: split the oldest stored bodies; see the module docstring."""

    def __init__(
        self,
        dialect: Dialect,
        *,
        begin: Callable[[], AbstractAsyncContextManager[AsyncConnection]],
        bodies: int = BODIES_PER_BATCH,
    ) -> None:
        # The application's unit of work: on SQLite the splitter takes its turn with the
        # other writers, and its IMMEDIATE begin makes the read and the delete one step.
        self.begin = begin
        self.bodies = bodies
        self.postgresql = dialect.name == "postgresql"
        self._insert = InboxBatchInsert(dialect)

    async def run_once(self) -> int:
        """Split one batch of bodies; return how many were split (0: none waiting, or
        another process is splitting)."""
        try:
            return await self._batch(careful=False)
        except Exception as exc:
            log.info("intake split failed; body by body", extra={"error": type(exc).__name__})
        return await self._batch(careful=True)

    async def run(self, *, batches: int) -> tuple[int, bool]:
        """Up to `batches` batches: the bodies split, and whether more are waiting."""
        total = 0
        for _ in range(batches):
            done = await self.run_once()
            total += done
            if done < self.bodies:
                return total, False
        return total, True

    async def _batch(self, *, careful: bool) -> int:
        async with self.begin() as conn:
            return await self.split_in(conn, careful=careful)

    async def split_in(self, conn: AsyncConnection, *, careful: bool = False) -> int:
        """One batch in the caller's transaction (committed with it); `careful`: each body in
        a savepoint of its own. Returns the bodies split."""
        if self.postgresql and not await conn.scalar(_TURN):
            return 0  # another process is splitting: the bodies are in order there
        taken = (await conn.execute(_TAKE.limit(self.bodies))).all()
        if not taken:
            return 0
        parts = [_parts(row) for row in taken]
        if careful:
            for one in parts:
                await self._alone(conn, one)
        else:
            await self._write(conn, parts)
        await conn.execute(delete(INTAKE).where(INTAKE.c.id.in_([p.id for p in parts])))
        return len(taken)

    async def _write(self, conn: AsyncConnection, parts: Sequence[Parts]) -> None:
        rows = [row for one in parts for row in one.rows]
        dead = [row for one in parts for row in one.dead]
        await self._insert.execute(conn, rows)
        if dead:
            await conn.execute(insert(DEAD), dead)

    async def _alone(self, conn: AsyncConnection, one: Parts) -> None:
        """One body in a savepoint; if its parts cannot be stored, the body as a dead letter
        (and if even that fails, the batch fails and is tried again later)."""
        try:
            async with conn.begin_nested():
                await self._write(conn, [one])
            return
        except Exception as exc:
            if one.fallback is None:
                raise
            error = type(exc).__name__
        async with conn.begin_nested():
            await self._write(conn, [Parts(one.id, dead=[one.fallback()])])
        log.warning("webhook body kept as a dead letter", extra={"error": error})


def _parts(row: SqlRow[Any]) -> Parts:
    return parts_of(int(row.id), bytes(row.body), row.received_at)
