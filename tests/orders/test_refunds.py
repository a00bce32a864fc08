"""Refunds against the fake YooKassa in memory: full, by lines, keyed, faults and duplicates."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlmodel import select

from shop.clock import FrozenClock
from shop.orders.model import OrderStatus
from shop.orders.payment_tables import PayRefund
from shop.orders.payments import OrderPayments, Settled
from shop.orders.refunds import LineRefund, OrderRefunds, RefundRefused, RefundUnavailable
from shop.orders.tables import ShopOrder
from shop.storage.db import Database
from tests.fakes import FakeYooKassa
from tests.orders.conftest import NOW, Recorder, place


@pytest.fixture
def refunds(db: Database, yookassa: FakeYooKassa, recorder: Recorder) -> OrderRefunds:
    return OrderRefunds(db=db, gateway=yookassa, clock=FrozenClock(NOW), on_outcome=recorder)


async def paid_order(db: Database, payments: OrderPayments, yookassa: FakeYooKassa) -> ShopOrder:
    order = await place(db)
    url = await payments.link_for(order.token)
    assert url is not None
    yookassa.choose(url, "pay")
    payment_id = url.rsplit("/", 1)[-1]  # the fake's confirmation page ends with the payment id
    assert await payments.observe(payment_id) is Settled.PAID
    return order


async def status(db: Database, order_id: int | None) -> str:
    async with db.sessions() as session:
        order = await session.get(ShopOrder, order_id)
        assert order is not None
        return order.status


async def test_a_full_refund_returns_everything_with_a_receipt_and_closes_the_order(
    db: Database,
    payments: OrderPayments,
    refunds: OrderRefunds,
    yookassa: FakeYooKassa,
    recorder: Recorder,
) -> None:
    order = await paid_order(db, payments, yookassa)
    result = await refunds.refund(order.id or 0, reason="покупатель передумал")
    assert (result.status, str(result.amount)) == ("succeeded", "1350.00 RUB")
    assert await status(db, order.id) == OrderStatus.REFUNDED
    [sent] = yookassa.state()["refunds"]
    assert sent["amount"] == {"value": "1350.00", "currency": "RUB"}
    assert recorder.outcomes[-1] == (order.id, Settled.REFUNDED)


async def test_a_refund_by_lines_is_partial_and_the_rest_can_follow(
    db: Database, payments: OrderPayments, refunds: OrderRefunds, yookassa: FakeYooKassa
) -> None:
    order = await paid_order(db, payments, yookassa)
    first = await refunds.refund(order.id or 0, lines=[LineRefund("A1", 1)])
    assert str(first.amount) == "1050.00 RUB"
    assert await status(db, order.id) == OrderStatus.PARTIALLY_REFUNDED
    rest = await refunds.refund(order.id or 0)
    assert str(rest.amount) == "300.00 RUB"
    assert await status(db, order.id) == OrderStatus.REFUNDED
    with pytest.raises(RefundRefused):
        await refunds.refund(order.id or 0)


async def test_the_same_request_key_never_refunds_twice(
    db: Database, payments: OrderPayments, refunds: OrderRefunds, yookassa: FakeYooKassa
) -> None:
    order = await paid_order(db, payments, yookassa)
    one = await refunds.refund(order.id or 0, lines=[LineRefund("A1", 1)], request_key="r-1")
    two = await refunds.refund(order.id or 0, lines=[LineRefund("A1", 1)], request_key="r-1")
    assert one.id == two.id
    assert len(yookassa.state()["refunds"]) == 1


async def test_a_timeout_keeps_the_refund_and_the_retry_makes_exactly_one(
    db: Database, payments: OrderPayments, refunds: OrderRefunds, yookassa: FakeYooKassa
) -> None:
    order = await paid_order(db, payments, yookassa)
    yookassa.lose_answers(why="timeout: ReadTimeout")
    with pytest.raises(RefundUnavailable):
        await refunds.refund(order.id or 0)
    again = await refunds.refund(order.id or 0)
    assert again.status == "succeeded"
    assert len(yookassa.state()["refunds"]) == 1
    assert await status(db, order.id) == OrderStatus.REFUNDED


async def test_more_than_was_paid_is_refused(
    db: Database, payments: OrderPayments, refunds: OrderRefunds, yookassa: FakeYooKassa
) -> None:
    order = await paid_order(db, payments, yookassa)
    with pytest.raises(RefundRefused, match="no 5 of A1"):
        await refunds.refund(order.id or 0, lines=[LineRefund("A1", 5)])


async def test_refunding_a_duplicate_payment_leaves_the_order_paid(
    db: Database, payments: OrderPayments, refunds: OrderRefunds, yookassa: FakeYooKassa
) -> None:
    order = await place(db)
    first = await payments.link_for(order.token)
    clock = payments.clock
    assert isinstance(clock, FrozenClock)
    clock.advance(timedelta(hours=2))
    second = await payments.link_for(order.token)
    assert first is not None
    assert second is not None
    yookassa.choose(first, "pay")
    yookassa.choose(second, "pay")
    ids = [url.rsplit("/", 1)[-1] for url in (first, second)]
    assert await payments.observe(ids[0]) is Settled.PAID
    assert await payments.observe(ids[1]) is Settled.DUPLICATE
    result = await refunds.refund(order.id or 0, payment_id=ids[1])
    assert str(result.amount) == "1350.00 RUB"
    assert await status(db, order.id) == OrderStatus.PAID


async def test_refund_keys_are_random_so_a_restored_database_cannot_repeat_one(
    db: Database, payments: OrderPayments, refunds: OrderRefunds, yookassa: FakeYooKassa
) -> None:
    order = await paid_order(db, payments, yookassa)
    await refunds.refund(order.id or 0, lines=[LineRefund("A1", 1)])
    await refunds.refund(order.id or 0, delivery=True)
    async with db.sessions() as session:
        keys = [row.key for row in (await session.exec(select(PayRefund))).all()]
    assert len(keys) == 2
    assert all(uuid.UUID(key).version == 4 for key in keys)  # not order-1-refund-1
    assert len(set(keys)) == 2
