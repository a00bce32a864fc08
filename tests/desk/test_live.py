"""The desk's live feed is pushed: a committed desk change wakes an open feed at once, in the
same process and (PostgreSQL) from another one through LISTEN/NOTIFY. Every feed here has a
fallback poll of an hour, so an event that arrives came by the wake-up, and `polls` (the waits
ended by that poll) stays 0."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

import pytest
from aiohttp import ClientResponse
from sqlalchemy.ext.asyncio import AsyncSession

from shop.clock import FrozenClock, utcnow
from shop.compose import open_services
from shop.desk.live import TOPIC, LiveFeed
from shop.desk.transcript import add_line
from shop.storage.db import Database
from shop.storage.sql import run
from shop.whatsapp.outbox import OUTBOX
from tests.chat.chat import Shopper
from tests.conftest import ON_POSTGRES
from tests.desk.desk import IVAN, chat_of
from tests.whatsapp.rig import Rig, settings_for, start_rig
from tests.whatsapp.test_inbox_worker import status_envelope

HOUR = 3600.0  # the fallback poll of every feed here: never reached while a test runs
GUARD_S = 30.0  # how long to wait before calling an event lost: a guard, not a speed target


@pytest.fixture
async def rig(
    aiohttp_client: Any, database_url: str, unused_tcp_port: int, clock: FrozenClock
) -> Rig:
    return await start_rig(
        aiohttp_client, database_url, unused_tcp_port, clock=clock, desk_feed_poll_s=HOUR
    )


async def next_change(feed: ClientResponse) -> dict[str, Any]:
    """The next `change` event's data (comments and other lines skipped)."""

    async def read() -> dict[str, Any]:
        event = ""
        while True:
            line = (await feed.content.readline()).decode().rstrip("\n")
            if line.startswith("event: "):
                event = line.removeprefix("event: ")
            elif line.startswith("data: ") and event == "change":
                return dict(json.loads(line.removeprefix("data: ")))

    return await asyncio.wait_for(read(), GUARD_S)


@asynccontextmanager
async def feed_of(rig: Rig, query: str = "") -> AsyncIterator[ClientResponse]:
    response = await rig.client.get(f"/admin/chats/events{query}")
    assert response.status == 200
    assert response.headers["Content-Type"] == "text/event-stream"
    try:
        yield response
    finally:
        response.close()
        rig.services.desk_live.wake()  # the feed looks once more, sees the page gone, ends


async def test_a_shopper_asking_for_a_person_reaches_an_open_inbox_without_a_poll(
    rig: Rig, shopper: Shopper
) -> None:
    await shopper.text("привет")
    live = rig.services.desk_live
    async with feed_of(rig) as feed:
        first = await next_change(feed)  # the feed's first look says what it found
        assert first["waiting"] == 0
        await shopper.text("оператор")
        change = await next_change(feed)
        while change["waiting"] == 0:  # the bot's own lines may come in a change of their own
            change = await next_change(feed)
    assert (change["waiting"], change["was_waiting"]) == (1, 0)
    assert change["line"] > first["line"]
    assert live.polls == 0


async def test_an_open_chat_page_sees_another_operators_note_without_a_poll(
    rig: Rig, shopper: Shopper
) -> None:
    await shopper.text("оператор")
    chat_id = await _chat_id(rig)
    async with feed_of(rig, f"?chat={chat_id}") as feed:
        first = await next_change(feed)
        await rig.services.desk.note(chat_id, IVAN, "Покупатель просил перезвонить")
        change = await next_change(feed)
    assert change["line"] > first["line"]
    assert rig.services.desk_live.polls == 0


async def _chat_id(rig: Rig) -> int:
    chat, _ = await chat_of(rig)
    assert chat.id is not None
    return chat.id


async def test_only_a_committed_unit_of_work_tells_its_watchers(database_url: str) -> None:
    told: list[frozenset[str]] = []
    db = Database(database_url, on_commit=told.append)
    try:
        with pytest.raises(RuntimeError, match="rolled back"):
            await _note_then(db, fail=True)
        assert told == []
        await _note_then(db, fail=False)
        async with db.transaction():
            pass  # nothing marked: nobody told
        assert told == [frozenset({TOPIC})]
    finally:
        await db.dispose()


async def _note_then(db: Database, *, fail: bool) -> None:
    async with db.transaction() as session:
        await add_line(session, wa_id="79001112233", at=utcnow(), direction="note", kind="note")
        if fail:
            raise RuntimeError("rolled back")


async def test_a_feed_that_missed_a_wake_up_while_busy_looks_again_at_once() -> None:
    live = LiveFeed(fallback=HOUR)
    seen = live.version
    live.wake()  # while the feed was looking
    live.wake()
    assert await live.wait(seen) == seen + 2  # returns without waiting: versions, not events
    waiter = asyncio.create_task(live.wait(live.version))
    await asyncio.sleep(0)
    assert not waiter.done()
    live.wake()
    assert await asyncio.wait_for(waiter, GUARD_S) == seen + 3
    assert live.polls == 0


async def test_the_fallback_poll_ends_a_wait_when_nothing_is_told() -> None:
    live = LiveFeed(fallback=0.01)
    assert await live.wait(live.version) == 0
    assert live.polls == 1


@pytest.mark.skipif(not ON_POSTGRES, reason="LISTEN/NOTIFY is PostgreSQL's, SQLite runs one")
async def test_a_change_committed_by_another_process_reaches_the_feed_through_notify(
    rig: Rig, database_url: str, clock: FrozenClock
) -> None:
    graph = rig.services.settings.whatsapp_graph_url
    settings = settings_for(database_url, graph, desk_feed_poll_s=HOUR)
    async with feed_of(rig) as feed:
        first = await next_change(feed)
        async with open_services(settings, clock=clock, run_worker=False) as other:
            async with other.db.transaction() as session:
                await add_line(
                    session, wa_id="79001112233", at=clock.now(), direction="note", kind="note"
                )
            change = await next_change(feed)
    assert change["line"] is not None
    assert first["line"] is None or change["line"] > first["line"]
    assert rig.services.desk_live.polls == 0
    assert rig.services.waker.others is not None


async def test_an_open_chat_page_sees_a_delivery_tick_without_a_poll(
    rig: Rig, shopper: Shopper
) -> None:
    """A status merged into an outbound message wakes the feeds: the chat page's ticks
    change while its newest line stays the same."""
    await shopper.text("оператор")
    chat_id = await _chat_id(rig)
    now = rig.services.clock.now()
    async with rig.services.db.transaction() as session:
        outbox_id = await _accepted(session, shopper.wa_id, "wamid.TICK1", now)
        await add_line(
            session, wa_id=shopper.wa_id, at=now, direction="out", kind="text", outbox_id=outbox_id
        )
    async with feed_of(rig, f"?chat={chat_id}") as feed:
        first = await next_change(feed)
        delivered = {"id": "wamid.TICK1", "status": "delivered", "timestamp": "1764000010"}
        await rig.post_webhook(status_envelope({**delivered, "recipient_id": shopper.wa_id}))
        await rig.drain_inbox()
        change = await next_change(feed)
    assert change["line"] == first["line"]  # no new line: the tick changed
    assert rig.services.desk_live.polls == 0


async def _accepted(session: AsyncSession, wa_id: str, wamid: str, now: datetime) -> int:
    """An outbound message Meta has taken, not yet delivered."""
    values = {"recipient": wa_id, "kind": "text", "category": "service", "body": "{}"}
    values |= {"state": "accepted", "attempts": 1, "created_at": now, "next_attempt_at": now}
    inserted = await run(session, OUTBOX.insert().values(**values, wamid=wamid))
    return int(inserted.inserted_primary_key[0])
