"""The notification job against the fake YooKassa: bounded tries, claims, row locks.

Two `Database` objects on one database stand for two processes (each its own pool); on
PostgreSQL their workers meet on `FOR UPDATE SKIP LOCKED` and row locks, on SQLite on the
write lock every unit of work takes first.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from aiohttp.test_utils import TestServer
from sqlmodel import col, select

from payments.yookassa import YooKassaClient
from shop.clock import FrozenClock
from shop.orders.model import OrderStatus
from shop.orders.notifications import MAX_ATTEMPTS, NotificationWorker, store
from shop.orders.payment_tables import PayAttempt, PayRefund
from shop.orders.payments import OrderPayments, PayConfig, Settled
from shop.orders.refunds import LineRefund, OrderRefunds, RefundUnavailable
from shop.orders.tables import ShopOrder
from shop.storage.db import Database
from tests.orders.conftest import NOW, Recorder, fake_state, fault, place, shopper_acts
from webhooks.tables import YkInbox
from webhooks.yookassa import inbox_row, parse_notification

ROUNDS = 6


def notification(event: str, object_id: str) -> bytes:
    return json.dumps(
        {"type": "notification", "event": event, "object": {"id": object_id}}
    ).encode()


async def receive(db: Database, event: str, object_id: str, clock: FrozenClock) -> None:
    await store(db, inbox_row(parse_notification(notification(event, object_id)), clock.now()))


async def inbox(db: Database) -> list[YkInbox]:
    async with db.sessions() as session:
        return list((await session.exec(select(YkInbox).order_by(col(YkInbox.id)))).all())


async def order_status(db: Database, order_id: int | None) -> str:
    async with db.sessions() as session:
        order = await session.get(ShopOrder, order_id)
        assert order is not None
        return order.status


class Process:
    """What one `shop worker` process holds: its own pool, services and notification job."""

    def __init__(self, db: Database, gateway: YooKassaClient, clock: FrozenClock) -> None:
        self.db, self.recorder = db, Recorder()
        self.payments = OrderPayments(
            db=db,
            gateway=gateway,
            clock=clock,
            config=PayConfig(public_base_url="https://shop.example"),
            on_outcome=self.recorder,
        )
        self.refunds = OrderRefunds(db=db, gateway=gateway, clock=clock, on_outcome=self.recorder)
        self.worker = NotificationWorker(
            db=db, clock=clock, payments=self.payments, refunds=self.refunds
        )


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture
async def two(
    database_url: str, db: Database, gateway: YooKassaClient, clock: FrozenClock
) -> AsyncIterator[tuple[Process, Process]]:
    other = Database(database_url)
    yield Process(db, gateway, clock), Process(other, gateway, clock)
    await other.dispose()


async def paid_link(one: Process, db: Database, shopper: int = 0) -> tuple[ShopOrder, str]:
    """An order the shopper has paid at YooKassa; we have not heard of it yet."""
    order = await place(db, shopper=shopper)
    url = await one.payments.link_for(order.token)
    assert url is not None
    await shopper_acts(url, "pay")
    return order, url.rsplit("/", 1)[-1]


async def test_a_failing_notification_is_tried_a_bounded_number_of_times_then_set_aside(
    db: Database, two: tuple[Process, Process], clock: FrozenClock
) -> None:
    one, _ = two
    await receive(db, "payment.succeeded", "0000dead-000f-5000-9000-000000000000", clock)
    order, payment_id = await paid_link(one, db)
    await receive(db, "payment.succeeded", payment_id, clock)
    assert await one.worker.run_once() == 2  # the unknown payment (404) does not hold the next
    assert await order_status(db, order.id) == OrderStatus.PAID
    for _ in range(MAX_ATTEMPTS + 2):
        clock.advance(timedelta(hours=1))
        await one.worker.run_once()
    failing, applied = await inbox(db)
    assert failing.attempts == MAX_ATTEMPTS
    assert failing.processed_at is not None
    assert (failing.last_error or "").startswith("Rejected")
    assert (applied.attempts, applied.last_error) == (1, None)


async def test_an_unexpected_error_is_retried_later_while_the_rest_flows(
    db: Database, two: tuple[Process, Process], clock: FrozenClock
) -> None:
    one, _ = two
    first, first_id = await paid_link(one, db)
    calls: list[int | None] = []

    async def breaks_once(_session: object, order: ShopOrder, _settled: Settled) -> None:
        calls.append(order.id)
        if len(calls) == 1:
            raise RuntimeError("a hook that failed")

    one.payments.on_outcome = breaks_once
    await receive(db, "payment.succeeded", first_id, clock)
    await receive(db, "refund.succeeded", "0000beef-000f-5000-9000-000000000000", clock)
    assert await one.worker.run_once() == 2  # the failure did not escape the job
    failed, refund = await inbox(db)
    assert (failed.processed_at, failed.attempts) == (None, 1)
    assert (failed.last_error or "").startswith("RuntimeError")
    assert refund.attempts == 1  # tried in the same round (YooKassa knows no such refund)
    clock.advance(timedelta(minutes=5))
    await one.worker.run_once()
    assert await order_status(db, first.id) == OrderStatus.PAID


async def test_two_processes_claim_each_notification_once(
    db: Database, two: tuple[Process, Process], clock: FrozenClock
) -> None:
    one, other = two
    orders = []
    for shopper in range(ROUNDS):
        order, payment_id = await paid_link(one, db, shopper)
        await receive(db, "payment.succeeded", payment_id, clock)
        orders.append(order)
    counts = await asyncio.gather(one.worker.run_once(), other.worker.run_once())
    assert sum(counts) == ROUNDS  # every notification taken by exactly one of them
    settled = one.recorder.outcomes + other.recorder.outcomes
    assert sorted(settled) == sorted((o.id, Settled.PAID) for o in orders)
    assert all(r.processed_at is not None for r in await inbox(db))


async def test_two_processes_applying_one_payment_settle_it_once(
    db: Database, two: tuple[Process, Process]
) -> None:
    one, other = two
    for shopper in range(ROUNDS):
        order, payment_id = await paid_link(one, db, shopper)
        results = await asyncio.gather(
            one.payments.observe(payment_id), other.payments.observe(payment_id)
        )
        assert sorted(results, key=str) == sorted([Settled.PAID, None], key=str)
        assert await order_status(db, order.id) == OrderStatus.PAID
    settled = one.recorder.outcomes + other.recorder.outcomes
    assert [outcome for _, outcome in settled] == [Settled.PAID] * ROUNDS  # no "refund it"


async def test_two_processes_applying_one_refund_count_it_once(
    db: Database, two: tuple[Process, Process], gateway: YooKassaClient, fake: TestServer
) -> None:
    one, other = two
    order, payment_id = await paid_link(one, db)
    assert await one.payments.observe(payment_id) is Settled.PAID
    await fault(fake, fault="timeout", times=1, seconds=2)
    with pytest.raises(RefundUnavailable):  # made at YooKassa; our row still `new`
        await one.refunds.refund(order.id or 0, lines=[LineRefund("A1", 1)])
    [made] = (await fake_state(fake))["refunds"]
    refund = await gateway.get_refund(made["id"])
    await asyncio.gather(one.refunds.apply(refund), other.refunds.apply(refund))
    async with db.sessions() as session:
        attempt = (await session.exec(select(PayAttempt))).one()
        row = (await session.exec(select(PayRefund))).one()
    assert (row.status, row.provider_id) == ("succeeded", refund.id)
    assert attempt.refunded_minor == row.amount_minor == 105000  # counted once
    assert await order_status(db, order.id) == OrderStatus.PARTIALLY_REFUNDED
