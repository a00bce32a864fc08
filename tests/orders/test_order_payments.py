"""Order payments against the fake YooKassa in memory: links, keys, notifications, outcomes."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlmodel import col, delete, select

from catalog.money import Money
from shop.chat.tables import ShopChat
from shop.clock import FrozenClock
from shop.orders.jobs import recheck_pending
from shop.orders.model import OrderStatus
from shop.orders.payment_tables import PayAttempt
from shop.orders.payments import OrderPayments, PaymentUnavailable, Settled
from shop.orders.tables import ShopOrder, ShopOrderLine
from shop.storage.db import Database
from tests.fakes import FakeYooKassa
from tests.orders.conftest import Recorder, place


async def attempts(db: Database) -> list[PayAttempt]:
    async with db.sessions() as session:
        query = select(PayAttempt).order_by(col(PayAttempt.attempt))
        return list((await session.exec(query)).all())


async def order_status(db: Database, order_id: int | None) -> str:
    async with db.sessions() as session:
        order = await session.get(ShopOrder, order_id)
        assert order is not None
        return order.status


async def test_the_link_is_created_once_and_reused(
    db: Database, payments: OrderPayments, yookassa: FakeYooKassa
) -> None:
    order = await place(db)
    first = await payments.link_for(order.token)
    again = await payments.link_for(order.token)
    assert first is not None
    assert first == again
    state = yookassa.state()
    assert len(state["payments"]) == 1
    sent = state["payments"][0]
    assert sent["amount"] == {"value": "1350.00", "currency": "RUB"}
    assert sent["metadata"]["order_id"] == str(order.id)
    [attempt] = await attempts(db)
    assert attempt.status == "pending"
    assert uuid.UUID(attempt.key).version == 4  # random, never derived from our ids
    assert sent["metadata"]["attempt"] == attempt.key  # how a lost answer is matched back


async def test_a_500_keeps_the_key_and_the_retry_makes_no_second_payment(
    db: Database, payments: OrderPayments, yookassa: FakeYooKassa
) -> None:
    order = await place(db)
    yookassa.lose_answers()
    with pytest.raises(PaymentUnavailable):
        await payments.link_for(order.token)
    [attempt] = await attempts(db)
    assert attempt.status == "new"
    assert await payments.link_for(order.token) is not None
    assert len(yookassa.state()["payments"]) == 1
    [attempt] = await attempts(db)
    assert attempt.status == "pending"
    assert attempt.provider_id is not None


async def test_a_timeout_then_retry_gives_exactly_one_payment(
    db: Database, payments: OrderPayments, yookassa: FakeYooKassa
) -> None:
    order = await place(db)
    yookassa.lose_answers(why="timeout: ReadTimeout")
    with pytest.raises(PaymentUnavailable):
        await payments.link_for(order.token)
    assert await payments.link_for(order.token) is not None
    assert len(yookassa.state()["payments"]) == 1


async def test_paying_marks_the_order_paid_once_whatever_the_repeats(
    db: Database, payments: OrderPayments, recorder: Recorder, yookassa: FakeYooKassa
) -> None:
    order = await place(db)
    url = await payments.link_for(order.token)
    assert url is not None
    yookassa.choose(url, "pay")
    [attempt] = await attempts(db)
    assert attempt.provider_id is not None
    assert await payments.observe(attempt.provider_id) is Settled.PAID
    assert await payments.observe(attempt.provider_id) is None  # a duplicate changes nothing
    assert await order_status(db, order.id) == OrderStatus.PAID
    assert recorder.outcomes == [(order.id, Settled.PAID)]
    [attempt] = await attempts(db)
    assert attempt.income_minor is not None
    assert attempt.income_minor < attempt.amount_minor  # the fee is kept apart
    assert await payments.link_for(order.token) is None  # nothing left to pay


async def test_a_declined_payment_leaves_the_order_open_for_a_new_attempt(
    db: Database, payments: OrderPayments, yookassa: FakeYooKassa
) -> None:
    order = await place(db)
    url = await payments.link_for(order.token)
    assert url is not None
    yookassa.choose(url, "decline")
    [attempt] = await attempts(db)
    assert await payments.observe(attempt.provider_id or "") is Settled.CANCELED
    assert await order_status(db, order.id) == OrderStatus.AWAITING_PAYMENT
    renewed = await payments.link_for(order.token)
    assert renewed is not None
    assert renewed != url
    first, second = await attempts(db)
    assert (first.status, first.cancel_reason) == ("canceled", "general_decline")
    assert second.attempt == 2
    assert second.key != first.key
    assert len(yookassa.state()["payments"]) == 2


async def test_an_amount_other_than_the_total_sends_the_order_to_review(
    db: Database, payments: OrderPayments, yookassa: FakeYooKassa
) -> None:
    order = await place(db)
    url = await payments.link_for(order.token)
    assert url is not None
    yookassa.choose(url, "pay", amount=Money.rub("1.00"))  # the bank took another amount
    [attempt] = await attempts(db)
    assert await payments.observe(attempt.provider_id or "") is Settled.MISMATCH
    assert await order_status(db, order.id) == OrderStatus.NEEDS_REVIEW


async def test_a_payment_whose_id_was_never_stored_is_found_by_its_key(
    db: Database, payments: OrderPayments, yookassa: FakeYooKassa
) -> None:
    order = await place(db)
    await payments.link_for(order.token)
    async with db.transaction() as session:  # as if we crashed before storing YooKassa's id
        attempt = (await session.exec(select(PayAttempt))).one()
        provider_id, attempt.provider_id, attempt.status = attempt.provider_id, None, "new"
    assert provider_id is not None
    payment = await yookassa.get_payment(provider_id)
    assert payment.metadata["attempt"] == attempt.key
    await payments.observe(provider_id)
    [attempt] = await attempts(db)
    assert attempt.provider_id == provider_id


async def test_a_second_payment_for_a_paid_order_is_flagged_for_refund(
    db: Database, payments: OrderPayments, yookassa: FakeYooKassa, recorder: Recorder
) -> None:
    order = await place(db)
    first = await payments.link_for(order.token)
    clock = payments.clock
    assert isinstance(clock, FrozenClock)
    clock.advance(timedelta(hours=2))  # the first link lapsed on our side; a new one is made
    second = await payments.link_for(order.token)
    assert first is not None
    assert second is not None
    assert first != second
    yookassa.choose(first, "pay")
    yookassa.choose(second, "pay")
    one, two = await attempts(db)
    assert await payments.observe(one.provider_id or "") is Settled.PAID
    assert await payments.observe(two.provider_id or "") is Settled.DUPLICATE
    assert await order_status(db, order.id) == OrderStatus.PAID
    async with db.sessions() as session:
        stored = await session.get(ShopOrder, order.id)
    assert stored is not None
    assert stored.review_reason is not None
    assert "refund" in stored.review_reason
    assert [o for _, o in recorder.outcomes] == [Settled.PAID, Settled.DUPLICATE]


async def test_a_restored_database_gets_its_own_payment_not_the_one_made_before(
    db: Database, payments: OrderPayments, yookassa: FakeYooKassa
) -> None:
    """Keys derived from our ids (`order-1-try-1`) repeat after a restore or on a second
    installation, and YooKassa answers a repeated key with its first payment (or refuses a
    changed body); random keys make each attempt its own."""
    before = await place(db, "1350.00")
    first = await payments.link_for(before.token)
    async with db.transaction() as session:  # the backup predates that order
        for table in (PayAttempt, ShopOrderLine, ShopOrder, ShopChat):
            await session.exec(delete(table))  # type: ignore[call-overload]
    again = await place(db, "990.00", order_id=before.id)
    second = await payments.link_for(again.token)
    assert second is not None
    assert second != first
    made = yookassa.state()["payments"]
    assert [p["amount"]["value"] for p in made] == ["1350.00", "990.00"]
    assert len({p["metadata"]["attempt"] for p in made}) == 2


async def test_the_re_check_goes_past_a_payment_yookassa_does_not_know(
    db: Database, payments: OrderPayments, yookassa: FakeYooKassa
) -> None:
    lost = await place(db, shopper=1)
    clock = payments.clock
    assert isinstance(clock, FrozenClock)
    async with db.transaction() as session:  # a payment YooKassa answers 404 for
        session.add(
            PayAttempt(
                order_id=lost.id or 0,
                attempt=1,
                key="0-lost",
                provider_id="00000000-0000-4000-8000-000000000000",
                status="pending",
                amount_minor=lost.total_minor,
                link_expires_at=clock.now(),
                created_at=clock.now(),
                updated_at=clock.now(),
            )
        )
    order = await place(db)
    url = await payments.link_for(order.token)
    assert url is not None
    yookassa.choose(url, "pay")  # and its notification was lost
    clock.advance(timedelta(hours=2))
    assert await recheck_pending(db, payments, clock) == 1
    assert await order_status(db, order.id) == OrderStatus.PAID
