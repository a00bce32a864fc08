"""The inbox worker: splits the signed bodies stored since its last round into inbox items
(`webhooks.splitter`), then claims the oldest pending item of each chat and dispatches it.

Ordering per chat: only an item with no older unprocessed item of the same `chat_key` can be
claimed. A batch is claimed, handled and marked processed in one transaction, so a crash
leaves nothing half done (at-least-once, with effects applied once). Two workers (processes
on PostgreSQL) never hold the same chat: the heads are locked with `FOR UPDATE SKIP LOCKED`,
and the claim is a conditional `UPDATE … WHERE processed_at IS NULL` that a worker arriving
after a commit finds false; SQLite, which drops `FOR UPDATE`, has one writer at a time.

One item never stops the others: a failed batch is done again with a savepoint per item, a
failing item is retried a few times within seconds and then given up — kept as a dead letter
the merchant sees, and the shopper whose message it was gets an apology (`handlers.failed`).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import ValidationError
from sqlalchemy import BindParameter, Row, bindparam, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from shop.clock import Clock
from shop.retry import RetryPolicy
from shop.storage.db import Database
from shop.storage.sql import run
from shop.whatsapp.dispatch import FailedMessage, Handlers, handle, record_inbound
from shop.whatsapp.outbox import forget_window, take_enqueued
from shop.whatsapp.statuses import Outcome, apply_statuses
from webhooks.errors import invalid
from webhooks.intake import read_message
from webhooks.splitter import InboxSplitter
from webhooks.tables import WaDeadLetter, WaInbox

if TYPE_CHECKING:
    from shop.whatsapp.sender import Round

log = logging.getLogger(__name__)
INBOX = WaInbox.__table__  # type: ignore[attr-defined]
DEAD = WaDeadLetter.__table__  # type: ignore[attr-defined]
# A crashed worker's claims block their chats this long; a batch takes far less.
LEASE = timedelta(seconds=20)
# A failing item is tried this often, about 1, 2, 4 and 8 s apart, then given up: its chat
# waits seconds behind it, not the half hour a longer backoff would hold the shopper.
MAX_ATTEMPTS = 5
RETRY = RetryPolicy(MAX_ATTEMPTS, cap=30.0)
LATER = timedelta(seconds=5)
# Messages and other events handled one by one, per batch (statuses are not counted).
HANDLED_PER_BATCH = 16
# Split batches per round, at most: a backlog of bodies (a worker down for an hour) is split
# a slice per round, so conversations go on between the slices.
SPLITS_PER_ROUND = 10


_NOW = bindparam("b_now", type_=INBOX.c.next_attempt_at.type)
_IDS: BindParameter[Any] = bindparam("b_ids", expanding=True)
_FREE = or_(INBOX.c.claimed_until.is_(None), INBOX.c.claimed_until < _NOW)


def _heads(limit: int) -> Any:
    """The oldest pending item of each chat, if due and free (built once per worker).

    A grouped minimum over the pending rows rather than a correlated NOT EXISTS: its cost is
    the backlog whatever the planner's statistics say (a fresh, unanalyzed inbox on
    PostgreSQL took 0.5 s per claim with NOT EXISTS).
    """
    pending = (
        select(func.min(INBOX.c.id).label("head"))
        .where(INBOX.c.processed_at.is_(None))
        .group_by(INBOX.c.chat_key)
        .subquery()
    )
    return (
        select(INBOX.c.id, INBOX.c.kind)
        .join(pending, INBOX.c.id == pending.c.head)
        .where(INBOX.c.next_attempt_at <= _NOW, _FREE)
        .order_by(INBOX.c.id)
        .limit(limit)
        .with_for_update(skip_locked=True, of=INBOX)
    )


# A batch's statements, built once (see `shop.storage.sql.run`).
_CLAIM = (
    update(INBOX)
    .where(INBOX.c.id.in_(_IDS), INBOX.c.processed_at.is_(None), _FREE)
    .values(claimed_until=bindparam("b_until", type_=INBOX.c.claimed_until.type))
    .returning(*INBOX.c)
)
_DONE = update(INBOX).where(INBOX.c.id.in_(_IDS)).values(processed_at=_NOW, claimed_until=None)
_LATER = (
    update(INBOX)
    .where(INBOX.c.id.in_(_IDS))
    .values(
        next_attempt_at=bindparam("b_at", type_=INBOX.c.next_attempt_at.type),
        claimed_until=None,
        attempts=INBOX.c.attempts + 1,
    )
)


class Handoff(Protocol):
    """Takes a batch's replies straight to sending (the sender), so they need not wait for
    the sender job's next poll and its own pass over the whole outbox."""

    async def claim_for(
        self, session: AsyncSession, recipients: list[str], now: datetime
    ) -> Round: ...

    def hand_off(self, claimed: Round | None) -> None:
        """Send what was claimed (None: the claim failed, the sender job takes over)."""


class InboxWorker:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        handlers: Handlers,
        *,
        batch: int = 200,
        handled_per_batch: int = HANDLED_PER_BATCH,
        handoff: Handoff | None = None,
    ) -> None:
        self.db, self.clock, self.handlers, self.batch = db, clock, handlers, batch
        self.handled_per_batch = handled_per_batch
        self.handoff = handoff
        self._heads_query = _heads(batch)
        self._claimed: list[dict[str, Any]] = []
        self._more = False  # the split inside the batch left bodies waiting
        self.splitter = InboxSplitter(db.engine.dialect, begin=db.connection)

    async def run_once(self) -> int:
        """Split the bodies waiting, then claim and process a batch in one transaction; if
        an item fails, the batch is rolled back and done again with a savepoint per item, so
        only that item waits. Returns the items handled (at least 1 while bodies still wait
        to be split, so that the job comes back at once).

        On SQLite the split rides in the batch's own transaction: there is one writer, and a
        transaction of its own would cost every round one more turn of the write lock. On
        PostgreSQL it has transactions of its own: the splitters of several processes take
        turns on a lock, which a batch would hold for as long as it handles its items."""
        inside = self.db.is_sqlite
        more = False if inside else await self._split()
        now = self.clock.now()
        self._more = False
        try:
            handled = await self._batch(now, careful=False, split=inside)
            more = more or self._more
        except Exception as exc:
            log.info("inbox batch failed; item by item", extra={"error": type(exc).__name__})
            if inside:  # the split was rolled back with the batch: alone now, body by body
                more = await self._split()
            handled = await self._careful(now)
        return max(handled, 1) if more else handled

    async def _split(self) -> bool:
        """Split in transactions of their own; whether bodies are still waiting."""
        try:
            _split, more = await self.splitter.run(batches=SPLITS_PER_ROUND)
        except Exception as exc:  # the bodies stay stored; the items already split go on
            log.error("intake split failed", extra={"error": type(exc).__name__})
            return False
        return more

    async def _careful(self, now: datetime) -> int:
        try:
            return await self._batch(now, careful=True)
        except Exception as exc:
            # Not one item's failure (each has its savepoint). Every item of the batch is
            # still charged an attempt, so none can be retried for ever ahead of the rest.
            log.error("inbox batch failed", extra={"error": type(exc).__name__})
            await self._charge(self._claimed, exc, now)
            return 0

    async def _batch(self, now: datetime, *, careful: bool, split: bool = False) -> int:
        self._claimed = []
        async with self.db.transaction() as session:
            if split:
                bodies = await self.splitter.split_in(await session.connection())
                self._more = bodies == self.splitter.bodies
            rows = self._claimed = await self._claim(session, now)
            if not rows:
                return 0
            outcomes = await self._statuses(session, rows, now)
            for row in rows:
                if row["id"] in outcomes:
                    continue
                if not careful:
                    outcomes[row["id"]] = await handle(session, row, self.handlers, now)
                    continue
                try:
                    async with session.begin_nested():
                        outcomes[row["id"]] = await handle(session, row, self.handlers, now)
                except Exception as exc:
                    log.warning(
                        "inbox item failed",
                        extra={"inbox_id": row["id"], "error": type(exc).__name__},
                    )
                    forget_window(session)  # what the rolled-back item wrote is gone
                    await self._failed(session, row, exc, now)
            await self._mark(session, outcomes, now)
            replies = take_enqueued(session)
            claimed = await self._claim_inside(session, replies)
        if replies and self.handoff is not None:
            await self._hand_off(replies, claimed)
        return len(rows)

    async def _claim_inside(self, session: AsyncSession, replies: list[str]) -> Round | None:
        """On SQLite, the batch's replies are claimed in its own transaction: one writer at
        a time, so no lock order to keep, and one turn of the write lock fewer. (PostgreSQL
        claims them right after the commit: the sender locks the counter row before any chat
        or outbox row, and this transaction already holds some.) A failed claim leaves the
        batch untouched and is tried again after the commit."""
        if not (replies and self.handoff is not None and self.db.is_sqlite):
            return None
        try:
            async with session.begin_nested():
                return await self.handoff.claim_for(session, replies, self.clock.now())
        except Exception as exc:
            log.warning(
                "reply hand-off failed", extra={"count": len(replies), "error": type(exc).__name__}
            )
            return None

    async def _hand_off(self, replies: list[str], claimed: Round | None) -> None:
        assert self.handoff is not None
        try:
            if claimed is None:
                async with self.db.transaction() as session:
                    claimed = await self.handoff.claim_for(session, replies, self.clock.now())
        except Exception as exc:  # the batch is committed; the sender job finds the replies
            log.warning(
                "reply hand-off failed", extra={"count": len(replies), "error": type(exc).__name__}
            )
            claimed = None
        self.handoff.hand_off(claimed)

    def _pick(self, heads: Sequence[Row[Any]]) -> list[int]:
        """Every status (merged in bulk, cheap) and at most `handled_per_batch` other items:
        a batch's replies leave only when it commits, so a conversation does not wait for a
        long batch of others."""
        picked, handled = [], 0
        for head in heads:
            if head.kind != "status":
                if handled == self.handled_per_batch:
                    continue
                handled += 1
            picked.append(int(head.id))
        return picked

    async def _claim(self, session: AsyncSession, now: datetime) -> list[dict[str, Any]]:
        """The heads, leased in this transaction and returned whole, oldest first; another
        worker skips the rows this one holds (PostgreSQL's SKIP LOCKED; SQLite has one
        writer at a time anyway)."""
        heads = self._pick((await run(session, self._heads_query, {"b_now": now})).all())
        if not heads:
            return []
        params = {"b_ids": heads, "b_now": now, "b_until": now + LEASE}
        claimed = [dict(r._mapping) for r in await run(session, _CLAIM, params)]
        return sorted(claimed, key=lambda row: int(row["id"]))

    async def _statuses(
        self, session: AsyncSession, rows: list[dict[str, Any]], now: datetime
    ) -> dict[int, Outcome]:
        """All statuses of the batch in bulk (the bulk of webhook traffic); on any surprise
        they fall back to one savepoint each."""
        statuses = [row for row in rows if row["kind"] == "status"]
        if not statuses:
            return {}
        try:
            async with session.begin_nested():
                outcomes = await apply_statuses(session, statuses, now)
            self.handlers.statuses_merged(session)
            return outcomes
        except Exception as exc:
            log.warning(
                "status batch failed; one by one",
                extra={"count": len(statuses), "error": type(exc).__name__},
            )
            return {}

    @staticmethod
    async def _mark(session: AsyncSession, outcomes: dict[int, Outcome], now: datetime) -> None:
        done = [i for i, outcome in outcomes.items() if outcome is Outcome.DONE]
        later = [i for i, outcome in outcomes.items() if outcome is Outcome.LATER]
        if done:
            await run(session, _DONE, {"b_ids": done, "b_now": now})
        if later:
            await run(session, _LATER, {"b_ids": later, "b_at": now + LATER})

    async def _failed(
        self, session: AsyncSession, row: dict[str, Any], exc: Exception, now: datetime
    ) -> None:
        """One more failed attempt of the item; the last one gives it up."""
        attempts = row["attempts"] + 1
        error = error_text(exc)
        values = RETRY.failed(attempts, error, now)  # given up: processed, so its chat goes on
        statement = update(INBOX).where(INBOX.c.id == row["id"])
        await run(session, statement.values(claimed_until=None, **values))
        if RETRY.gives_up(attempts):
            await self._give_up(session, row, error, now)

    async def _give_up(
        self, session: AsyncSession, row: dict[str, Any], error: str, now: datetime
    ) -> None:
        """Keep the item as a dead letter the merchant sees, and apologise to its shopper."""
        payload: str = row["payload"]
        log.warning("inbox item given up", extra={"inbox_id": row["id"], "kind": row["kind"]})
        await run(
            session,
            DEAD.insert().values(
                received_at=now,
                body_sha256=hashlib.sha256(payload.encode()).hexdigest(),
                body=payload,
                error=f"{row['kind']} given up after {MAX_ATTEMPTS} attempts: {error}"[:1000],
                inbox_id=row["id"],
            ),
        )
        failed = _failed_message(row)
        if failed is None or not self.handlers.failed:
            return
        try:
            async with session.begin_nested():
                # The failed attempt's own record of the shopper's message was rolled back;
                # the apology is a reply inside the window that message opened.
                await record_inbound(session, failed.wa_id, failed.at)
                for hook in self.handlers.failed:
                    await hook(session, failed)
        except Exception as exc:
            forget_window(session)
            log.warning(
                "apology failed", extra={"inbox_id": row["id"], "error": type(exc).__name__}
            )

    async def _charge(self, rows: list[dict[str, Any]], exc: Exception, now: datetime) -> None:
        """An attempt for each item of a batch that failed as a whole, in a new transaction."""
        if not rows:
            return
        try:
            async with self.db.transaction() as session:
                for row in rows:
                    async with session.begin_nested():
                        await self._failed(session, row, exc, now)
        except Exception as again:
            log.error("inbox attempts not recorded", extra={"error": type(again).__name__})


def error_text(exc: BaseException) -> str:
    """What the merchant reads of a failure: the kind and the database's or the model's own
    words, never the statement's values (a driver's message quotes SQL and parameters)."""
    cause = getattr(exc, "orig", None)  # SQLAlchemy's wrapper of the driver's error
    if isinstance(cause, BaseException):
        words = str(cause).split("\n", 1)[0]
        text = f"{type(exc).__name__}: {type(cause).__name__}: {words}"
    elif isinstance(exc, ValidationError):
        text = f"{type(exc).__name__}: {invalid(exc)}"
    else:
        words = str(exc).split("\n", 1)[0]
        text = f"{type(exc).__name__}: {words}" if words else type(exc).__name__
    return text.encode("utf-8", "replace").decode().replace("\x00", "")[:500]


def _failed_message(row: dict[str, Any]) -> FailedMessage | None:
    """The shopper and message of a given-up inbound message (None for other items)."""
    if row["kind"] != "message":
        return None
    try:
        keys = read_message(row["payload"]).keys
    except (ValueError, TypeError):  # ValidationError, or not JSON at all
        return None
    at = row["occurred_at"] or row["received_at"]
    return FailedMessage(wa_id=keys.from_, wamid=keys.id, at=at, inbox_id=int(row["id"]))
