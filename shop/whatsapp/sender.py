"""The outbox sender job: claim → send → record, paced globally and per recipient.

Crash safety: a row is claimed (state `sending`, a lease) and committed before the HTTP
call, and the result is recorded after it. Meta's API has no idempotency key, so a crash
between the two leaves a row that Meta may or may not have. Every body carries
`biz_opaque_callback_data` `outbox:<id>`, which Meta echoes in its status webhooks, and an
echo marks the row accepted (`shop.whatsapp.statuses`). A claimed row is sent again only
when its lease and then a grace for the echo have passed (and not before the grace has
passed since this sender started, for echoes Meta redelivers after an outage); a send that
went out but got no answer waits the same grace before its retry. So a reply goes out
twice only when Meta took it and its echo did not arrive in time.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, case, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from shop.clock import Clock
from shop.retry import backoff
from shop.storage.db import Database
from shop.storage.sql import insert_ignore, run
from shop.whatsapp.graph import MessagesApi, SendResult
from shop.whatsapp.outbox import CHAT, OUTBOX, OutboxState, forget_window
from shop.whatsapp.ratelimit import SecondCounter
from shop.whatsapp.rules import (
    MAX_ATTEMPTS,
    PAIR_BURST,
    PAIR_INTERVAL_S,
    WINDOW_CLOSED_CODE,
    Verdict,
    classify,
    take_pair_token,
)

log = logging.getLogger(__name__)
LEASE = timedelta(seconds=30)
ECHO_GRACE = timedelta(seconds=30)
MAX_BLOCKED = 10_000
CALLBACK_PREFIX = "outbox:"


_NOW = bindparam("b_now", type_=OUTBOX.c.next_attempt_at.type)
# Claims whose lease ended before this are orphans that may be sent again (see `lapsed`).
_LAPSED = bindparam("b_lapsed", type_=OUTBOX.c.claimed_until.type)
_NEVER = datetime(1970, 1, 1, tzinfo=UTC)


def _claimable(now: Any) -> Any:
    lease_over = and_(OUTBOX.c.state == OutboxState.SENDING, OUTBOX.c.claimed_until < _LAPSED)
    return or_(
        and_(OUTBOX.c.state == OutboxState.PENDING, OUTBOX.c.next_attempt_at <= now), lease_over
    )


def _heads(limit: int) -> Any:
    """Due rows that are the oldest unfinished message of their recipient (order per chat)."""
    # A grouped minimum, not a correlated NOT EXISTS: its cost does not hang on statistics.
    unfinished = (
        select(func.min(OUTBOX.c.id).label("head"))
        .where(OUTBOX.c.state.in_((OutboxState.PENDING, OutboxState.SENDING)))
        .group_by(OUTBOX.c.recipient)
        .subquery()
    )
    return (
        select(OUTBOX.c.recipient)
        .join(unfinished, OUTBOX.c.id == unfinished.c.head)
        .where(_claimable(_NOW))
        .order_by(OUTBOX.c.id)
        .limit(limit)
    )


# A round's statements, built once (see `shop.storage.sql.run`).
_QUEUES = (  # every unfinished message of the round's recipients, oldest first
    select(
        OUTBOX.c.id,
        OUTBOX.c.recipient,
        OUTBOX.c.kind,
        OUTBOX.c.state,
        OUTBOX.c.next_attempt_at,
        OUTBOX.c.claimed_until,
    )
    .where(
        OUTBOX.c.recipient.in_(bindparam("b_recipients", expanding=True)),
        OUTBOX.c.state.in_((OutboxState.PENDING, OutboxState.SENDING)),
    )
    .order_by(OUTBOX.c.id)
)
_BUCKETS = select(CHAT.c.wa_id, CHAT.c.pair_tokens, CHAT.c.pair_refilled_at).where(
    CHAT.c.wa_id.in_(bindparam("b_recipients", expanding=True))
)
_CLAIM = (
    update(OUTBOX)
    .where(OUTBOX.c.id.in_(bindparam("b_ids", expanding=True)), _claimable(_NOW))
    .values(
        state=OutboxState.SENDING,
        claimed_until=bindparam("b_until", type_=OUTBOX.c.claimed_until.type),
        attempts=OUTBOX.c.attempts + 1,
    )
    .returning(OUTBOX.c.id, OUTBOX.c.recipient, OUTBOX.c.kind, OUTBOX.c.body, OUTBOX.c.attempts)
)
_OURS = OUTBOX.c.state == OutboxState.SENDING  # not yet settled by a status echo
_RELEASE = (  # claimed but not sent: back in the queue, the attempt not counted
    update(OUTBOX)
    .where(OUTBOX.c.id == bindparam("b_id"), _OURS)
    .values(
        state=OutboxState.PENDING,
        claimed_until=None,
        attempts=OUTBOX.c.attempts - 1,
        next_attempt_at=bindparam("b_at"),
    )
)
_WAIT = (  # a head without a pair-rate token: due again when the recipient's bucket refills
    update(OUTBOX)
    .where(OUTBOX.c.id == bindparam("b_id"))
    .values(state=OutboxState.PENDING, claimed_until=None, next_attempt_at=bindparam("b_at"))
)
_SAVE_BUCKET = (
    update(CHAT)
    .where(CHAT.c.wa_id == bindparam("b_wa_id"))
    .values(pair_tokens=bindparam("b_tokens"), pair_refilled_at=bindparam("b_at"))
)
_ACCEPTED = (
    update(OUTBOX)
    .where(OUTBOX.c.id == bindparam("b_id"))
    .values(
        state=OutboxState.ACCEPTED,
        wamid=bindparam("b_wamid"),
        accepted_at=bindparam("b_at"),
        claimed_until=None,
    )
)

Bucket = tuple[float, datetime | None]


def _nothing() -> None:
    return None


def _with_callback(body: str, outbox_id: int) -> bytes:
    """The stored body (a JSON object) with `biz_opaque_callback_data` spliced in as its first
    member, which Meta echoes in the message's statuses: no parse and re-encode per send."""
    rest = body.strip()[1:]
    head = f'{{"biz_opaque_callback_data":"{CALLBACK_PREFIX}{outbox_id}"'
    return (head + ("" if rest.lstrip().startswith("}") else ",") + rest).encode()


def _due(row: dict[str, Any], now: datetime, lapsed: datetime) -> bool:
    """The row could be claimed now (the same test as `_claimable`, in Python)."""
    if row["state"] == OutboxState.PENDING:
        return bool(row["next_attempt_at"] <= now)
    return row["claimed_until"] is not None and row["claimed_until"] < lapsed


def _takes_token(row: dict[str, Any]) -> bool:
    """Messages spend the recipient's pair-rate tokens; read receipts do not."""
    return bool(row["kind"] != "read")


def _take(paced: dict[str, list[int]], count: int) -> dict[str, list[int]]:
    """The first `count` messages, recipients in their heads' order, each run kept whole
    where the count allows."""
    taken: dict[str, list[int]] = {}
    for recipient, run_ids in paced.items():
        if count <= 0:
            break
        taken[recipient] = run_ids[:count]
        count -= len(taken[recipient])
    return taken


@dataclass
class Round:
    """What one claim hands to the senders: each recipient's messages in order, one grant."""

    queues: list[list[dict[str, Any]]]
    deadline: float
    throttled: bool = False  # the second's budget is spent: wait for the next one
    left: bool = False  # due messages were left for a later round (the grant ran short)

    @property
    def rows(self) -> list[dict[str, Any]]:
        return [row for queue in self.queues for row in queue]


class Sender:
    """One round: claim (with pacing and the second's grant) → send → record.

    A round claims, for each recipient whose oldest unfinished message is due, that message
    and the due ones right behind it, up to the recipient's pair-rate tokens and the second's
    grant, in one transaction; each recipient's messages are then posted one after another
    (a message only after Meta accepted the previous one), recipients in parallel.
    """

    def __init__(
        self,
        db: Database,
        api: MessagesApi,
        clock: Clock,
        limiter: SecondCounter,
        *,
        batch: int = 64,
        concurrency: int = 64,
        pair_burst: float = PAIR_BURST,
        lease: timedelta = LEASE,
        echo_grace: timedelta = ECHO_GRACE,
        wake: Callable[[], None] = _nothing,
    ) -> None:
        self.db, self.api, self.clock, self.limiter = db, api, clock, limiter
        self.lease, self.echo_grace = lease, echo_grace
        # Echoes of sends cut short by a crash may come only now (Meta redelivers webhooks
        # with backoff): no orphaned claim is sent again before the grace has passed.
        self._orphans_from = clock.now() + echo_grace
        self.batch = batch
        self._heads_query = _heads(batch)
        self.pair_burst = pair_burst
        # Bounded in-flight requests: a queue of waiters inside the HTTP pool costs CPU.
        self._in_flight = asyncio.Semaphore(concurrency)
        self.wake = wake  # asks the sender job for a round now (this and other processes)
        self._blocked: set[str] = set()  # recipients waiting for their head to be recorded
        self._background: set[asyncio.Task[None]] = set()

    async def run_once(self) -> int:
        claimed = await self._round(self.clock.now())
        if claimed.throttled:
            await self.limiter.sleep_to_next_second()
            return 1  # work is waiting: run again at once
        if not claimed.queues:
            return 0
        await self._deliver(claimed)
        return len(claimed.rows)

    def hand_off(self, claimed: Round | None) -> None:
        """Send a round that another job claimed (the inbox, for the replies of its batch)
        in the background; the sender job is woken for whatever the round had to leave
        (None: the claim failed, so all of it)."""
        if claimed is None or claimed.throttled or claimed.left:
            self.wake()
        if claimed is None or not claimed.queues:
            return
        task = asyncio.create_task(self._deliver_logged(claimed), name="sender:hand-off")
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def drain(self) -> None:
        """Wait for the rounds sending in the background (shutdown, tests)."""
        while self._background:
            await asyncio.gather(*self._background, return_exceptions=True)

    async def _deliver_logged(self, claimed: Round) -> None:
        try:
            await self._deliver(claimed)
        except Exception:  # its rows keep their lease and are sent again after it
            log.exception("handed-off round failed", extra={"rows": len(claimed.rows)})

    async def _deliver(self, claimed: Round) -> None:
        """Send a claimed round and record the outcomes; recipients whose next message
        waited for this round are due now."""
        outcomes = await asyncio.gather(
            *(self._send_queue(q, claimed.deadline) for q in claimed.queues)
        )
        await self._record([item for outcome in outcomes for item in outcome])
        recipients = {queue[0]["recipient"] for queue in claimed.queues}
        if recipients & self._blocked:
            self._blocked -= recipients
            self.wake()

    async def _claim(self, now: datetime) -> list[dict[str, Any]]:
        """Claim a round's messages (what a process that dies right after leaves behind)."""
        return (await self._round(now)).rows

    async def _send_queue(
        self, queue: list[dict[str, Any]], deadline: float
    ) -> list[tuple[dict[str, Any], SendResult | None]]:
        """One recipient's messages in order; after a failure or past the grant's deadline
        the rest are not sent (None) and go back to the queue."""
        outcomes: list[tuple[dict[str, Any], SendResult | None]] = []
        stopped = False
        for row in queue:
            result = None if stopped else await self._send(row, deadline)
            outcomes.append((row, result))
            stopped = result is None or not result.ok
        return outcomes

    async def _send(self, row: dict[str, Any], deadline: float) -> SendResult | None:
        """Post one message, or None when its grant expired before it could start."""
        body = str(row["body"])
        content = body.encode() if row["kind"] == "read" else _with_callback(body, row["id"])
        async with self._in_flight:
            if self.limiter.wall() >= deadline:
                return None
            return await self.api.send_json(content)

    def lapsed(self, now: datetime) -> datetime:
        """Claims whose lease ended before this may be sent again: their lease and the grace
        for a status echo have passed (and the grace since this sender started)."""
        return now - self.echo_grace if now >= self._orphans_from else _NEVER

    async def _round(self, now: datetime) -> Round:
        async with self.db.transaction() as session:
            params = {"b_now": now, "b_lapsed": self.lapsed(now)}
            found = await run(session, self._heads_query, params)
            return await self.claim_for(session, list(found.scalars()), now)

    async def claim_for(self, session: AsyncSession, recipients: list[str], now: datetime) -> Round:
        """Claim a round of these recipients' due messages in the caller's transaction.

        The counter row is locked before any chat or outbox row here; a caller that already
        holds such rows must be the only writer (SQLite), or PostgreSQL could deadlock."""
        if not recipients:
            return Round([], 0.0)
        queued: dict[str, list[dict[str, Any]]] = {r: [] for r in recipients}
        for row in await run(session, _QUEUES, {"b_recipients": recipients}):
            queued[row.recipient].append(dict(row._mapping))
        self._note_blocked(queued, now)
        buckets = await self._buckets(session, recipients)
        paced, waits = self._pace(queued, buckets, now)
        wanted = sum(len(q) for q in paced.values())
        if not wanted:
            if waits:
                await run(session, _WAIT, waits)
            return Round([], 0.0)
        grant = await self.limiter.grant_in(session, min(wanted, self.batch))
        if grant.count == 0:
            return Round([], grant.deadline, throttled=True)
        if waits:  # after the counter row: the lock order of every round
            await run(session, _WAIT, waits)
        candidates = _take(paced, grant.count)
        claimed = await self._claim_rows(session, candidates, now)
        spent = {r: sum(map(_takes_token, q)) for r, q in claimed.items()}
        await self._save_buckets(session, buckets, spent, now)
        return Round(list(claimed.values()), grant.deadline, left=grant.count < wanted)

    def _note_blocked(self, queued: dict[str, list[dict[str, Any]]], now: datetime) -> None:
        """Recipients whose head is in flight: their next round is due when it is recorded.
        (One held by another process is never recorded here: the set is bounded, and the
        sender job's poll finds such messages anyway.)"""
        if len(self._blocked) > MAX_BLOCKED:
            self._blocked.clear()
        lapsed = self.lapsed(now)
        for recipient, queue in queued.items():
            head = queue[0] if queue else None
            if head and head["state"] == OutboxState.SENDING and not _due(head, now, lapsed):
                self._blocked.add(recipient)

    async def _claim_rows(
        self, session: AsyncSession, candidates: dict[str, list[int]], now: datetime
    ) -> dict[str, list[dict[str, Any]]]:
        """Lease the candidates; a recipient keeps only the unbroken run from its oldest (a
        row another sender holds ends it), and the rest is given back in this transaction."""
        ids = [i for run_ids in candidates.values() for i in run_ids]
        params = {
            "b_ids": ids,
            "b_now": now,
            "b_lapsed": self.lapsed(now),
            "b_until": now + self.lease,
        }
        claimed = await run(session, _CLAIM, params)
        got = {r.id: dict(r._mapping) for r in claimed}
        kept: dict[str, list[dict[str, Any]]] = {}
        given_back = []
        for recipient, run_ids in candidates.items():
            unbroken = True
            for outbox_id in run_ids:
                row = got.get(outbox_id)
                if row is None:
                    unbroken = False
                elif unbroken:
                    kept.setdefault(recipient, []).append(row)
                else:
                    given_back.append({"b_id": outbox_id, "b_at": now})
        if given_back:
            await run(session, _RELEASE, given_back)
        return kept

    @staticmethod
    async def _buckets(session: AsyncSession, recipients: list[str]) -> dict[str, Bucket]:
        found = await run(session, _BUCKETS, {"b_recipients": recipients})
        return {r.wa_id: (r.pair_tokens, r.pair_refilled_at) for r in found}

    def _pace(
        self, queued: dict[str, list[dict[str, Any]]], buckets: dict[str, Bucket], now: datetime
    ) -> tuple[dict[str, list[int]], list[dict[str, Any]]]:
        """Each recipient's due run from its head, as far as its pair-rate tokens reach; a
        head without a token waits (returned as updates) until the bucket refills."""
        paced: dict[str, list[int]] = {}
        waits = []
        lapsed = self.lapsed(now)
        for recipient, queue in queued.items():
            tokens, refilled = buckets.get(recipient, (0.0, None))
            run_ids: list[int] = []
            for position, row in enumerate(queue):
                if not _due(row, now, lapsed):
                    break
                if _takes_token(row):
                    allowed, tokens, wait = take_pair_token(tokens, refilled, now, self.pair_burst)
                    refilled = now
                    if not allowed:
                        if position == 0:
                            waits.append({"b_id": row["id"], "b_at": now + timedelta(seconds=wait)})
                        break
                run_ids.append(row["id"])
            if run_ids:
                paced[recipient] = run_ids
        return paced, waits

    async def _save_buckets(
        self,
        session: AsyncSession,
        buckets: dict[str, Bucket],
        spent: dict[str, int],
        now: datetime,
    ) -> None:
        """Write what the claimed messages took from each recipient's bucket."""
        updates, inserts = [], []
        for recipient, count in spent.items():
            tokens, refilled = buckets.get(recipient, (0.0, None))
            for _ in range(count):
                _allowed, tokens, _wait = take_pair_token(tokens, refilled, now, self.pair_burst)
                refilled = now
            if recipient in buckets:
                updates.append({"b_wa_id": recipient, "b_tokens": tokens, "b_at": now})
            else:
                inserts.append({"wa_id": recipient, "pair_tokens": tokens, "pair_refilled_at": now})
        if updates:
            await run(session, _SAVE_BUCKET, updates)
        if inserts:
            # The inbox worker may create the same chat at this moment; its row is as good.
            await insert_ignore(session, CHAT, inserts, ["wa_id"])

    async def _record(self, outcomes: list[tuple[dict[str, Any], SendResult | None]]) -> None:
        now = self.clock.now()
        accepted = [
            {"b_id": row["id"], "b_wamid": result.wamid, "b_at": now}
            for row, result in outcomes
            if result is not None and result.ok
        ]
        unsent = [row for row, result in outcomes if result is None]
        async with self.db.transaction() as session:
            if accepted:
                await run(session, _ACCEPTED, accepted)
            if unsent:
                await run(session, _RELEASE, [{"b_id": row["id"], "b_at": now} for row in unsent])
                await self._refund(session, unsent)
            for row, result in outcomes:
                if result is None or result.ok:
                    continue
                await run(
                    session,
                    update(OUTBOX)
                    .where(OUTBOX.c.id == row["id"], _OURS)
                    .values(**self._failure(row, result, now)),
                )
                if result.error_code == WINDOW_CLOSED_CODE:
                    await close_window(session, row["recipient"], now)

    async def _refund(self, session: AsyncSession, unsent: list[dict[str, Any]]) -> None:
        """Give back the pair-rate tokens that messages returned unsent had taken."""
        counts = Counter(row["recipient"] for row in unsent if _takes_token(row))
        if not counts:
            return
        refilled = CHAT.c.pair_tokens + bindparam("b_count")
        refund = (
            update(CHAT)
            .where(CHAT.c.wa_id == bindparam("b_wa_id"))
            .values(pair_tokens=case((refilled > self.pair_burst, self.pair_burst), else_=refilled))
        )
        await run(session, refund, [{"b_wa_id": r, "b_count": n} for r, n in counts.items()])

    def _failure(self, row: dict[str, Any], result: SendResult, now: datetime) -> dict[str, Any]:
        """What a refused or unanswered send leaves: a retry later, or a failed message."""
        attempts = int(row.get("attempts") or 0)
        verdict = classify(result.error_code, result.http_status)
        error = {"error_code": result.error_code, "error_title": result.error_title}
        if verdict is Verdict.RETRY and attempts < MAX_ATTEMPTS:
            delay = backoff(attempts)
            if result.error_code == 131056:  # pair rate: the recipient needs a pause
                delay = max(delay, PAIR_INTERVAL_S)
            if result.in_doubt:  # Meta may have it: its status echo would settle the row
                delay = max(delay, self.echo_grace.total_seconds())
            retry_at = now + timedelta(seconds=delay)
            log.info(
                "send will be retried", extra={"outbox_id": row["id"], "code": result.error_code}
            )
            return {
                "state": OutboxState.PENDING,
                "claimed_until": None,
                "next_attempt_at": retry_at,
                **error,
            }
        log.warning("send failed", extra={"outbox_id": row["id"], "code": result.error_code})
        return {"state": OutboxState.FAILED, "claimed_until": None, "failed_at": now, **error}


async def close_window(session: AsyncSession, wa_id: str, at: datetime) -> None:
    """Meta said 131047: the window is closed whatever our clock thought."""
    forget_window(session, wa_id)
    await run(
        session,
        update(CHAT)
        .where(
            CHAT.c.wa_id == wa_id,
            or_(CHAT.c.window_closed_at.is_(None), CHAT.c.window_closed_at < at),
        )
        .values(window_closed_at=at),
    )
