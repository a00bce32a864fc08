"""A scheduler's batch written whole: its claims in one statement, its messages in one more,
exactly once across workers and crashes, counted (statements, never seconds)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from catalog.money import Money
from shop.chat.carts import cart_for, chat_for, load_cart, save_cart, save_chat
from shop.chat.decision import AddToCart
from shop.chat.tables import ShopCart, ShopChat
from shop.chat.views import CartLine
from shop.clock import FrozenClock
from shop.consent import store
from shop.consent.rules import ConsentEvent, ConsentKind, ConsentSource
from shop.reminders import claims, scheduler
from shop.reminders.batch import Episode
from shop.reminders.claims import QUEUED, SKIPPED, Step
from shop.reminders.scheduler import NudgeScheduler
from shop.reminders.tables import NudgeSend
from shop.storage import fastpath
from shop.storage.db import Database
from shop.whatsapp.messages import OutboundMessage
from shop.whatsapp.service import OutboxEnqueue
from shop.whatsapp.tables import WaOutbox
from tests.reminders.test_scheduler import MORNING
from tests.whatsapp.rig import PHONE_ID, Rig

LATER = MORNING + timedelta(hours=2)  # the first step (after an hour) is due


async def abandon_many(db: Database, count: int, at: datetime, *, first: int = 0) -> list[str]:
    """`count` shoppers, each with a consent and a cart of tea left at `at`."""
    shoppers = [f"7901{first + i:07d}" for i in range(count)]
    async with db.transaction() as session:
        for wa_id in shoppers:
            chat = await chat_for(session, PHONE_ID, wa_id, at, "Анна")
            chat.last_inbound_at = at
            await save_chat(session, chat)
            cart = await cart_for(session, chat.id or 0, at)
            line = CartLine("TEA1", "Чай", 1, Money.rub("299.00"))
            await save_cart(session, cart, await load_cart(session, cart), (AddToCart(line),), at)
            granted = ConsentEvent(wa_id, ConsentKind.GRANTED, ConsentSource.CHAT_BUTTON, at)
            await store.append(session, granted, at)
    return shoppers


async def drain(nudges: NudgeScheduler) -> None:
    while await nudges.run_once():
        pass


async def sent(db: Database) -> tuple[list[NudgeSend], dict[int, WaOutbox]]:
    """The claims, and the reminders queued, by outbox id."""
    async with db.sessions() as session:
        rows = (await session.exec(select(NudgeSend).order_by(col(NudgeSend.id)))).all()
        query = select(WaOutbox).where(col(WaOutbox.kind) == "template")
        messages = {m.id or 0: m for m in (await session.exec(query)).all()}
    return list(rows), messages


def assert_each_shopper_once(
    shoppers: list[str], rows: list[NudgeSend], messages: dict[int, WaOutbox]
) -> None:
    assert sorted(m.recipient for m in messages.values()) == sorted(shoppers)
    assert sorted(r.wa_id for r in rows) == sorted(shoppers)
    for row in rows:  # each claim points at its own message, keyed by the claim
        assert row.status == "queued"
        assert messages[row.outbox_id or 0].key == f"nudge:{row.id}"
        assert messages[row.outbox_id or 0].recipient == row.wa_id


@pytest.fixture
def every_statement(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every statement sent to a database while the test runs. The fast path's statements
    skip SQLAlchemy's events, so here they go through SQLAlchemy (as they do before a
    transaction's first statement): the same statements, all of them seen."""

    async def through_sqlalchemy(*_args: Any) -> None:
        return None

    monkeypatch.setattr(fastpath, "_driver", through_sqlalchemy)
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, sql: str, *_rest: Any) -> None:
        seen.append(sql)

    event.listen(Engine, "before_cursor_execute", record)
    yield seen
    event.remove(Engine, "before_cursor_execute", record)


async def counted(
    nudges: NudgeScheduler, clock: FrozenClock, at: datetime, seen: list[str]
) -> list[str]:
    clock.set(at)
    seen.clear()
    assert await nudges.run_once()
    return list(seen)


async def test_a_batch_claims_and_queues_in_one_statement_each_whatever_its_size(
    rig: Rig, clock: FrozenClock, db: Database, every_statement: list[str]
) -> None:
    nudges = rig.services.reminders
    await abandon_many(db, 10, MORNING)
    small = await counted(nudges, clock, LATER, every_statement)
    # 30 more shoppers (the first ten's carts are next due for their second step, tomorrow)
    await abandon_many(db, 30, LATER, first=10)
    large = await counted(nudges, clock, LATER + timedelta(hours=2), every_statement)

    for run, reminders in ((small, 10), (large, 30)):
        assert sum(sql.startswith("INSERT INTO nudge_send") for sql in run) == 1
        assert sum(sql.startswith("INSERT INTO wa_outbox") for sql in run) == 1
        # the policy's read of the templates and the outbox's check of the batch's template
        assert sum("FROM wa_template" in sql for sql in run) == 2
        # the transcript's line of each message is still one statement per reminder
        assert sum(sql.startswith("INSERT INTO desk_message") for sql in run) == reminders
    desk = "INSERT INTO desk_message"
    small_rest = [sql for sql in small if not sql.startswith(desk)]
    large_rest = [sql for sql in large if not sql.startswith(desk)]
    assert len(large_rest) == len(small_rest)  # three times the reminders, no more statements
    rows, messages = await sent(db)
    assert len(rows) == len(messages) == 40


async def test_a_cart_just_reminded_is_looked_at_again_when_its_next_step_is_due(
    rig: Rig, clock: FrozenClock, db: Database
) -> None:
    await abandon_many(db, 1, MORNING)
    nudges = rig.services.reminders
    clock.set(LATER)
    assert [await nudges.run_once(), await nudges.run_once()] == [1, 0]  # no second visit now
    async with db.sessions() as session:
        cart = (await session.exec(select(ShopCart))).one()
    # The second step: a day after the cart went idle, and no sooner than 23 h after the first.
    assert cart.nudge_check_at == LATER + timedelta(hours=23)
    clock.set(LATER + timedelta(hours=23))
    await drain(nudges)
    rows, messages = await sent(db)
    assert [r.step for r in rows] == [1, 2]
    assert len(messages) == 2


async def test_a_crash_after_part_of_a_batch_was_queued_leaves_none_of_it(
    rig: Rig, clock: FrozenClock, db: Database
) -> None:
    shoppers = await abandon_many(db, 5, MORNING)
    told: list[str] = []

    async def power_cut_at_the_third(
        _session: Any, _message: OutboundMessage, to: str, _outbox_id: int, _now: datetime
    ) -> None:
        told.append(to)
        if len(told) == 3:
            raise RuntimeError("power cut")

    nudges = rig.services.reminders
    crashing = NudgeScheduler(
        db=db,
        clock=clock,
        enqueue=OutboxEnqueue(clock, on_queued=power_cut_at_the_third),
        config=nudges.config,
    )
    clock.set(LATER)
    with pytest.raises(RuntimeError):
        await crashing.run_once()
    assert len(told) == 3  # the batch's claims and outbox rows were written by then
    assert await sent(db) == ([], {})
    async with db.sessions() as session:
        carts = (await session.exec(select(ShopCart))).all()
    assert all(c.nudge_check_at is not None and c.nudge_check_at <= LATER for c in carts)

    await drain(nudges)
    assert_each_shopper_once(shoppers, *await sent(db))


async def test_two_schedulers_sharing_many_batches_claim_each_step_once(
    rig: Rig,
    clock: FrozenClock,
    db: Database,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(scheduler, "BATCH", 15)  # many batches, taken in turns by both
    monkeypatch.setattr(scheduler, "SQLITE_BATCH", 15)
    shoppers = await abandon_many(db, 90, MORNING)
    other_db = Database(database_url)
    nudges = rig.services.reminders
    twin = NudgeScheduler(db=other_db, clock=clock, enqueue=nudges.enqueue, config=nudges.config)
    clock.set(LATER)
    try:
        await asyncio.gather(drain(nudges), drain(twin))
    finally:
        await other_db.dispose()
    assert_each_shopper_once(shoppers, *await sent(db))


async def test_a_step_claimed_elsewhere_is_left_to_its_claim_and_the_rest_is_written(
    rig: Rig, clock: FrozenClock, db: Database
) -> None:
    shoppers = await abandon_many(db, 4, MORNING)
    async with db.transaction() as session:
        carts = (await session.exec(select(ShopCart).order_by(col(ShopCart.id)))).all()
        chats = {c.id: c for c in (await session.exec(select(ShopChat))).all()}
        # Another worker claimed the second cart's step and committed after this batch read.
        theirs = chats[carts[1].chat_id]
        session.add(
            NudgeSend(
                cart_id=carts[1].id or 0,
                chat_id=theirs.id or 0,
                wa_id=theirs.wa_id,
                episode_at=MORNING,
                step=1,
                template="cart_reminder",
                status="queued",
                claimed_at=MORNING,
            )
        )
    episode = Episode(at=MORNING, handled=frozenset(), last_sent=None)
    kinds = (
        ("cart_reminder", QUEUED, None),
        ("cart_reminder", QUEUED, None),
        ("", SKIPPED, "template_paused"),
        ("no_such_template", QUEUED, None),
    )
    steps = [
        Step(cart, chats[cart.chat_id], episode, 1, template, status, reason=reason)
        for cart, (template, status, reason) in zip(carts, kinds, strict=True)
    ]
    async with db.transaction() as session:
        queued = await claims.write(
            session, steps, enqueue=rig.services.reminders.enqueue, now=LATER
        )

    assert queued == 1
    rows, messages = await sent(db)
    assert [m.recipient for m in messages.values()] == [shoppers[0]]
    outcome = {r.wa_id: (r.status, r.reason, r.outbox_id is not None) for r in rows}
    assert outcome == {
        shoppers[0]: ("queued", None, True),
        shoppers[1]: ("queued", None, False),  # the other worker's claim, untouched
        shoppers[2]: ("skipped", "template_paused", False),
        shoppers[3]: ("refused", "template_unknown: no_such_template", False),
    }
    [message] = messages.values()
    assert json.loads(message.body)["template"]["name"] == "cart_reminder"
