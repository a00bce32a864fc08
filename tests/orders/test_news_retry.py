"""Undelivered order news goes out later, exactly once: as a plain message once the shopper
writes again (the window opens), or as the `order_update` template once it is approved; tried
on a back-off schedule in between, and failed (on the dashboard) after its last try."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from aiohttp.test_utils import TestClient
from sqlmodel import select

from shop.compose import open_services
from shop.dashboard import queries
from shop.dashboard.banners import banners
from shop.orders.events import Actor
from shop.orders.lifecycle import Ask
from shop.orders.model import OrderStatus
from shop.orders.news import OrderNewsTeller
from shop.orders.news_retry import JOB, NewsRetry
from shop.orders.tables import ShopOrder
from shop.settings import load_settings
from shop.storage.db import Database
from shop.whatsapp.service import OutboxEnqueue
from shop.whatsapp.tables import WaTemplate
from tests.orders.conftest import place
from tests.orders.lifecycle_rig import (
    BASE,
    ZONE,
    Rig,
    add_template,
    close_window,
    make_rig,
    news_rows,
    open_window,
    paid_order,
    sent,
    text_of,
)
from tests.web.conftest import open_client

__all__ = ["open_client"]

OWNER = Actor.staff("anna", "owner")


def retry_of(rig: Rig) -> NewsRetry:
    teller = OrderNewsTeller(enqueue=OutboxEnqueue(rig.clock), public_base_url=BASE)
    return NewsRetry(db=rig.db, teller=teller, clock=rig.clock, zone=ZONE)


async def untold(rig: Rig) -> ShopOrder:
    """A paid, then confirmed order whose news could not go: no window, no approved template."""
    order = await paid_order(rig)
    await quiet(rig, order)
    await rig.lifecycle.change(order.id or 0, Ask(OrderStatus.CONFIRMED, OWNER))
    states = [(n.kind, n.state) for n in await news_rows(rig.db, order.id)]
    assert states == [("paid", "undelivered"), ("confirmed", "undelivered")]
    return order


async def quiet(rig: Rig, order: ShopOrder) -> None:
    """The shopper has not written for days, and `order_update` is still under review."""
    await add_template(rig.db, status="PENDING")
    await close_window(rig.db, order.wa_id, rig.clock)


async def approve(rig: Rig) -> None:
    """Meta approves `order_update` a minute on (`templates sync` stamps the change)."""
    rig.clock.advance(timedelta(minutes=1))
    async with rig.db.transaction() as session:
        template = (await session.exec(select(WaTemplate))).one()
        template.status = "APPROVED"
        template.updated_at = rig.clock.now()


async def test_news_waits_until_the_shopper_writes_then_goes_as_messages_once(
    db: Database,
) -> None:
    rig = make_rig(db)
    order = await untold(rig)
    retry = retry_of(rig)
    before = await sent(db, order.wa_id)
    assert await retry.run_once() == 0  # the window is still closed
    assert await sent(db, order.wa_id) == before
    rig.clock.advance(timedelta(hours=3))
    await open_window(db, order.wa_id, rig.clock.now())
    assert await retry.run_once() == 2
    again = (await sent(db, order.wa_id))[len(before) :]
    assert [body["type"] for body in again] == ["text", "text"]
    assert text_of(again[0]).startswith(f"Оплата заказа {order.number} получена")
    assert "подтвержд" in text_of(again[1]).lower()
    states = [(n.kind, n.state, n.channel) for n in await news_rows(db, order.id)]
    assert states == [("paid", "resent", "message"), ("confirmed", "resent", "message")]
    assert await retry.run_once() == 0  # told once
    assert len(await sent(db, order.wa_id)) == len(before) + 2


async def test_news_goes_as_the_template_once_it_is_approved(db: Database) -> None:
    rig = make_rig(db)
    order = await untold(rig)
    retry = retry_of(rig)
    before = await sent(db, order.wa_id)
    rig.clock.advance(timedelta(days=1))
    assert await retry.run_once() == 0
    await approve(rig)
    assert await retry.run_once() == 2
    again = (await sent(db, order.wa_id))[len(before) :]
    assert [body["template"]["name"] for body in again] == ["order_update", "order_update"]
    assert text_of(again[1]) == f"{order.number} | заказ подтверждён, начинаем собирать"
    states = [(n.state, n.channel) for n in await news_rows(db, order.id)]
    assert states == [("resent", "template"), ("resent", "template")]
    assert await retry.run_once() == 0
    assert len(await sent(db, order.wa_id)) == len(before) + 2


async def test_two_runs_at_once_tell_each_piece_once(db: Database) -> None:
    rig = make_rig(db)
    order = await untold(rig)
    before = await sent(db, order.wa_id)
    await approve(rig)
    told = await asyncio.gather(retry_of(rig).run_once(), retry_of(rig).run_once())
    assert sum(told) == 2
    assert len(await sent(db, order.wa_id)) == len(before) + 2


async def test_a_shopper_who_wrote_before_the_news_does_not_open_a_window_for_it(
    db: Database,
) -> None:
    rig = make_rig(db)
    order = await untold(rig)
    await open_window(db, order.wa_id, rig.clock.now() - timedelta(hours=30))
    assert await retry_of(rig).run_once() == 0
    assert {n.state for n in await news_rows(db, order.id)} == {"undelivered"}


async def test_an_unpaid_reminder_whose_order_was_paid_meanwhile_is_not_sent(
    db: Database,
) -> None:
    rig = make_rig(db)
    order = await place(db)
    await quiet(rig, order)
    async with db.transaction() as session:
        row = await session.get(ShopOrder, order.id)
        assert row is not None
        assert await rig.lifecycle.remind(session, row, rig.clock.now()) == 1
        row.status = OrderStatus.PAID.value  # paid by the link it had before
    before = await sent(db, order.wa_id)
    await approve(rig)
    assert await retry_of(rig).run_once() == 0
    assert await sent(db, order.wa_id) == before
    assert [(n.kind, n.state) for n in await news_rows(db, order.id)] == [("unpaid", "stale")]


async def test_news_older_than_two_weeks_stays_undelivered(db: Database) -> None:
    rig = make_rig(db)
    order = await untold(rig)
    rig.clock.advance(timedelta(days=15))
    await open_window(db, order.wa_id, rig.clock.now())
    assert await retry_of(rig).run_once() == 0
    assert {n.state for n in await news_rows(db, order.id)} == {"undelivered"}


async def test_the_shop_runs_the_retry_as_a_job_of_its_own(db: Database, database_url: str) -> None:
    rig = make_rig(db)
    order = await untold(rig)
    await approve(rig)
    settings = load_settings(database_url=database_url)
    async with open_services(settings, clock=rig.clock, run_worker=False) as services:
        (job,) = [job for job in services.jobs if job.name == JOB]
        assert await job.run_once() == 2
        assert await job.run_once() == 0
    assert {n.state for n in await news_rows(db, order.id)} == {"resent"}


async def test_the_order_page_says_the_news_went_later(
    open_client: TestClient, db: Database
) -> None:
    rig = make_rig(db)
    order = await untold(rig)
    rig.clock.advance(timedelta(minutes=5))
    await open_window(db, order.wa_id, rig.clock.now())
    assert await retry_of(rig).run_once() == 2
    page = await (await open_client.get(f"/admin/orders/{order.id}")).text()
    assert page.count('data-status="resent">Отправлено позже<') == 2
    assert "Не доставлено" not in page


async def test_an_unpaid_reminder_still_due_goes_with_its_time_in_the_shops_zone(
    db: Database,
) -> None:
    rig = make_rig(db)
    order = await place(db)
    await quiet(rig, order)
    async with db.transaction() as session:
        row = await session.get(ShopOrder, order.id)
        assert row is not None
        assert await rig.lifecycle.remind(session, row, rig.clock.now()) == 1
    rig.clock.advance(timedelta(minutes=5))
    await open_window(db, order.wa_id, rig.clock.now())
    assert await retry_of(rig).run_once() == 1
    last = (await sent(db, order.wa_id))[-1]
    assert "25.11.2026 15:00" in text_of(last)  # 12:00 UTC next day, in Moscow


# The waits before each try after the news could not go (orders/news_schedule.py).
WAITS = [
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
    timedelta(hours=12),
    *[timedelta(hours=24)] * 4,
]


async def test_tries_back_off_then_the_news_fails_and_the_dashboard_says_so(
    db: Database, open_client: TestClient
) -> None:
    rig = make_rig(db)
    order = await untold(rig)
    retry = retry_of(rig)
    before = await sent(db, order.wa_id)
    for number, wait in enumerate(WAITS, start=1):
        rig.clock.advance(wait - timedelta(seconds=1))
        assert await retry.run_once() == 0
        assert {n.tries for n in await news_rows(db, order.id)} == {number - 1}  # not yet due
        rig.clock.advance(timedelta(seconds=1))
        assert await retry.run_once() == 0
        assert {n.tries for n in await news_rows(db, order.id)} == {number}
    rows = await news_rows(db, order.id)
    assert {(n.state, n.next_try_at) for n in rows} == {("failed", None)}
    assert {n.tried_at for n in rows} == {rig.clock.now()}
    await open_window(db, order.wa_id, rig.clock.now())  # too late: nothing tries it now
    rig.clock.advance(timedelta(minutes=5))
    assert await retry.run_once() == 0
    assert await sent(db, order.wa_id) == before
    async with db.read_connection() as conn:
        snapshot = await queries.snapshot(conn, now=rig.clock.now(), sandbox=True, needed=())
    shown = {banner.key: banner for banner in banners(snapshot)}
    assert "order-news" not in shown  # no longer waiting: given up
    assert shown["order-news-failed"].message.startswith(
        "2 сообщения о заказах так и не дошли до покупателей"
    )
    page = await (await open_client.get(f"/admin/orders/{order.id}")).text()
    assert page.count('data-status="failed">Не доставлено, попытки закончились<') == 2
    assert page.count("10 попыток отправить снова") == 2


async def test_a_shopper_writing_between_tries_gets_the_news_at_once(db: Database) -> None:
    rig = make_rig(db)
    order = await untold(rig)
    retry = retry_of(rig)
    rig.clock.advance(timedelta(minutes=1))
    assert await retry.run_once() == 0  # the first try: still no way to tell
    assert {(n.tries, n.next_try_at) for n in await news_rows(db, order.id)} == {
        (1, rig.clock.now() + timedelta(minutes=5))
    }
    rig.clock.advance(timedelta(minutes=1))
    await open_window(db, order.wa_id, rig.clock.now())
    assert await retry.run_once() == 2  # not waiting the four minutes left
    assert {n.state for n in await news_rows(db, order.id)} == {"resent"}
