"""Background checks so a lost notification never leaves an order stuck; the unpaid order's
reminder before it expires, and its cancel (with a word to the shopper) when it does."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from sqlalchemy import String, cast, exists, literal
from sqlmodel import col, select

from payments.gateway import OutcomeUnknown
from shop.clock import Clock
from shop.orders.events import SYSTEM
from shop.orders.lifecycle import Ask, OrderLifecycle
from shop.orders.model import OrderStatus
from shop.orders.payment_tables import PayAttempt, PayRefund
from shop.orders.payments import OrderPayments
from shop.orders.refunds import RefundRefused, RefundUnavailable
from shop.orders.tables import ShopOrder
from shop.storage.db import Database

log = logging.getLogger(__name__)
# A payment still pending this long after its link lapsed is re-read from YooKassa.
PENDING_GRACE = timedelta(minutes=10)
BATCH = 100


async def recheck_pending(db: Database, payments: OrderPayments, clock: Clock) -> int:
    """Re-read payments whose notification should have come by now."""
    cutoff = clock.now() - PENDING_GRACE
    async with db.sessions() as session:
        query = (
            select(PayAttempt.provider_id)
            .where(
                col(PayAttempt.status).in_(("pending", "waiting_for_capture")),
                col(PayAttempt.provider_id).is_not(None),
                col(PayAttempt.link_expires_at) < cutoff,
            )
            .limit(BATCH)
        )
        ids = [pid for pid in (await session.exec(query)).all() if pid]
    changed = 0
    for provider_id in ids:
        try:
            if await payments.observe(provider_id) is not None:
                changed += 1
        except OutcomeUnknown as exc:  # YooKassa is not answering: the rest can wait too
            log.warning(
                "re-check failed", extra={"payment_id": provider_id, "error": type(exc).__name__}
            )
            return changed
        except Exception as exc:  # this payment's trouble must not hold up the others
            log.warning(
                "re-check failed", extra={"payment_id": provider_id, "error": type(exc).__name__}
            )
    return changed


async def expire_orders(
    db: Database, payments: OrderPayments, lifecycle: OrderLifecycle, clock: Clock
) -> int:
    """Cancel unpaid orders past their lifetime, give their stock back and tell the shopper
    (through the lifecycle: the history event and the news are in the cancel's transaction)."""
    now = clock.now()
    async with db.sessions() as session:
        query = (
            select(ShopOrder.id)
            .where(
                col(ShopOrder.status) == OrderStatus.AWAITING_PAYMENT.value,
                col(ShopOrder.expires_at) < now,
            )
            .limit(BATCH)
        )
        order_ids = [oid for oid in (await session.exec(query)).all() if oid is not None]
    for order_id in order_ids:
        await _last_look(db, payments, order_id)
        async with db.transaction() as session:
            order = await session.get(ShopOrder, order_id, with_for_update=True)
            if order is None or order.status != OrderStatus.AWAITING_PAYMENT:
                continue
            await lifecycle.apply(session, order, EXPIRED)
        lifecycle.wake_sender()
        log.info("order expired", extra={"order_id": order_id})
    return len(order_ids)


EXPIRED = Ask(OrderStatus.CANCELED, SYSTEM, reason="expired", news="expired")


async def remind_unpaid(lifecycle: OrderLifecycle, clock: Clock, before: timedelta) -> int:
    """Once per order, `before` its expiry: the order is not paid yet, here is its link.
    The mark on the order and the message commit together, so neither repeats."""
    now = clock.now()
    async with lifecycle.db.sessions() as session:
        query = (
            select(ShopOrder.id)
            .where(
                col(ShopOrder.status) == OrderStatus.AWAITING_PAYMENT.value,
                col(ShopOrder.unpaid_reminded_at).is_(None),
                col(ShopOrder.expires_at) > now,
                col(ShopOrder.expires_at) <= now + before,
            )
            .limit(BATCH)
        )
        order_ids = [oid for oid in (await session.exec(query)).all() if oid is not None]
    reminded = 0
    for order_id in order_ids:
        async with lifecycle.db.transaction() as session:
            order = await session.get(ShopOrder, order_id, with_for_update=True)
            if order is None or order.status != OrderStatus.AWAITING_PAYMENT:
                continue
            if order.unpaid_reminded_at is not None:
                continue
            order.unpaid_reminded_at = now
            reminded += await lifecycle.remind(session, order, now)
    if reminded:
        lifecycle.wake_sender()
    return reminded


async def _last_look(db: Database, payments: OrderPayments, order_id: int) -> None:
    """Before canceling, ask YooKassa about every payment of the order once more."""
    async with db.sessions() as session:
        query = select(PayAttempt.provider_id).where(
            col(PayAttempt.order_id) == order_id, col(PayAttempt.provider_id).is_not(None)
        )
        ids = [pid for pid in (await session.exec(query)).all() if pid]
    for provider_id in ids:
        try:
            await payments.observe(provider_id)
        except Exception as exc:  # a late success is still caught: it flags the order for review
            log.warning(
                "last look failed", extra={"order_id": order_id, "error": type(exc).__name__}
            )


def _cancel_key(order_id: Any) -> Any:
    """`cancel:{order id}` in SQL, the request key OrderLifecycle gives a cancel's refund."""
    return literal("cancel:", String) + cast(order_id, String)


async def finish_cancel_refunds(lifecycle: OrderLifecycle) -> int:
    """A paid order canceled by a person is refunded right after the cancel commits; a crash in
    between would leave it canceled and still holding the money. This finds such orders and
    refunds them with the cancel's own request key, so a refund is never made twice."""
    async with lifecycle.db.sessions() as session:
        query = (
            select(ShopOrder.id)
            .join(PayAttempt, col(PayAttempt.order_id) == col(ShopOrder.id))
            .where(
                col(ShopOrder.status) == OrderStatus.CANCELED.value,
                col(PayAttempt.status) == "succeeded",
                col(PayAttempt.amount_minor) > col(PayAttempt.refunded_minor),
                ~exists().where(col(PayRefund.request_key) == _cancel_key(col(ShopOrder.id))),
            )
            .distinct()
            .limit(BATCH)
        )
        order_ids = [oid for oid in (await session.exec(query)).all() if oid is not None]
    finished = 0
    for order_id in order_ids:
        try:
            await lifecycle.refunds.refund(
                order_id, reason="canceled", request_key=f"cancel:{order_id}"
            )
        except (RefundRefused, RefundUnavailable) as exc:  # the next round tries again
            log.warning("cancel refund", extra={"order_id": order_id, "error": type(exc).__name__})
            continue
        finished += 1
    return finished
