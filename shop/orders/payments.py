"""Paying for orders: payment links with persisted keys, re-read notifications, order outcomes.

Every call to YooKassa that creates something uses a random idempotence key that was committed
to the database before the call. A timeout or a 500 leaves the attempt `new` with its key, and
the next try reuses it, so YooKassa answers with the same payment instead of making a second
one. No transaction is open while YooKassa is asked: commit the intent, call, record the answer.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from catalog.money import Money
from payments.gateway import (
    GatewayError,
    OutcomeUnknown,
    Payment,
    PaymentGateway,
    PaymentRequest,
    Rejected,
    new_key,
)
from payments.receipt import ReceiptDefaults
from payments.states import PaymentStatus, apply, parse_payment_status
from shop.clock import Clock
from shop.orders.model import OrderStatus, move
from shop.orders.payment_tables import PayAttempt
from shop.orders.tables import ShopOrder
from shop.storage.db import Database
from shop.taxes.order_receipt import order_receipt
from shop.texts import t

log = logging.getLogger(__name__)

# Card, SBP and wallet links must be paid within about an hour, then YooKassa cancels them.
LINK_LIFETIME = timedelta(hours=1)
NEW, REJECTED = "new", "rejected"


class Settled(StrEnum):
    PAID = "paid"
    MISMATCH = "mismatch"  # paid, but not the order's amount: a person reviews it
    DUPLICATE = "duplicate"  # a second payment for an order already paid: refund it
    LATE = "late"  # paid after the order was canceled: refund it
    CANCELED = "canceled"  # the attempt failed; the order stays open for a new one
    REFUNDED = "refunded"  # a refund (full or partial) went through


# The merchant sees these on the orders page (status needs_review, highlighted) and in the log.
NEEDS_A_PERSON = frozenset({Settled.MISMATCH, Settled.DUPLICATE, Settled.LATE})

OutcomeHook = Callable[[AsyncSession, ShopOrder, Settled], Awaitable[None]]


class PaymentUnavailable(Exception):
    """YooKassa did not give a link this time; the shopper may try again shortly."""


@dataclass(frozen=True)
class PayConfig:
    public_base_url: str
    receipt_defaults: ReceiptDefaults = field(default_factory=ReceiptDefaults)


@dataclass(frozen=True)
class _Ready:
    url: str


@dataclass(frozen=True)
class Observed:
    """A re-read: the payment's status at YooKassa and what applying it did (None: nothing)."""

    status: PaymentStatus | None
    settled: Settled | None


class OrderPayments:
    def __init__(
        self,
        *,
        db: Database,
        gateway: PaymentGateway,
        clock: Clock,
        config: PayConfig,
        on_outcome: OutcomeHook | None = None,
    ) -> None:
        self.db, self.gateway, self.clock, self.config = db, gateway, clock, config
        self.on_outcome = on_outcome

    async def link_for(self, token: str) -> str | None:
        """The confirmation URL to send the shopper to, or None when nothing is to be paid."""
        prepared = await self._prepare(token)
        if prepared is None or isinstance(prepared, _Ready):
            return prepared.url if prepared else None
        attempt_id, request, key = prepared
        try:
            payment = await self.gateway.create_payment(request, key=key)
        except OutcomeUnknown as exc:
            log.warning("payment outcome unknown; key kept", extra={"attempt_id": attempt_id})
            raise PaymentUnavailable(str(exc)) from exc
        except Rejected as exc:
            await self._reject(attempt_id, exc)
            raise PaymentUnavailable(str(exc)) from exc
        await self._created(attempt_id, payment)
        if payment.status is not PaymentStatus.PENDING:
            try:
                await self.observe(payment.id)
            except GatewayError as exc:  # the notification or the re-check will apply it
                log.warning("re-read after payment failed", extra={"error": type(exc).__name__})
            return None
        return payment.confirmation_url

    async def _prepare(self, token: str) -> tuple[int, PaymentRequest, str] | _Ready | None:
        for _ in range(2):  # a concurrent click may take the same attempt number first
            try:
                async with self.db.transaction() as session:
                    return await self._attempt_for(session, token)
            except IntegrityError:
                continue
        raise PaymentUnavailable("payment attempts collided")

    async def _attempt_for(
        self, session: AsyncSession, token: str
    ) -> tuple[int, PaymentRequest, str] | _Ready | None:
        order = (await session.exec(select(ShopOrder).where(col(ShopOrder.token) == token))).first()
        if order is None or order.id is None or order.status != OrderStatus.AWAITING_PAYMENT:
            return None
        now = self.clock.now()
        latest = await _latest_attempt(session, order.id)
        if latest is not None and _link_alive(latest, now):
            return _Ready(latest.confirmation_url or "")
        if latest is not None and latest.status in (
            PaymentStatus.WAITING_FOR_CAPTURE,
            PaymentStatus.SUCCEEDED,
        ):
            return None
        if latest is None or latest.status != NEW:
            number = 1 if latest is None else latest.attempt + 1
            latest = PayAttempt(
                order_id=order.id,
                attempt=number,
                key=new_key(),
                status=NEW,
                amount_minor=order.total_minor,
                currency=order.currency,
                created_at=now,
                updated_at=now,
            )
            session.add(latest)
            await session.flush()
        assert latest.id is not None
        request = await self._request(session, order, latest)
        # Kept for the settlement receipt at hand-over, which repeats these lines.
        latest.receipt_json = json.dumps(request.receipt, ensure_ascii=False)
        return latest.id, request, latest.key

    async def _request(
        self, session: AsyncSession, order: ShopOrder, attempt: PayAttempt
    ) -> PaymentRequest:
        total = Money.from_minor(order.total_minor, order.currency)
        receipt = await order_receipt(
            session, order, amount=total, base=self.config.receipt_defaults
        )
        return PaymentRequest(
            amount=total,
            description=t("order.payment.description", "ru", number=order.number),
            return_url=f"{self.config.public_base_url}/o/{order.token}?from=pay",
            metadata={"order_id": str(order.id), "attempt": attempt.key},
            receipt=receipt.to_api(),
        )

    async def _reject(self, attempt_id: int, exc: Rejected) -> None:
        async with self.db.transaction() as session:
            attempt = await session.get(PayAttempt, attempt_id, with_for_update=True)
            if attempt is not None and attempt.status == NEW:
                attempt.status = REJECTED
                attempt.error = f"{exc.code or exc.http_status}: {exc.description or exc}"[:500]
                attempt.updated_at = self.clock.now()
        log.warning("payment rejected", extra={"attempt_id": attempt_id, "code": exc.code})

    async def _created(self, attempt_id: int, payment: Payment) -> None:
        async with self.db.transaction() as session:
            # Locked: a notification applied meanwhile must not be overwritten with `pending`.
            attempt = await session.get(PayAttempt, attempt_id, with_for_update=True)
            if attempt is None:
                return
            attempt.provider_id = payment.id
            attempt.confirmation_url = payment.confirmation_url
            attempt.link_expires_at = self.clock.now() + LINK_LIFETIME
            attempt.test = payment.test
            if attempt.status == NEW:
                attempt.status = PaymentStatus.PENDING.value
            attempt.updated_at = self.clock.now()

    async def observe(self, payment_id: str) -> Settled | None:
        """Re-read a payment from YooKassa and apply what it says; safe to repeat."""
        return (await self.reread(payment_id)).settled

    async def reread(self, payment_id: str) -> Observed:
        """`observe`, also telling what YooKassa said (the notification job dedups on it)."""
        payment = await self.gateway.get_payment(payment_id)
        async with self.db.transaction() as session:
            return Observed(payment.status, await self._apply(session, payment))

    async def _apply(self, session: AsyncSession, payment: Payment) -> Settled | None:
        """Under the order's and the attempt's row locks (in that order, as refunds take
        them), so two workers applying the same payment see each other's result."""
        found = await _attempt_of(session, payment)
        if found is None:
            log.warning("payment of no known attempt", extra={"payment_id": payment.id})
            return None
        order = await session.get(ShopOrder, found[1], with_for_update=True)
        attempt = await session.get(
            PayAttempt, found[0], with_for_update=True, populate_existing=True
        )
        if attempt is None:
            return None
        if attempt.provider_id is None:  # we crashed before storing YooKassa's answer
            attempt.provider_id = payment.id
        if not _advance(attempt, payment, self.clock.now()):
            return None
        if payment.status is PaymentStatus.CANCELED:
            return await self._tell(session, order, Settled.CANCELED)
        if payment.status is not PaymentStatus.SUCCEEDED or order is None:
            return None
        return await self._tell(session, order, _settle(order, payment, self.clock.now()))

    async def _tell(
        self, session: AsyncSession, order: ShopOrder | None, settled: Settled
    ) -> Settled:
        level = logging.WARNING if settled in NEEDS_A_PERSON else logging.INFO
        log.log(
            level, "payment settled", extra={"order_id": order and order.id, "outcome": settled}
        )
        if order is not None and self.on_outcome is not None:
            await self.on_outcome(session, order, settled)
        return settled


def _link_alive(attempt: PayAttempt, now: datetime) -> bool:
    """A pending payment whose link YooKassa still honours (it lapses after about an hour)."""
    return (
        attempt.status == PaymentStatus.PENDING
        and bool(attempt.confirmation_url)
        and (attempt.link_expires_at is None or now < attempt.link_expires_at)
    )


async def _latest_attempt(session: AsyncSession, order_id: int) -> PayAttempt | None:
    query = (
        select(PayAttempt)
        .where(col(PayAttempt.order_id) == order_id)
        .order_by(col(PayAttempt.attempt).desc())
    )
    return (await session.exec(query)).first()


async def _attempt_of(session: AsyncSession, payment: Payment) -> tuple[int, int] | None:
    """(attempt id, order id) by YooKassa's id, or by our key in the metadata when we crashed
    before storing the id."""
    by_id = select(PayAttempt.id, PayAttempt.order_id)
    found = (await session.exec(by_id.where(col(PayAttempt.provider_id) == payment.id))).first()
    if found is None and payment.metadata.get("attempt"):
        query = by_id.where(
            col(PayAttempt.key) == payment.metadata["attempt"],
            col(PayAttempt.provider_id).is_(None),
        )
        found = (await session.exec(query)).first()
    return None if found is None or found[0] is None else (found[0], found[1])


def _advance(attempt: PayAttempt, payment: Payment, now: datetime) -> bool:
    """Move the attempt to what YooKassa says, never backwards; False when nothing changed."""
    if payment.status is None:
        return False
    current = parse_payment_status(attempt.status)
    if current is not None and not apply(current, payment.status).changed:
        return False
    attempt.status = payment.status.value
    attempt.amount_minor = payment.amount.minor
    attempt.currency = payment.amount.currency
    attempt.income_minor = payment.income_amount.minor if payment.income_amount else None
    attempt.captured_at = payment.captured_at
    attempt.cancel_party = payment.cancellation_party
    attempt.cancel_reason = payment.cancellation_reason
    attempt.updated_at = now
    return True


def _settle(order: ShopOrder, payment: Payment, now: datetime) -> Settled:
    """What a succeeded payment does to its order."""
    status = OrderStatus(order.status)
    expected = Money.from_minor(order.total_minor, order.currency)
    if status is OrderStatus.AWAITING_PAYMENT:
        if payment.amount == expected:
            order.status = move(status, OrderStatus.PAID)
            order.paid_at = payment.captured_at or now
            return Settled.PAID
        order.status = move(status, OrderStatus.NEEDS_REVIEW)
        order.review_reason = f"paid {payment.amount} instead of {expected} ({payment.id})"
        return Settled.MISMATCH
    if status is OrderStatus.CANCELED:
        order.status = move(status, OrderStatus.NEEDS_REVIEW)
        order.review_reason = f"paid after cancellation: refund {payment.id}"
        return Settled.LATE
    order.review_reason = f"second payment {payment.id}: refund it"
    return Settled.DUPLICATE
