"""The inbox worker: per-chat order, exactly-once effects, statuses, windows and account events."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from shop.clock import FrozenClock
from shop.storage.db import Database
from shop.storage.sql import run
from shop.whatsapp.dispatch import InboundEvent
from shop.whatsapp.inbox_worker import InboxWorker
from shop.whatsapp.outbox import CHAT, OUTBOX, is_window_open
from shop.whatsapp.tables import WaMarketingPreference, WaPhoneQuality, WaTemplate
from tests.whatsapp.rig import Rig, payload, start_rig
from webhooks.tables import WaInbox

INBOX = WaInbox.__table__  # type: ignore[attr-defined]


def text_envelope(wa_id: str, wamid: str, body: str, ts: int = 1764000000) -> bytes:
    message = {
        "from": wa_id,
        "id": wamid,
        "timestamp": str(ts),
        "type": "text",
        "text": {"body": body},
    }
    value = {"messaging_product": "whatsapp", "contacts": [{"wa_id": wa_id}], "messages": [message]}
    envelope = {
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": value}]}],
    }
    return json.dumps(envelope).encode()


def status_envelope(*items: dict[str, Any]) -> bytes:
    value = {"messaging_product": "whatsapp", "statuses": list(items)}
    envelope = {
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": value}]}],
    }
    return json.dumps(envelope).encode()


class Recorder:
    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    async def __call__(self, session: AsyncSession, event: InboundEvent) -> None:
        assert event.message.text is not None
        self.seen.append((event.wa_id, event.message.text.body))
        await asyncio.sleep(0)  # let other workers interleave if they could


async def test_an_inbound_message_reaches_the_handlers_once_and_opens_the_window(rig: Rig) -> None:
    recorder = Recorder()
    rig.channel.handlers.inbound.append(recorder)
    answer = await rig.control(
        "POST",
        "shoppers/79990001122/messages",
        {"type": "text", "text": {"body": "меню"}, "name": "Анна"},
    )
    assert answer["wamid"]
    await rig.control("POST", "webhooks/flush")
    assert await rig.drain_inbox() == 1
    assert recorder.seen == [("79990001122", "меню")]
    async with rig.services.db.transaction() as session:
        assert await is_window_open(session, "79990001122", rig.services.clock.now())
    # Meta retries the same delivery: nothing happens twice.
    deliveries = await rig.control("GET", "webhooks")
    assert deliveries
    assert await rig.drain_inbox() == 0
    assert recorder.seen == [("79990001122", "меню")]


async def _post_chats(rig: Rig, chats: list[str], per_chat: int) -> None:
    for n in range(per_chat):
        for chat in chats:
            assert await rig.post_webhook(text_envelope(chat, f"wamid.{chat}.{n}", str(n))) == 200


async def test_messages_of_one_chat_are_processed_in_order_by_concurrent_workers(
    rig: Rig, database_url: str
) -> None:
    chats = ["7000001", "7000002", "7000003"]
    await _post_chats(rig, chats, per_chat=6)
    recorder = Recorder()
    rig.channel.handlers.inbound.append(recorder)
    # Two workers with their own engines, as two `shop worker` processes would have.
    databases = [Database(database_url), Database(database_url)]
    workers = [
        InboxWorker(db, rig.services.clock, rig.channel.handlers, batch=2) for db in databases
    ]

    async def drain(worker: InboxWorker) -> None:
        for _ in range(200):
            if not await worker.run_once():
                await asyncio.sleep(0.01)
                if not await worker.run_once():
                    return

    try:
        await asyncio.gather(*(drain(w) for w in workers))
    finally:
        for db in databases:
            await db.dispose()
    assert len(recorder.seen) == 18  # every message once
    for chat in chats:
        assert [body for wa_id, body in recorder.seen if wa_id == chat] == [
            str(n) for n in range(6)
        ]


async def test_a_failing_handler_is_retried_later_and_blocks_only_its_chat(
    aiohttp_client: Any, database_url: str, unused_tcp_port: int
) -> None:
    # The clock stands still: the retry is not due while the inbox is drained.
    clock = FrozenClock(datetime(2026, 11, 24, 12, 0, tzinfo=UTC))
    rig = await start_rig(aiohttp_client, database_url, unused_tcp_port, clock=clock, isolated=True)
    calls: list[str] = []

    async def flaky(session: AsyncSession, event: InboundEvent) -> None:
        calls.append(event.message.id)
        if event.message.id == "wamid.f1":
            raise RuntimeError("boom")

    rig.channel.handlers.inbound.append(flaky)
    await rig.post_webhook(text_envelope("7000009", "wamid.f1", "a"))
    await rig.post_webhook(text_envelope("7000009", "wamid.f2", "b"))
    await rig.post_webhook(text_envelope("7000010", "wamid.g1", "c"))
    await rig.drain_inbox()
    # The batch failed, so it was done again item by item: the failed chat waits, the
    # other goes on, and its effects are committed once.
    assert calls.count("wamid.f1") == 2
    assert "wamid.f2" not in calls
    assert calls.count("wamid.g1") == 1
    async with rig.services.db.transaction() as session:
        done = await run(session, select(INBOX.c.wamid).where(INBOX.c.processed_at.is_not(None)))
        assert set(done.scalars()) == {"wamid.g1"}
    async with rig.services.db.transaction() as session:
        row = (await run(session, select(INBOX).where(INBOX.c.wamid == "wamid.f1"))).one()
    assert row.processed_at is None
    assert row.attempts == 1
    assert row.last_error
    assert "boom" in row.last_error


async def _outbox_row(rig: Rig, wamid: str, recipient: str = "7000020") -> int:
    now = rig.services.clock.now()
    async with rig.services.db.transaction() as session:
        result = await run(
            session,
            OUTBOX.insert()
            .values(
                recipient=recipient,
                kind="text",
                category="service",
                body="{}",
                state="accepted",
                attempts=1,
                created_at=now,
                next_attempt_at=now,
                wamid=wamid,
            )
            .returning(OUTBOX.c.id),
        )
        return int(result.scalar_one())


def status(wamid: str, state: str, ts: int, **extra: Any) -> dict[str, Any]:
    return {"id": wamid, "status": state, "timestamp": str(ts), "recipient_id": "7000020", **extra}


async def test_out_of_order_and_duplicate_statuses_give_the_final_state(rig: Rig) -> None:
    await _outbox_row(rig, "wamid.O1")
    await rig.post_webhook(status_envelope(status("wamid.O1", "read", 1764000010)))
    await rig.post_webhook(status_envelope(status("wamid.O1", "sent", 1764000001)))
    await rig.post_webhook(status_envelope(status("wamid.O1", "read", 1764000010)))
    await rig.post_webhook(status_envelope(status("wamid.O1", "delivered", 1764000003)))
    assert await rig.drain_inbox() == 3
    async with rig.services.db.transaction() as session:
        row = (await run(session, select(OUTBOX).where(OUTBOX.c.wamid == "wamid.O1"))).one()
    assert row.delivery == "read"
    assert int(row.sent_at.timestamp()) == 1764000001
    assert int(row.delivered_at.timestamp()) == 1764000003
    assert int(row.read_at.timestamp()) == 1764000010


async def test_read_without_delivered_sets_the_delivered_time(rig: Rig) -> None:
    await _outbox_row(rig, "wamid.O2")
    await rig.post_webhook(status_envelope(status("wamid.O2", "read", 1764000010)))
    await rig.drain_inbox()
    async with rig.services.db.transaction() as session:
        row = (await run(session, select(OUTBOX).where(OUTBOX.c.wamid == "wamid.O2"))).one()
    assert (row.delivery, int(row.delivered_at.timestamp())) == ("read", 1764000010)


async def test_a_status_found_by_callback_data_before_the_wamid_was_recorded(rig: Rig) -> None:
    outbox_id = await _outbox_row(rig, "wamid.OTHER")
    item = status(
        "wamid.UNRECORDED", "delivered", 1764000005, biz_opaque_callback_data=f"outbox:{outbox_id}"
    )
    await rig.post_webhook(status_envelope(item))
    await rig.drain_inbox()
    async with rig.services.db.transaction() as session:
        row = (await run(session, select(OUTBOX).where(OUTBOX.c.id == outbox_id))).one()
    assert row.delivery == "delivered"


async def test_a_status_of_an_unknown_message_waits_instead_of_being_lost(rig: Rig) -> None:
    await rig.post_webhook(status_envelope(status("wamid.LATE", "sent", 1764000001)))
    assert await rig.drain_inbox() == 1
    async with rig.services.db.transaction() as session:
        row = (await run(session, select(INBOX).where(INBOX.c.wamid == "wamid.LATE"))).one()
    assert row.processed_at is None
    assert row.next_attempt_at > rig.services.clock.now()


async def test_a_failed_131047_status_closes_the_window(rig: Rig) -> None:
    now = int(rig.services.clock.now().timestamp())
    await rig.post_webhook(text_envelope("7000020", "wamid.in1", "hi", ts=now - 60))
    await rig.drain_inbox()
    async with rig.services.db.transaction() as session:
        assert await is_window_open(session, "7000020", rig.services.clock.now())
    await _outbox_row(rig, "wamid.F1")
    await rig.post_webhook(
        payload("status_failed.json")
        .replace(b"wamid.OUT2", b"wamid.F1")
        .replace(b"1764000002", str(now).encode())
        .replace(b"79991234567", b"7000020")
    )
    await rig.drain_inbox()
    async with rig.services.db.transaction() as session:
        assert not await is_window_open(session, "7000020", rig.services.clock.now())
        row = (await run(session, select(OUTBOX).where(OUTBOX.c.wamid == "wamid.F1"))).one()
    assert (row.delivery, row.error_code, row.error_title) == (
        "failed",
        131047,
        "Re-engagement message",
    )


async def test_preferences_quality_and_template_updates_are_stored(rig: Rig) -> None:
    for name in (
        "user_preferences.json",
        "phone_number_quality_update.json",
        "template_status_update.json",
        "account_update.json",
    ):
        assert await rig.post_webhook(payload(name)) == 200
    hooked: list[dict[str, Any]] = []

    async def hook(session: AsyncSession, value: dict[str, Any]) -> None:
        hooked.append(value)

    rig.channel.handlers.preferences.append(hook)
    assert await rig.drain_inbox() == 4
    async with rig.services.db.transaction() as session:
        pref = (await run(session, select(WaMarketingPreference.__table__))).one()  # type: ignore[attr-defined]
        quality = (await run(session, select(WaPhoneQuality.__table__))).one()  # type: ignore[attr-defined]
        template = (await run(session, select(WaTemplate.__table__))).one()  # type: ignore[attr-defined]
        pending = (await run(session, select(INBOX).where(INBOX.c.processed_at.is_(None)))).all()
    assert (pref.wa_id, pref.value) == ("79991234567", "stop")
    assert (quality.event, quality.current_limit) == ("FLAGGED", "TIER_2K")
    assert (template.name, template.language, template.status) == (
        "cart_reminder",
        "ru",
        "APPROVED",
    )
    assert hooked
    assert hooked[0]["value"] == "stop"
    assert pending == []


async def test_a_message_with_an_odd_sub_object_still_opens_the_window(rig: Rig) -> None:
    recorder = Recorder()
    rig.channel.handlers.inbound.append(recorder)
    now = int(rig.services.clock.now().timestamp())
    odd = text_envelope("7000030", "wamid.odd", "x", ts=now).replace(
        b'"text": {"body": "x"}', b'"text": {"no_body": 1}'
    )
    assert await rig.post_webhook(odd) == 200
    assert await rig.drain_inbox() == 1
    assert recorder.seen == []
    async with rig.services.db.transaction() as session:
        assert await is_window_open(session, "7000030", rig.services.clock.now())


async def test_a_batch_of_statuses_for_many_messages_is_merged_in_one_round(rig: Rig) -> None:
    ids = [await _outbox_row(rig, f"wamid.M{n}") for n in range(30)]
    items = [
        status(f"wamid.M{n}", state, ts)
        for n in range(30)
        for state, ts in (("read", 1764000005), ("sent", 1764000001), ("delivered", 1764000002))
    ]
    for start in range(0, len(items), 10):
        assert await rig.post_webhook(status_envelope(*items[start : start + 10])) == 200
    assert await rig.channel.inbox.run_once() == 30  # one lane per message: all heads at once
    await rig.drain_inbox()
    async with rig.services.db.transaction() as session:
        rows = (await run(session, select(OUTBOX).where(OUTBOX.c.id.in_(ids)))).all()
        pending = (await run(session, select(INBOX).where(INBOX.c.processed_at.is_(None)))).all()
    assert {r.delivery for r in rows} == {"read"}
    assert all(int(r.sent_at.timestamp()) == 1764000001 for r in rows)
    assert all(int(r.delivered_at.timestamp()) == 1764000002 for r in rows)
    assert pending == []


async def test_a_batch_takes_every_status_but_only_a_few_messages(rig: Rig) -> None:
    recorder = Recorder()
    rig.channel.handlers.inbound.append(recorder)
    rig.channel.inbox.handled_per_batch = 2
    for n in range(5):  # five shoppers write at once
        await rig.post_webhook(text_envelope(f"70000{n:02d}", f"wamid.m{n}", "привет"))
    statuses = [status(f"wamid.S{n}", "delivered", 1764000003) for n in range(6)]
    await rig.post_webhook(status_envelope(*statuses))
    assert await rig.channel.inbox.run_once() == 2 + 6  # two messages, every status
    assert len(recorder.seen) == 2
    assert await rig.channel.inbox.run_once() == 2
    assert await rig.channel.inbox.run_once() == 1
    assert [wa_id for wa_id, _ in recorder.seen] == [f"70000{n:02d}" for n in range(5)]


async def test_a_failed_items_writes_are_undone_and_its_batch_goes_on(rig: Rig) -> None:
    """The savepoint of a failing item is real: what it wrote (its chat window here) is
    rolled back, and on PostgreSQL the batch's transaction stays usable for the others."""

    async def failing(session: AsyncSession, event: InboundEvent) -> None:
        if event.wa_id == "7000031":
            raise RuntimeError("boom")

    rig.channel.handlers.inbound.append(failing)
    await rig.post_webhook(text_envelope("7000031", "wamid.h1", "a"))
    await rig.post_webhook(text_envelope("7000032", "wamid.h2", "b"))
    await rig.drain_inbox()
    async with rig.services.db.transaction() as session:
        done = await run(session, select(INBOX.c.wamid).where(INBOX.c.processed_at.is_not(None)))
        assert set(done.scalars()) == {"wamid.h2"}
        windows = await run(session, select(CHAT.c.wa_id))
        assert set(windows.scalars()) == {"7000032"}


async def test_a_batch_that_fails_even_item_by_item_charges_each_item_an_attempt(
    rig: Rig,
) -> None:
    """Not one item's failure (marking the batch fails): each claimed item is still charged
    an attempt and waits its backoff, so none is retried for ever ahead of the others."""
    await rig.post_webhook(text_envelope("7000041", "wamid.k1", "a"))
    await rig.post_webhook(text_envelope("7000042", "wamid.k2", "b"))
    worker = rig.channel.inbox

    async def broken(*args: object) -> None:
        raise OSError("disk full")

    worker._mark = broken  # type: ignore[method-assign]
    assert await worker.run_once() == 0
    del worker._mark
    async with rig.services.db.transaction() as session:
        rows = (await run(session, select(INBOX).order_by(INBOX.c.id))).all()
    assert [(r.attempts, r.processed_at, r.last_error) for r in rows] == [
        (1, None, "OSError: disk full")
    ] * 2
    assert all(r.next_attempt_at > r.received_at for r in rows)
