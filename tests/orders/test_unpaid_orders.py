"""The unpaid order on a frozen clock: one reminder with its link before it lapses, then one
message that it was canceled and its items released."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from catalog.tables import CatalogProduct
from shop.orders import events
from shop.orders.jobs import expire_orders, remind_unpaid
from shop.orders.tables import ShopOrderLine
from shop.storage.db import Database
from tests.chat.chat import product, seed
from tests.orders.conftest import NOW, place
from tests.orders.lifecycle_rig import (
    Rig,
    add_template,
    make_rig,
    news_rows,
    open_window,
    reload,
    sent,
    text_of,
)

TWO_HOURS = timedelta(hours=2)


async def run_jobs(rig: Rig) -> tuple[int, int]:
    reminded = await remind_unpaid(rig.lifecycle, rig.clock, TWO_HOURS)
    expired = await expire_orders(rig.db, rig.payments, rig.lifecycle, rig.clock)
    return reminded, expired


async def test_the_reminder_goes_once_two_hours_before_expiry_with_the_order_link(
    db: Database,
) -> None:
    rig = make_rig(db)
    order = await place(db)  # lapses at NOW + 24 h
    await open_window(db, order.wa_id, NOW + timedelta(hours=12))
    rig.clock.set(NOW + timedelta(hours=21, minutes=59))
    assert await run_jobs(rig) == (0, 0)
    rig.clock.set(NOW + timedelta(hours=22))
    assert await run_jobs(rig) == (1, 0)
    rig.clock.advance(timedelta(minutes=30))
    assert await run_jobs(rig) == (0, 0)  # exactly once
    [body] = await sent(db, order.wa_id)
    assert text_of(body) == (
        f"Заказ {order.number} ещё не оплачен. Оплатить можно до 25.11.2026 15:00: "
        f"https://shop.example/o/{order.token}"
    )
    assert (await reload(db, order.id)).unpaid_reminded_at == NOW + timedelta(hours=22)


async def test_at_expiry_the_order_is_canceled_its_items_released_and_the_shopper_told_once(
    db: Database,
) -> None:
    rig = make_rig(db)
    await add_template(db)  # the window closed long ago: the template carries the news
    await seed(db, product("A1", "Чайник", "1050.00", "kettles", quantity=0))
    order = await place(db)
    async with db.transaction() as session:
        line = (await session.exec(select(ShopOrderLine))).one()
        line.reserved = 1
    rig.clock.set(NOW + timedelta(hours=24, minutes=1))
    assert await run_jobs(rig) == (0, 1)
    assert await run_jobs(rig) == (0, 0)
    expired = await reload(db, order.id)
    assert (expired.status, expired.cancel_reason) == ("canceled", "expired")
    async with db.sessions() as session:
        stocked = (await session.exec(select(CatalogProduct))).one()
        [event] = await events.history(session, order.id or 0)
    assert stocked.quantity == 1
    assert (event.from_status, event.to_status, event.actor_kind) == (
        "awaiting_payment",
        "canceled",
        "system",
    )
    [body] = await sent(db, order.wa_id)
    assert body["template"]["name"] == "order_update"
    assert "не был оплачен вовремя" in text_of(body)
    assert [n.kind for n in await news_rows(db, order.id)] == ["expired"]


async def test_a_late_reminder_is_not_sent_after_expiry(db: Database) -> None:
    rig = make_rig(db)
    order = await place(db)
    await open_window(db, order.wa_id, NOW + timedelta(hours=20))
    rig.clock.set(NOW + timedelta(hours=25))  # the worker was down through the reminder's time
    assert await run_jobs(rig) == (0, 1)
    assert [n.kind for n in await news_rows(db, order.id)] == ["expired"]
