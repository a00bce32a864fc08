"""The global ceiling holds in every calendar second, also with two sender processes."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import datetime
from typing import Any

import pytest

from shop.storage.db import Database
from shop.whatsapp.dispatch import record_inbound
from shop.whatsapp.messages import TextMessage
from shop.whatsapp.outbox import enqueue
from shop.whatsapp.ratelimit import SecondCounter
from shop.whatsapp.sender import Sender
from tests.whatsapp.rig import Rig, start_rig

CEILING = 20
MESSAGES = 70


@pytest.fixture
async def rig(aiohttp_client: Any, database_url: str, unused_tcp_port: int) -> Rig:
    return await start_rig(
        aiohttp_client,
        database_url,
        unused_tcp_port,
        isolated=True,
        whatsapp_messages_per_second=CEILING,
    )


async def _queue(rig: Rig) -> None:
    now = rig.services.clock.now()
    async with rig.services.db.transaction() as session:
        for n in range(MESSAGES):
            to = f"7999{n:07d}"
            await record_inbound(session, to, now)
            await enqueue(session, TextMessage(body=f"#{n}"), to=to, now=now)


async def _drain(sender: Sender, done: asyncio.Event) -> None:
    while not done.is_set():
        if not await sender.run_once():
            await asyncio.sleep(0.02)


async def test_no_calendar_second_exceeds_the_ceiling_with_two_senders(
    rig: Rig, database_url: str
) -> None:
    await rig.control("POST", "config", {"messages_per_second": 1000, "statuses": False})
    await _queue(rig)
    other_db = Database(database_url)
    senders = [
        rig.channel.sender,
        Sender(other_db, rig.channel.graph, rig.services.clock, SecondCounter(CEILING)),
    ]
    done = asyncio.Event()
    tasks = [asyncio.create_task(_drain(s, done)) for s in senders]
    try:
        for _ in range(400):
            sent = await rig.control("GET", "messages")
            if len(sent) >= MESSAGES:
                break
            await asyncio.sleep(0.05)
    finally:
        done.set()
        await asyncio.gather(*tasks)
        await other_db.dispose()
    sent = await rig.control("GET", "messages")
    assert sorted(m["body"]["text"]["body"] for m in sent) == sorted(
        f"#{n}" for n in range(MESSAGES)
    )
    per_second = Counter(int(datetime.fromisoformat(m["accepted_at"]).timestamp()) for m in sent)
    assert max(per_second.values()) <= CEILING
    assert len(per_second) >= MESSAGES // CEILING  # it really was spread over seconds
