"""Replies decided in an inbox batch go straight to sending as the batch commits."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from shop.storage.sql import run
from shop.whatsapp.dispatch import InboundEvent
from shop.whatsapp.messages import TextMessage
from shop.whatsapp.outbox import OUTBOX
from shop.whatsapp.ratelimit import SecondCounter
from tests.whatsapp.rig import Rig, start_rig
from tests.whatsapp.test_inbox_worker import text_envelope as envelope_at
from tests.whatsapp.test_sender import early_in_a_second, open_window, queue_text

SHOPPER = "79990002233"


def text_envelope(wa_id: str, wamid: str, body: str) -> bytes:
    return envelope_at(wa_id, wamid, body, ts=int(time.time()))  # the window is open


class Echo:
    """A handler that answers every text with `count` numbered replies."""

    def __init__(self, rig: Rig, count: int = 2) -> None:
        self.rig, self.count = rig, count

    async def __call__(self, session: AsyncSession, event: InboundEvent) -> None:
        assert event.message.text is not None
        for n in range(self.count):
            body = f"{event.message.text.body} → {n}"
            key = f"re:{event.message.id}:{n}"
            queued = await self.rig.channel.enqueue(
                session, TextMessage(body=body), to=event.wa_id, key=key
            )
            assert queued.queued


class Wakes:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> None:
        self.count += 1


@pytest.fixture
async def rig(aiohttp_client: Any, database_url: str, unused_tcp_port: int) -> Rig:
    rig = await start_rig(aiohttp_client, database_url, unused_tcp_port, isolated=True)
    early_in_a_second(rig)
    rig.channel.handlers.inbound.append(Echo(rig))
    return rig


@pytest.fixture
def wakes(rig: Rig) -> Wakes:
    wakes = Wakes()
    rig.channel.sender.wake = wakes
    return wakes


async def sent_bodies(rig: Rig, to: str = SHOPPER) -> list[str]:
    messages = await rig.control("GET", f"messages?to={to}")
    return [m["body"]["text"]["body"] for m in messages]


async def states(rig: Rig) -> list[str]:
    async with rig.services.db.transaction() as session:
        found = await run(session, select(OUTBOX.c.state).order_by(OUTBOX.c.id))
        return list(found.scalars())


async def test_a_batch_s_replies_are_sent_without_the_sender_job(rig: Rig, wakes: Wakes) -> None:
    assert await rig.post_webhook(text_envelope(SHOPPER, "wamid.H1", "чай")) == 200
    assert await rig.channel.inbox.run_once() == 1
    await rig.channel.sender.drain()
    assert await sent_bodies(rig) == ["чай → 0", "чай → 1"]
    assert await states(rig) == ["accepted", "accepted"]
    assert wakes.count == 0  # nothing was left for the sender job
    assert await rig.channel.sender.run_once() == 0


async def test_replies_to_many_chats_of_one_batch_all_go(rig: Rig, wakes: Wakes) -> None:
    chats = [f"7999000{n:04d}" for n in range(5)]
    for n, wa_id in enumerate(chats):
        await rig.post_webhook(text_envelope(wa_id, f"wamid.M{n}", f"вопрос {n}"))
    await rig.drain_inbox()
    for n, wa_id in enumerate(chats):
        assert await sent_bodies(rig, wa_id) == [f"вопрос {n} → 0", f"вопрос {n} → 1"]
    assert wakes.count == 0


async def test_a_reply_behind_a_message_in_flight_waits_and_the_sender_is_woken_after_it(
    rig: Rig, wakes: Wakes
) -> None:
    await open_window(rig)
    await queue_text(rig, body="ссылка на оплату")
    await rig.control("POST", "faults", {"next": [{"delay_ms": 300}]})
    in_flight = asyncio.create_task(rig.channel.sender.run_once())
    while await states(rig) != ["sending"]:
        await asyncio.sleep(0.01)
    await rig.post_webhook(text_envelope(SHOPPER, "wamid.H2", "спасибо"))
    assert await rig.channel.inbox.run_once() == 1
    await rig.channel.sender.drain()
    assert await states(rig) == ["sending", "pending", "pending"]  # order kept: they wait
    assert wakes.count == 0
    assert await in_flight == 1
    assert wakes.count == 1  # the head is recorded: its followers are due
    while await rig.channel.sender.run_once():
        pass
    assert await sent_bodies(rig) == ["ссылка на оплату", "спасибо → 0", "спасибо → 1"]


async def test_a_spent_second_leaves_the_replies_to_the_sender_job(rig: Rig, wakes: Wakes) -> None:
    rig.channel.sender.limiter = SecondCounter(0, wall=lambda: 1_800_000_000.1)
    await rig.post_webhook(text_envelope(SHOPPER, "wamid.H3", "чай"))
    assert await rig.channel.inbox.run_once() == 1
    await rig.channel.sender.drain()
    assert await states(rig) == ["pending", "pending"]
    assert wakes.count == 1
    early_in_a_second(rig)
    assert await rig.channel.sender.run_once() == 2
    assert await sent_bodies(rig) == ["чай → 0", "чай → 1"]


async def test_a_failing_hand_off_keeps_the_batch_and_the_sender_job_sends(
    rig: Rig, wakes: Wakes, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*_args: Any) -> None:
        raise RuntimeError("claim failed")

    monkeypatch.setattr(rig.channel.sender, "claim_for", broken)
    await rig.post_webhook(text_envelope(SHOPPER, "wamid.H4", "чай"))
    assert await rig.channel.inbox.run_once() == 1
    assert await rig.channel.inbox.run_once() == 0  # the message was processed once
    assert await states(rig) == ["pending", "pending"]
    assert wakes.count == 1
    monkeypatch.undo()
    early_in_a_second(rig)
    assert await rig.channel.sender.run_once() == 2
    assert await sent_bodies(rig) == ["чай → 0", "чай → 1"]


async def test_a_replayed_message_hands_off_nothing_new(rig: Rig, wakes: Wakes) -> None:
    body = text_envelope(SHOPPER, "wamid.H5", "чай")
    await rig.post_webhook(body)
    await rig.drain_inbox()
    await rig.post_webhook(body)  # Meta delivers the same message again
    await rig.drain_inbox()
    assert await sent_bodies(rig) == ["чай → 0", "чай → 1"]
    assert await states(rig) == ["accepted", "accepted"]
