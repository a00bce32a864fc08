"""Abandoned-cart reminders with a controllable clock, on a real database and the sandbox."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import col, select

from catalog.money import Money
from shop.chat.carts import cart_for, chat_for, load_cart, save_cart, save_chat
from shop.chat.decision import AddToCart, ClearCart
from shop.chat.tables import ShopCart
from shop.chat.views import CartLine
from shop.clock import FrozenClock
from shop.consent import store
from shop.consent.rules import ConsentEvent, ConsentKind, ConsentSource, ConsentState
from shop.reminders.scheduler import NudgeScheduler
from shop.reminders.tables import NudgeSend
from shop.storage.db import Database
from shop.whatsapp.tables import WaOutbox
from tests.whatsapp.rig import Rig, start_rig

SHOPPER = "79001234567"
MORNING = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)  # 10:00 in Moscow


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(MORNING)


@pytest.fixture
async def rig(
    aiohttp_client: Any, database_url: str, unused_tcp_port: int, clock: FrozenClock
) -> Rig:
    rig = await start_rig(aiohttp_client, database_url, unused_tcp_port, clock=clock)
    await rig.services.whatsapp.sync_templates()  # cart_reminder: APPROVED, MARKETING
    return rig


def scheduler(rig: Rig) -> NudgeScheduler:
    return rig.services.reminders


async def abandon(db: Database, at: datetime, *, consent: bool = True) -> None:
    """The shopper put two teas in the cart at `at` and went quiet."""
    async with db.transaction() as session:
        chat = await chat_for(session, "100000000000001", SHOPPER, at, "Анна")
        chat.last_inbound_at = at
        await save_chat(session, chat)
        cart = await cart_for(session, chat.id or 0, at)
        line = CartLine("TEA1", "Чай", 2, Money.rub("299.00"))
        await save_cart(session, cart, await load_cart(session, cart), (AddToCart(line),), at)
        if consent:
            event = ConsentEvent(SHOPPER, ConsentKind.GRANTED, ConsentSource.CHAT_BUTTON, at)
            await store.append(session, event, at)


async def reminders(db: Database) -> list[dict[str, Any]]:
    async with db.sessions() as session:
        rows = (await session.exec(select(WaOutbox).where(col(WaOutbox.kind) == "template"))).all()
    return [json.loads(r.body)["template"] for r in rows]


async def run_at(rig: Rig, clock: FrozenClock, moment: datetime) -> None:
    clock.set(moment)
    while await scheduler(rig).run_once():
        pass


async def test_a_cart_still_being_shopped_is_looked_at_again_when_a_step_can_be_due(
    rig: Rig, clock: FrozenClock, db: Database
) -> None:
    await abandon(db, MORNING)
    await run_at(rig, clock, MORNING + timedelta(minutes=1))
    async with db.sessions() as session:
        cart = (await session.exec(select(ShopCart))).one()
    first = scheduler(rig).config.steps[0].delay
    assert cart.nudge_check_at == MORNING + first
    assert await reminders(db) == []
    await run_at(rig, clock, MORNING + first)
    assert len(await reminders(db)) == 1


async def test_the_first_reminder_goes_after_an_hour_once(
    rig: Rig, clock: FrozenClock, db: Database
) -> None:
    await abandon(db, MORNING)
    await run_at(rig, clock, MORNING + timedelta(minutes=59))
    assert await reminders(db) == []
    await run_at(rig, clock, MORNING + timedelta(hours=1, minutes=1))
    await run_at(rig, clock, MORNING + timedelta(hours=1, minutes=2))
    [sent] = await reminders(db)
    assert sent["name"] == "cart_reminder"
    body = next(c for c in sent["components"] if c["type"] == "body")
    assert [p["text"] for p in body["parameters"]] == ["Анна", "598,00\u00a0₽"]
    payloads = [c["parameters"][0]["payload"] for c in sent["components"] if c["type"] == "button"]
    assert payloads == ["cart", "mkt_stop"]


async def test_the_second_reminder_follows_a_day_later_and_no_third(
    rig: Rig, clock: FrozenClock, db: Database
) -> None:
    await abandon(db, MORNING)
    for hours in (2, 23, 25, 49, 100):
        await run_at(rig, clock, MORNING + timedelta(hours=hours))
    assert len(await reminders(db)) == 2


async def test_no_consent_means_no_reminder(rig: Rig, clock: FrozenClock, db: Database) -> None:
    await abandon(db, MORNING, consent=False)
    await run_at(rig, clock, MORNING + timedelta(hours=3))
    assert await reminders(db) == []


async def test_a_reply_after_the_first_reminder_stops_the_second(
    rig: Rig, clock: FrozenClock, db: Database
) -> None:
    await abandon(db, MORNING)
    await run_at(rig, clock, MORNING + timedelta(hours=2))
    async with db.transaction() as session:
        chat = await chat_for(session, "100000000000001", SHOPPER, MORNING)
        chat.last_inbound_at = MORNING + timedelta(hours=3)  # "спасибо, подумаю"
        await save_chat(session, chat)
    await run_at(rig, clock, MORNING + timedelta(hours=30))
    assert len(await reminders(db)) == 1


async def test_quiet_hours_hold_the_reminder_until_morning(
    rig: Rig, clock: FrozenClock, db: Database
) -> None:
    evening = datetime(2026, 11, 24, 17, 30, tzinfo=UTC)  # 20:30 in Moscow
    await abandon(db, evening)
    await run_at(rig, clock, evening + timedelta(hours=1, minutes=5))  # 21:35 MSK: quiet
    assert await reminders(db) == []
    await run_at(rig, clock, datetime(2026, 11, 25, 6, 1, tzinfo=UTC))  # 09:01 MSK
    assert len(await reminders(db)) == 1


async def test_opting_out_stops_reminders(rig: Rig, clock: FrozenClock, db: Database) -> None:
    await abandon(db, MORNING)
    async with db.transaction() as session:
        stop = ConsentEvent(SHOPPER, ConsentKind.WITHDRAWN, ConsentSource.CHAT_KEYWORD, MORNING)
        await store.append(session, stop, MORNING)
    await run_at(rig, clock, MORNING + timedelta(hours=3))
    assert await reminders(db) == []


async def test_a_crash_between_claim_and_send_leaves_neither(
    rig: Rig, clock: FrozenClock, db: Database
) -> None:
    await abandon(db, MORNING)
    nudges = scheduler(rig)
    real = nudges.enqueue

    class PowerCut:
        """The outbox is never reached: the batch's claims are written, its messages not."""

        async def templates(self, *_args: Any, **_kwargs: Any) -> Any:
            raise RuntimeError("power cut")

    nudges.enqueue = PowerCut()
    clock.set(MORNING + timedelta(hours=2))
    with pytest.raises(RuntimeError):
        await nudges.run_once()
    async with db.sessions() as session:
        assert (await session.exec(select(NudgeSend))).all() == []
    nudges.enqueue = real
    await run_at(rig, clock, MORNING + timedelta(hours=2))
    assert len(await reminders(db)) == 1


async def test_two_schedulers_claim_each_step_once(
    rig: Rig, clock: FrozenClock, db: Database, database_url: str
) -> None:
    await abandon(db, MORNING)
    other_db = Database(database_url)
    nudges = scheduler(rig)
    twin = NudgeScheduler(db=other_db, clock=clock, enqueue=nudges.enqueue, config=nudges.config)
    clock.set(MORNING + timedelta(hours=2))
    await asyncio.gather(nudges.run_once(), twin.run_once())
    await other_db.dispose()
    assert len(await reminders(db)) == 1
    async with db.sessions() as session:
        assert len((await session.exec(select(NudgeSend))).all()) == 1


async def test_whatsapps_stop_promotions_withdraws_consent(rig: Rig, db: Database) -> None:
    await rig.control("POST", f"shoppers/{SHOPPER}/preferences", {"value": "stop"})
    await rig.control("POST", "webhooks/flush")
    await rig.drain_inbox()
    async with db.sessions() as session:
        assert await store.state_of(session, SHOPPER) is ConsentState.WITHDRAWN


async def test_a_131050_failure_records_the_opt_out(
    rig: Rig, clock: FrozenClock, db: Database
) -> None:
    await abandon(db, MORNING)
    await run_at(rig, clock, MORNING + timedelta(hours=2))
    async with db.transaction() as session:
        out = (await session.exec(select(WaOutbox))).one()
        out.error_code, out.failed_at, out.state = 131050, MORNING + timedelta(hours=2), "failed"
    await run_at(rig, clock, MORNING + timedelta(hours=3))
    async with db.sessions() as session:
        assert await store.state_of(session, SHOPPER) is ConsentState.WITHDRAWN
        nudge = (await session.exec(select(NudgeSend))).one()
    assert nudge.status == "failed"
    await run_at(rig, clock, MORNING + timedelta(hours=30))
    assert len(await reminders(db)) == 1  # no second step for a shopper who stopped marketing


async def test_a_red_quality_rating_pauses_reminders_and_says_why(
    rig: Rig, clock: FrozenClock, db: Database
) -> None:
    from shop.whatsapp.tables import WaPhoneQuality

    await abandon(db, MORNING)
    async with db.transaction() as session:
        session.add(WaPhoneQuality(phone="79000000000", event="DOWNGRADE", updated_at=MORNING))
    await run_at(rig, clock, MORNING + timedelta(hours=2))
    assert await reminders(db) == []
    page = await (await rig.client.get("/admin/nudges")).text()
    assert "Рейтинг качества номера упал до красного" in page


async def test_a_paused_template_skips_its_step_and_the_page_shows_it(
    rig: Rig, clock: FrozenClock, db: Database
) -> None:
    from shop.whatsapp.tables import WaTemplate

    await abandon(db, MORNING)
    async with db.transaction() as session:
        template = (
            await session.exec(select(WaTemplate).where(col(WaTemplate.name) == "cart_reminder"))
        ).one()
        template.status = "PAUSED"
    await run_at(rig, clock, MORNING + timedelta(hours=2))
    assert await reminders(db) == []
    async with db.sessions() as session:
        skipped = (await session.exec(select(NudgeSend))).all()
    assert [(n.step, n.status, n.reason) for n in skipped] == [(1, "skipped", "template_paused")]
    page = await (await rig.client.get("/admin/nudges", params={"since": "2026-11-24"})).text()
    assert "Шаблон приостановлен WhatsApp из-за жалоб" in page  # reason template_paused


async def test_an_emptied_cart_or_a_waiting_operator_gets_no_reminder(
    rig: Rig, clock: FrozenClock, db: Database
) -> None:
    await abandon(db, MORNING)
    async with db.transaction() as session:
        chat = await chat_for(session, "100000000000001", SHOPPER, MORNING)
        chat.operator_requested_at = MORNING + timedelta(minutes=1)
        await save_chat(session, chat)
    await run_at(rig, clock, MORNING + timedelta(hours=2))
    assert await reminders(db) == []
    async with db.transaction() as session:
        chat = await chat_for(session, "100000000000001", SHOPPER, MORNING)
        chat.operator_requested_at = None
        await save_chat(session, chat)
        cart = await cart_for(session, chat.id or 0, MORNING)
        await save_cart(session, cart, await load_cart(session, cart), (ClearCart(),), MORNING)
    await run_at(rig, clock, MORNING + timedelta(hours=30))
    assert await reminders(db) == []


async def test_the_reminder_buttons_reopen_the_cart_and_opt_out(
    rig: Rig, clock: FrozenClock, db: Database
) -> None:
    await abandon(db, MORNING)
    await run_at(rig, clock, MORNING + timedelta(hours=2))
    clock.set(datetime.now(UTC))  # the shopper answers now, through the sandbox
    tap = {"type": "button", "button": {"payload": "cart", "text": "Вернуться к корзине"}}
    await rig.control("POST", f"shoppers/{SHOPPER}/messages", tap)
    await rig.control("POST", "webhooks/flush")
    await rig.drain_inbox()
    async with db.sessions() as session:
        nudge = (await session.exec(select(NudgeSend))).one()
        replies = (
            await session.exec(select(WaOutbox).where(col(WaOutbox.kind) != "template"))
        ).all()
    assert nudge.clicked_at is not None
    assert any("Чай" in r.body for r in replies)  # the cart is shown again
    stop = {"type": "button", "button": {"payload": "mkt_stop", "text": "Отписаться"}}
    await rig.control("POST", f"shoppers/{SHOPPER}/messages", stop)
    await rig.control("POST", "webhooks/flush")
    await rig.drain_inbox()
    async with db.sessions() as session:
        assert await store.state_of(session, SHOPPER) is ConsentState.WITHDRAWN
