"""Settlement receipts at hand-over: pulled from the orders, sent once, retried, recorded.

The job looks for prepaid orders whose goods reached the shopper (`delivered`, `closed`) and
that have no settlement receipt yet. For each it first commits a row with a fresh idempotence
key and the receipt's body (unique per order: two workers cannot both enlist it), then asks
YooKassa with no transaction open, then records the answer. A timeout or 5xx keeps the row
`new`, and the retry sends the same body with the same key, so YooKassa answers with the
receipt it already made: a crash between the call and the record cannot make a second one.
A 4xx (`rejected`) waits for a person; `pending` receipts are re-read until registered.

What the receipt settles is worked out by `settlement_body.plan`: the payment's receipt (or
the same receipt rebuilt from the order for payments older than keeping it) less the goods
refunded before hand-over. An order whose refund is still unanswered waits for it; one whose
receipt cannot be worked out gets an `unbuilt` row with the reason, shown on its page.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from payments.gateway import GatewayError, Rejected, new_key
from payments.receipt import ReceiptDefaults
from payments.receipts_api import FiscalReceipt, ReceiptGateway
from payments.states import RefundStatus
from shop.clock import Clock
from shop.orders.model import OrderStatus
from shop.orders.payment_tables import PayAttempt, PayRefund
from shop.orders.tables import ShopOrder
from shop.retry import ceiling
from shop.storage.db import Database
from shop.taxes.settlement_body import NEW, UNBUILT, plan
from shop.taxes.tables import SettlementReceipt

log = logging.getLogger(__name__)

JOB = "receipts.settle"
HANDED_OVER = (OrderStatus.DELIVERED.value, OrderStatus.CLOSED.value)
REJECTED, PENDING = "rejected", "pending"
REFUNDING = ("new", RefundStatus.PENDING.value)  # a refund asked for and not yet answered
LEASE = timedelta(minutes=2)  # a claimed row is someone's for this long
POLL = timedelta(minutes=1)  # a pending receipt is looked at again after this
BATCH = 20


class Settlements:
    """The `receipts.settle` job; `run_once` is one round (enlist, send, re-read)."""

    def __init__(
        self,
        *,
        db: Database,
        gateway: ReceiptGateway,
        clock: Clock,
        defaults: ReceiptDefaults | None = None,
    ) -> None:
        self.db, self.gateway, self.clock = db, gateway, clock
        # The words of a rebuilt receipt's delivery line, as the payments' receipts have them.
        self.defaults = defaults or ReceiptDefaults()

    async def run_once(self) -> int:
        await self.enlist()
        done = 0
        for row_id in await self._claim(NEW):
            await self._send(row_id)
            done += 1
        for row_id in await self._claim(PENDING):
            await self._reread(row_id)
            done += 1
        return done

    async def enlist(self) -> int:
        """A row (key and body, committed) for each handed-over prepaid order without one."""
        enlisted = 0
        for order_id, attempt_id in await self._due_orders():
            try:
                async with self.db.transaction() as session:
                    row = await self._row_for(session, order_id, attempt_id)
                    if row is not None:
                        session.add(row)
                        enlisted += 1
            except IntegrityError:  # another worker enlisted it first
                continue
        return enlisted

    async def _due_orders(self) -> list[tuple[int, int]]:
        settled = select(SettlementReceipt.order_id).where(
            col(SettlementReceipt.order_id) == ShopOrder.id
        )
        # A refund still on its way changes what stays paid: the order waits for its answer.
        refunding = select(PayRefund.id).where(
            col(PayRefund.order_id) == ShopOrder.id, col(PayRefund.status).in_(REFUNDING)
        )
        query = (
            select(ShopOrder.id, PayAttempt.id)
            .join(PayAttempt, col(PayAttempt.order_id) == ShopOrder.id)
            .where(
                col(ShopOrder.status).in_(HANDED_OVER),
                col(ShopOrder.payment_method) == "online",
                col(PayAttempt.status) == "succeeded",
                ~sa.exists(settled),
                ~sa.exists(refunding),
            )
            .order_by(col(ShopOrder.id), col(PayAttempt.captured_at), col(PayAttempt.id))
            .limit(BATCH)
        )
        async with self.db.sessions() as session:
            return [(o, a) for o, a in (await session.exec(query)).all() if o and a]

    async def _row_for(
        self, session: AsyncSession, order_id: int, attempt_id: int
    ) -> SettlementReceipt | None:
        attempt = await session.get(PayAttempt, attempt_id)
        order = await session.get(ShopOrder, order_id)
        if attempt is None or order is None or attempt.provider_id is None:
            return None
        planned = await plan(session, order, attempt, self.defaults)
        now = self.clock.now()
        if planned.status == UNBUILT:
            log.warning("settlement receipt not built", extra={"order_id": order_id})
        return SettlementReceipt(
            order_id=order_id,
            payment_id=attempt.provider_id,
            key=new_key(),
            status=planned.status,
            body_json=json.dumps(planned.body or {}, ensure_ascii=False),
            error=planned.error and planned.error[:500],
            next_try_at=now,
            created_at=now,
            updated_at=now,
        )

    async def _claim(self, status: str) -> list[int]:
        """Due rows of `status`, leased to this round (skipped when another worker has them)."""
        now = self.clock.now()
        async with self.db.transaction() as session:
            query = (
                select(SettlementReceipt)
                .where(
                    col(SettlementReceipt.status) == status,
                    col(SettlementReceipt.next_try_at) <= now,
                )
                .order_by(col(SettlementReceipt.next_try_at))
                .limit(BATCH)
                .with_for_update(skip_locked=True)
            )
            rows = (await session.exec(query)).all()
            for row in rows:
                row.next_try_at = now + (LEASE if status == NEW else POLL)
            return [row.id for row in rows if row.id is not None]

    async def _send(self, row_id: int) -> None:
        async with self.db.sessions() as session:
            row = await session.get(SettlementReceipt, row_id)
            if row is None:
                return
            body, key = json.loads(row.body_json), row.key
        try:
            receipt = await self.gateway.create_receipt(body, key=key)
        except Rejected as exc:
            await self._record(row_id, error=_error(exc), status=REJECTED)
            log.warning("settlement receipt rejected", extra={"row_id": row_id, "code": exc.code})
            return
        except GatewayError as exc:  # outcome unknown: the same key goes again later
            await self._record(row_id, error=_error(exc), retry=True)
            log.warning("settlement receipt outcome unknown", extra={"row_id": row_id})
            return
        await self._record(row_id, receipt=receipt)

    async def _reread(self, row_id: int) -> None:
        async with self.db.sessions() as session:
            row = await session.get(SettlementReceipt, row_id)
            receipt_id = row.receipt_id if row is not None else None
        if receipt_id is None:
            return
        try:
            receipt = await self.gateway.get_receipt(receipt_id)
        except GatewayError as exc:
            log.warning("settlement receipt re-read failed", extra={"error": type(exc).__name__})
            return
        await self._record(row_id, receipt=receipt)

    async def _record(
        self,
        row_id: int,
        *,
        receipt: FiscalReceipt | None = None,
        error: str | None = None,
        status: str | None = None,
        retry: bool = False,
    ) -> None:
        now = self.clock.now()
        async with self.db.transaction() as session:
            row = await session.get(SettlementReceipt, row_id, with_for_update=True)
            if row is None:
                return
            row.tries += 0 if receipt is not None and row.receipt_id else 1
            if receipt is not None:
                row.receipt_id, row.status, row.error = receipt.id, receipt.status, None
                row.next_try_at = now + POLL
            if error is not None:
                row.error = error[:500]
            if status is not None:
                row.status = status
            if retry:
                row.next_try_at = _retry_at(now, row.tries)
            row.updated_at = now


def _retry_at(now: datetime, tries: int) -> datetime:
    """30 s, 1, 2, 4 … minutes apart, at most an hour: YooKassa asks for about a minute."""
    return now + timedelta(seconds=ceiling(tries, base=30.0, cap=3600.0))


def _error(exc: GatewayError) -> str:
    return f"{exc.code or exc.http_status or type(exc).__name__}: {exc.description or exc}"
