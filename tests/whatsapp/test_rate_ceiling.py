"""The global ceiling holds in every calendar second, also with two sender processes."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import datetime

from shop.clock import Clock, SystemClock
from shop.storage.db import Database
from shop.whatsapp.dispatch import record_inbound
from shop.whatsapp.messages import TextMessage
from shop.whatsapp.outbox import enqueue
from shop.whatsapp.ratelimit import SecondCounter
from shop.whatsapp.sender import Sender
from tests.fakes import FakeMessages

CEILING = 20
MESSAGES = 70


async def _queue(db: Database, clock: Clock) -> None:
    now = clock.now()
    async with db.transaction() as session:
        for n in range(MESSAGES):
            to = f"7999{n:07d}"
            await record_inbound(session, to, now)
            await enqueue(session, TextMessage(body=f"#{n}"), to=to, now=now)


async def _drain(sender: Sender, done: asyncio.Event) -> None:
    while not done.is_set():
        if not await sender.run_once():
            await asyncio.sleep(0.02)


async def test_no_calendar_second_exceeds_the_ceiling_with_two_senders(
    db: Database, database_url: str
) -> None:
    meta, clock = FakeMessages(), SystemClock()  # Meta itself sets no pace here
    await _queue(db, clock)
    other_db = Database(database_url)
    senders = [
        Sender(db, meta, clock, SecondCounter(CEILING)),
        Sender(other_db, meta, clock, SecondCounter(CEILING)),
    ]
    done = asyncio.Event()
    tasks = [asyncio.create_task(_drain(s, done)) for s in senders]
    try:
        for _ in range(400):
            if len(meta.accepted) >= MESSAGES:
                break
            await asyncio.sleep(0.05)
    finally:
        done.set()
        await asyncio.gather(*tasks)
        await other_db.dispose()
    sent = meta.accepted
    assert sorted(m["body"]["text"]["body"] for m in sent) == sorted(
        f"#{n}" for n in range(MESSAGES)
    )
    per_second = Counter(int(datetime.fromisoformat(m["accepted_at"]).timestamp()) for m in sent)
    assert max(per_second.values()) <= CEILING
    assert len(per_second) >= MESSAGES // CEILING  # it really was spread over seconds
