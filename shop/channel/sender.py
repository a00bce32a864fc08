"""The outbox sender job: claim → send → record, paced globally and per recipient.

Crash safety: a row is claimed (state `sending`, a lease) and committed before the HTTP
call, and the result is recorded after it. A crash between the two leaves a claimed row
whose lease expires; it is then sent again. That is the one at-least-once edge Meta's API
leaves open (it has no idempotency key): every body carries `biz_opaque_callback_data`
`outbox:<id>`, which Meta echoes in status webhooks, so a duplicate is detectable.
"""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from shop.channel.graph import MessagesApi, SendResult
from shop.channel.outbox import CHAT, OUTBOX, OutboxState
from shop.channel.ratelimit import SecondCounter
from shop.channel.rules import (
    MAX_ATTEMPTS,
    PAIR_BURST,
    PAIR_INTERVAL_S,
    WINDOW_CLOSED_CODE,
    Verdict,
    backoff,
    classify,
    take_pair_token,
)
from shop.channel.sql import insert_ignore, run
from shop.clock import Clock
from shop.storage.db import Database

log = logging.getLogger(__name__)
LEASE = timedelta(seconds=60)
CALLBACK_PREFIX = "outbox:"


def _claimable(now: datetime) -> Any:
    lease_over = and_(OUTBOX.c.state == OutboxState.SENDING, OUTBOX.c.claimed_until < now)
    return or_(
        and_(OUTBOX.c.state == OutboxState.PENDING, OUTBOX.c.next_attempt_at <= now), lease_over
    )


def _heads(now: datetime, limit: int) -> Any:
    """Due rows that are the oldest unfinished message of their recipient (order per chat)."""
    # A grouped minimum, not a correlated NOT EXISTS: its cost does not hang on statistics.
    unfinished = (
        select(func.min(OUTBOX.c.id).label("head"))
        .where(OUTBOX.c.state.in_((OutboxState.PENDING, OutboxState.SENDING)))
        .group_by(OUTBOX.c.recipient)
        .subquery()
    )
    return (
        select(OUTBOX.c.id)
        .join(unfinished, OUTBOX.c.id == unfinished.c.head)
        .where(_claimable(now))
        .order_by(OUTBOX.c.id)
        .limit(limit)
    )


_DEFER = (
    update(OUTBOX)
    .where(OUTBOX.c.id == bindparam("b_id"))
    .values(
        state=OutboxState.PENDING,
        claimed_until=None,
        attempts=OUTBOX.c.attempts - 1,
        next_attempt_at=bindparam("b_at"),
    )
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


class Sender:
    def __init__(
        self,
        db: Database,
        api: MessagesApi,
        clock: Clock,
        limiter: SecondCounter,
        *,
        batch: int = 200,
        concurrency: int = 64,
        pair_burst: float = PAIR_BURST,
    ) -> None:
        self.db, self.api, self.clock, self.limiter = db, api, clock, limiter
        self.batch = batch
        self.pair_burst = pair_burst
        # Bounded in-flight requests: a queue of waiters inside the HTTP pool costs CPU.
        self._in_flight = asyncio.Semaphore(concurrency)
        self.chunk = concurrency

    async def run_once(self) -> int:
        claimed = await self._claim(self.clock.now())
        waiting = list(claimed)
        while waiting:
            # Small grants sent at once: every send starts inside the second it was granted.
            grant = await self.limiter.acquire(min(len(waiting), self.chunk))
            chunk, waiting = waiting[: grant.count], waiting[grant.count :]
            results = await asyncio.gather(*(self._send(row, grant.deadline) for row in chunk))
            done = [(row, r) for row, r in zip(chunk, results, strict=True) if r is not None]
            waiting = [row for row, r in zip(chunk, results, strict=True) if r is None] + waiting
            if done:
                await self._record(done)
        return len(claimed)

    async def _send(self, row: dict[str, Any], deadline: float) -> SendResult | None:
        """Post one message, or None when its grant expired while it waited for a slot."""
        body = json.loads(row["body"])
        if row["kind"] != "read":
            body["biz_opaque_callback_data"] = f"{CALLBACK_PREFIX}{row['id']}"
        async with self._in_flight:
            if self.limiter.wall() >= deadline:
                return None
            return await self.api.send(body)

    async def _claim(self, now: datetime) -> list[dict[str, Any]]:
        async with self.db.transaction() as session:
            ids = list((await run(session, _heads(now, self.batch))).scalars())
            if not ids:
                return []
            claim = (
                update(OUTBOX)
                .where(OUTBOX.c.id.in_(ids), _claimable(now))
                .values(
                    state=OutboxState.SENDING,
                    claimed_until=now + LEASE,
                    attempts=OUTBOX.c.attempts + 1,
                )
                .returning(
                    OUTBOX.c.id,
                    OUTBOX.c.recipient,
                    OUTBOX.c.kind,
                    OUTBOX.c.body,
                    OUTBOX.c.attempts,
                )
            )
            rows = [dict(r._mapping) for r in await run(session, claim)]
            rows.sort(key=lambda r: r["id"])
            return await self._pace(session, rows, now)

    async def _pace(
        self, session: AsyncSession, rows: list[dict[str, Any]], now: datetime
    ) -> list[dict[str, Any]]:
        """Spend a pair-rate token per recipient; rows without one wait and stay pending."""
        recipients = {r["recipient"] for r in rows if r["kind"] != "read"}
        buckets = {
            r.wa_id: (r.pair_tokens, r.pair_refilled_at)
            for r in await run(
                session,
                select(CHAT.c.wa_id, CHAT.c.pair_tokens, CHAT.c.pair_refilled_at).where(
                    CHAT.c.wa_id.in_(recipients)
                ),
            )
        }
        known = set(buckets)
        ready, waiting = [], []
        for row in rows:
            if row["kind"] == "read":
                ready.append(row)
                continue
            tokens, refilled = buckets.get(row["recipient"], (0.0, None))
            allowed, left, wait = take_pair_token(tokens, refilled, now, self.pair_burst)
            buckets[row["recipient"]] = (left, now)
            if allowed:
                ready.append(row)
            else:
                waiting.append({"b_id": row["id"], "b_at": now + timedelta(seconds=wait)})
        await self._save_buckets(session, buckets, known, recipients)
        if waiting:
            await run(session, _DEFER, waiting)
        return ready

    @staticmethod
    async def _save_buckets(
        session: AsyncSession,
        buckets: dict[str, tuple[float, datetime | None]],
        known: set[str],
        touched: set[str],
    ) -> None:
        updates = [
            {"b_wa_id": wa_id, "b_tokens": tokens, "b_at": at}
            for wa_id, (tokens, at) in buckets.items()
            if wa_id in known and wa_id in touched
        ]
        inserts = [
            {"wa_id": wa_id, "pair_tokens": tokens, "pair_refilled_at": at}
            for wa_id, (tokens, at) in buckets.items()
            if wa_id not in known and wa_id in touched
        ]
        if updates:
            await run(session, _SAVE_BUCKET, updates)
        if inserts:
            # The inbox worker may create the same chat at this moment; its row is as good.
            await insert_ignore(session, CHAT, inserts, ["wa_id"])

    async def _record(self, outcomes: list[tuple[dict[str, Any], SendResult]]) -> None:
        now = self.clock.now()
        accepted = [
            {"b_id": row["id"], "b_wamid": result.wamid, "b_at": now}
            for row, result in outcomes
            if result.ok
        ]
        async with self.db.transaction() as session:
            if accepted:
                await run(session, _ACCEPTED, accepted)
            for row, result in outcomes:
                if result.ok:
                    continue
                await run(
                    session,
                    update(OUTBOX)
                    .where(OUTBOX.c.id == row["id"])
                    .values(**self._outcome(row, result, now)),
                )
                if result.error_code == WINDOW_CLOSED_CODE:
                    await close_window(session, row["recipient"], now)

    @staticmethod
    def _outcome(row: dict[str, Any], result: SendResult, now: datetime) -> dict[str, Any]:
        if result.ok:
            return {
                "state": OutboxState.ACCEPTED,
                "wamid": result.wamid,
                "accepted_at": now,
                "claimed_until": None,
            }
        attempts = int(row.get("attempts") or 0)
        verdict = classify(result.error_code, result.http_status)
        error = {"error_code": result.error_code, "error_title": result.error_title}
        if verdict is Verdict.RETRY and attempts < MAX_ATTEMPTS:
            delay = backoff(attempts)
            if result.error_code == 131056:  # pair rate: the recipient needs a pause
                delay = max(delay, PAIR_INTERVAL_S)
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
    await run(
        session,
        update(CHAT)
        .where(
            CHAT.c.wa_id == wa_id,
            or_(CHAT.c.window_closed_at.is_(None), CHAT.c.window_closed_at < at),
        )
        .values(window_closed_at=at),
    )
