"""YooKassa notifications: stored by the web handler (`shop/web/yookassa.py`), then re-read
and applied by a worker job.

A notification is only a hint: the worker asks YooKassa for the payment (or refund) itself and
applies what YooKassa says through the state machines, so forged, duplicated, late or
reordered notifications change nothing that YooKassa would not confirm.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlmodel import col, select

from payments.gateway import NotAnObjectId
from payments.states import PaymentStatus, RefundStatus, apply
from shop.clock import Clock
from shop.orders.payments import OrderPayments
from shop.orders.refunds import OrderRefunds
from shop.retry import RetryPolicy
from shop.storage.db import Database
from shop.storage.sql import insert_for
from webhooks.tables import YkInbox

log = logging.getLogger(__name__)
JOB = "payments.notifications"
# Claimed together and leased for LEASE: few enough to be done well within it even when
# every re-read waits for YooKassa's full timeout.
BATCH = 5
# After this many failed tries a notification is a dead letter: kept with its error for the
# merchant (/admin/orders), never tried again, and never in the way of the ones behind it.
# The tries are 2, 4, 8 … 128 s apart.
MAX_ATTEMPTS = 8
RETRY = RetryPolicy(MAX_ATTEMPTS, cap=600.0, base=2.0, jitter=False)
# A claimed notification is not offered to another worker for this long; one whose worker
# died is taken again afterwards (re-reading and applying twice changes nothing).
LEASE = timedelta(minutes=2)
NOT_ACTIONABLE = "not actionable: no event or object id of YooKassa's shape"
LOOPBACK = (ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128"))

Status = PaymentStatus | RefundStatus


async def store(db: Database, row: dict[str, Any]) -> None:
    """Durable and duplicate-proof: YooKassa redelivers the same event for 24 hours."""
    values = {k: v for k, v in row.items() if k in YkInbox.model_fields}
    values["next_attempt_at"] = values["received_at"]
    statement = (
        insert_for(db.dialect)(YkInbox)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["dedup_key"])
    )
    async with db.connection() as conn:
        await conn.execute(statement)


def claimed_status(event: str) -> Status | None:
    """What a notification says its object became (`payment.succeeded` → succeeded)."""
    kind, _, status = event.partition(".")
    try:
        return PaymentStatus(status) if kind == "payment" else RefundStatus(status)
    except ValueError:
        return None


def unconfirmed(event: str, learned: Status | None) -> bool:
    """The re-read has not reached what the notification claims, but still may: a real
    notification of that event may follow, so this one must not hold the event's key."""
    claimed = claimed_status(event)
    if isinstance(claimed, PaymentStatus) and isinstance(learned, PaymentStatus):
        return apply(learned, claimed).changed
    if isinstance(claimed, RefundStatus) and isinstance(learned, RefundStatus):
        return apply(learned, claimed).changed
    return False


class NotificationWorker:
    """Claims due notifications (each by one worker), re-reads, applies, records the outcome.

    The claim is its own short transaction (`FOR UPDATE SKIP LOCKED` on PostgreSQL, the write
    lock on SQLite) that leases the rows and counts the try; YooKassa is called with no
    transaction open; the outcome is recorded in another.
    """

    def __init__(
        self, *, db: Database, clock: Clock, payments: OrderPayments, refunds: OrderRefunds
    ) -> None:
        self.db, self.clock, self.payments, self.refunds = db, clock, payments, refunds

    async def run_once(self) -> int:
        rows = await self._claim(self.clock.now())
        for row in rows:
            await self._one(row)
        return len(rows)

    async def _claim(self, now: datetime) -> Sequence[YkInbox]:
        async with self.db.transaction() as session:
            query = (
                select(YkInbox)
                .where(col(YkInbox.processed_at).is_(None), col(YkInbox.next_attempt_at) <= now)
                .order_by(col(YkInbox.id))
                .limit(BATCH)
                .with_for_update(skip_locked=True)
            )
            rows = (await session.exec(query)).all()
            if rows:
                ids = [row.id for row in rows]
                await session.exec(
                    update(YkInbox)
                    .where(col(YkInbox.id).in_(ids))
                    .values(next_attempt_at=now + LEASE, attempts=col(YkInbox.attempts) + 1)
                    .execution_options(synchronize_session=False)  # rows keep the count read
                )
        return rows

    async def _one(self, row: YkInbox) -> None:
        tries = row.attempts + 1  # the claim counted this one
        values: dict[str, Any] = {}
        error: str | None = None
        final = False  # asking again cannot help
        try:
            learned = await self._apply(row)
        except NotAnObjectId as exc:  # never sent
            error, final = f"{type(exc).__name__}: {exc}", True
        except Exception as exc:  # whatever it is, it must not hold up the others
            log.warning(
                "notification failed",
                extra={"inbox_id": row.id, "attempt": tries, "error": type(exc).__name__},
            )
            error = f"{type(exc).__name__}: {exc}"
        else:
            if learned is None and not self._actionable(row):
                error, final = NOT_ACTIONABLE, True
            elif unconfirmed(row.event or "", learned):
                # Deduplicate on what was learned: the event's key is freed for the real one.
                values["dedup_key"] = f"{row.dedup_key}#{row.id}"[:300]
                log.info("notification not confirmed by a re-read", extra={"inbox_id": row.id})
        now = self.clock.now()
        if error is None:
            values.update(attempts=tries, last_error=None, processed_at=now)
        else:
            values = RETRY.failed(tries, error, now, final=final)
            if "processed_at" in values:  # a dead letter kept for the merchant
                log.warning("notification given up", extra={"inbox_id": row.id})
        async with self.db.transaction() as session:
            await session.exec(
                update(YkInbox)
                .where(col(YkInbox.id) == row.id, col(YkInbox.processed_at).is_(None))
                .values(**values)
                .execution_options(synchronize_session=False)
            )

    @staticmethod
    def _actionable(row: YkInbox) -> bool:
        event = row.event or ""
        return bool(
            (event.startswith("payment.") and row.payment_id)
            or (event.startswith("refund.") and row.object_id)
        )

    async def _apply(self, row: YkInbox) -> Status | None:
        """The object's status as YooKassa reports it now (None: nothing to re-read)."""
        event = row.event or ""
        if event.startswith("payment.") and row.payment_id:
            return (await self.payments.reread(row.payment_id)).status
        if event.startswith("refund.") and row.object_id:
            return await self.refunds.observe(row.object_id)
        log.warning("notification not actionable", extra={"inbox_id": row.id})
        return None
