"""Refunds of paid orders, full or by lines, each with its receipt and a persisted key.

The refund row (with a random idempotence key for YooKassa, and the caller's own request key
when given) is committed before YooKassa is called, and no transaction is open during the
call. A timeout leaves it `new`; the next refund request for the order first retries that one
with the same key, so a refund is never made twice. A repeated request with the same request
key returns the first refund. What a refund returns is decided by `refund_lines.choose`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from catalog.money import Money
from payments.gateway import (
    OutcomeUnknown,
    PaymentGateway,
    Refund,
    RefundRequest,
    Rejected,
    new_key,
)
from payments.receipt import ReceiptDefaults, ReceiptLine, build_refund_receipt
from payments.states import PaymentStatus, RefundStatus
from shop.access import audit
from shop.clock import Clock
from shop.orders.model import TRANSITIONS, OrderStatus, move
from shop.orders.payment_tables import PayAttempt, PayRefund
from shop.orders.payments import OutcomeHook, Settled
from shop.orders.queries import order_lines
from shop.orders.refund_lines import (
    DELIVERY_ID,
    Books,
    LineRefund,
    OrderLine,
    Piece,
    RefundRefused,
    choose,
    dump,
    load,
)
from shop.orders.tables import ShopOrder
from shop.storage.db import Database
from shop.taxes.order_receipt import customer_of
from shop.taxes.receipt_input import like_the_payment
from shop.texts import format_money, t

log = logging.getLogger(__name__)
NEW, REJECTED = "new", "rejected"
LIVE = (NEW, RefundStatus.PENDING.value, RefundStatus.SUCCEEDED.value)


__all__ = [
    "LineRefund",
    "OrderRefunds",
    "Preview",
    "RefundRefused",
    "RefundResult",
    "RefundUnavailable",
]


class RefundUnavailable(Exception):
    """YooKassa did not answer; the refund is kept with its key and retried on the next request."""


@dataclass(frozen=True)
class _Ask:
    lines: Sequence[LineRefund] | None
    delivery: bool | None
    reason: str
    request_key: str | None
    payment_id: str | None
    actor: str | None = None  # who asked, for the audit log


@dataclass(frozen=True)
class Preview:
    pieces: list[Piece]
    retry: bool = False  # an earlier refund YooKassa did not answer is sent again first

    @property
    def amount_minor(self) -> int:
        return sum(piece.total_minor for piece in self.pieces)


@dataclass(frozen=True)
class RefundResult:
    id: int
    status: str
    amount: Money
    provider_id: str | None


class OrderRefunds:
    def __init__(
        self,
        *,
        db: Database,
        gateway: PaymentGateway,
        clock: Clock,
        defaults: ReceiptDefaults | None = None,
        on_outcome: OutcomeHook | None = None,
    ) -> None:
        self.db, self.gateway, self.clock = db, gateway, clock
        self.defaults = defaults or ReceiptDefaults()
        self.on_outcome = on_outcome

    async def refund(
        self,
        order_id: int,
        *,
        lines: Sequence[LineRefund] | None = None,
        delivery: bool | None = None,
        reason: str = "",
        request_key: str | None = None,
        payment_id: str | None = None,
        actor: str | None = None,
    ) -> RefundResult:
        """Refund every goods line not yet returned (`lines=None`) or the given lines; the
        delivery too when `delivery` is true (None: with everything, not with lines).

        `payment_id` picks the payment (a duplicate one, say); by default the one that paid.
        `actor` (a staff name) logs the refund in the audit log with the refund's row.
        """
        ask = _Ask(lines, delivery, reason, request_key, payment_id, actor)
        try:
            prepared = await self._prepare(order_id, ask)
        except IntegrityError:  # the same request key arrived twice at once
            return await self._result(await self._existing(request_key))
        if isinstance(prepared, int):
            return await self._result(prepared)
        return await self._send(*prepared)

    async def preview(
        self,
        order_id: int,
        *,
        lines: Sequence[LineRefund] | None = None,
        delivery: bool | None = None,
        payment_id: str | None = None,
    ) -> Preview:
        """What `refund` would send now, without doing it (the merchant confirms it first):
        an unfinished earlier refund goes first, with its own key and pieces."""
        async with self.db.sessions() as session:
            order = await session.get(ShopOrder, order_id)
            if order is None:
                raise RefundRefused("no such order")
            attempt = await _paying_attempt(session, order_id, payment_id)
            if attempt is None or attempt.provider_id is None:
                raise RefundRefused("the order has no succeeded payment to refund")
            stuck = await _unfinished(session, order_id)
            if stuck is not None:
                return Preview(load(stuck.lines_json), retry=True)
            return Preview(choose(await _books(session, order, attempt), lines, delivery))

    async def _existing(self, request_key: str | None) -> int:
        async with self.db.sessions() as session:
            query = select(PayRefund.id).where(col(PayRefund.request_key) == request_key)
            found = (await session.exec(query)).first()
        if found is None:
            raise RefundRefused("refund request collided; try again")
        return found

    async def _prepare(self, order_id: int, ask: _Ask) -> int | tuple[int, str, RefundRequest]:
        """The refund to send (its id, key and request), committed; or the id of the refund
        a repeated request key already made."""
        async with self.db.transaction() as session:
            if ask.request_key is not None:
                query = select(PayRefund).where(col(PayRefund.request_key) == ask.request_key)
                if (same := (await session.exec(query)).first()) is not None:
                    return same.id or 0
            order = await session.get(ShopOrder, order_id, with_for_update=True)
            if order is None:
                raise RefundRefused("no such order")
            attempt = await _paying_attempt(session, order_id, ask.payment_id)
            if attempt is None or attempt.provider_id is None:
                raise RefundRefused("the order has no succeeded payment to refund")
            row = await _unfinished(session, order_id)
            if row is None:
                row = await self._new_row(session, order, attempt, ask)
            return row.id or 0, row.key, await self._request(order, attempt, row)

    async def _new_row(
        self, session: AsyncSession, order: ShopOrder, attempt: PayAttempt, ask: _Ask
    ) -> PayRefund:
        pieces = choose(await _books(session, order, attempt), ask.lines, ask.delivery)
        now = self.clock.now()
        row = PayRefund(
            order_id=order.id or 0,
            attempt_id=attempt.id or 0,
            key=new_key(),
            request_key=ask.request_key,
            status=NEW,
            amount_minor=sum(p.total_minor for p in pieces),
            currency=order.currency,
            reason=ask.reason[:250],
            lines_json=dump(pieces),
            created_at=now,
            updated_at=now,
        )
        session.add(row)
        await session.flush()
        if ask.actor is not None:
            amount = format_money(Money.from_minor(row.amount_minor, row.currency), "ru")
            detail = f"{amount} {ask.reason}".strip()
            await audit.record(
                session, ask.actor, "refund", f"order:{order.number}", detail, at=now
            )
        return row

    async def _request(
        self, order: ShopOrder, attempt: PayAttempt, row: PayRefund
    ) -> RefundRequest:
        receipt_lines = [
            ReceiptLine(
                description=piece.title,
                quantity=Decimal(piece.quantity),
                unit_price=Money.from_minor(piece.unit_minor, order.currency),
                payment_subject="service" if piece.retailer_id == DELIVERY_ID else None,
            )
            for piece in load(row.lines_json)
        ]
        customer = customer_of(order)
        amount = Money.from_minor(row.amount_minor, row.currency)
        receipt_lines, defaults = like_the_payment(
            receipt_lines, self.defaults, attempt.receipt_json
        )
        receipt = build_refund_receipt(
            receipt_lines, customer=customer, amount=amount, defaults=defaults
        )
        return RefundRequest(
            payment_id=attempt.provider_id or "",
            amount=amount,
            description=t("order.refund.description", "ru", number=order.number),
            receipt=receipt.to_api(),
            metadata={"order_id": str(order.id), "refund": row.key},
        )

    async def _send(self, refund_id: int, key: str, request: RefundRequest) -> RefundResult:
        try:
            refund = await self.gateway.create_refund(request, key=key)
        except OutcomeUnknown as exc:
            raise RefundUnavailable(str(exc)) from exc
        except Rejected as exc:
            await self._mark(refund_id, REJECTED, error=f"{exc.code}: {exc.description}")
            raise RefundRefused(exc.description or str(exc)) from exc
        await self.apply(refund)
        return await self._result(refund_id)

    async def observe(self, refund_id: str) -> RefundStatus | None:
        """A `refund.*` notification: re-read the refund, apply it, say what YooKassa said."""
        refund = await self.gateway.get_refund(refund_id)
        await self.apply(refund)
        return refund.status

    async def apply(self, refund: Refund) -> None:
        """Under the order's, then the refund's row lock: two workers applying the same
        refund (the answer to our call and the notification, or two notification workers)
        see each other's result, so a refund is counted once."""
        async with self.db.transaction() as session:
            found = await _row_of(session, refund)
            if found is None or refund.status is None:
                return
            order = await session.get(ShopOrder, found.order_id, with_for_update=True)
            row = await session.get(
                PayRefund, found.id, with_for_update=True, populate_existing=True
            )
            if row is None or row.status == refund.status.value:
                return
            if row.status in (RefundStatus.SUCCEEDED.value, RefundStatus.CANCELED.value):
                return  # final; never backwards
            if row.provider_id not in (None, refund.id):
                return  # the unfinished row was matched to another refund meanwhile
            row.provider_id, row.status = refund.id, refund.status.value
            row.updated_at = self.clock.now()
            if refund.status is RefundStatus.SUCCEEDED and order is not None:
                await self._settle(session, order, row)

    async def _settle(self, session: AsyncSession, order: ShopOrder, row: PayRefund) -> None:
        attempt = await session.get(
            PayAttempt, row.attempt_id, with_for_update=True, populate_existing=True
        )
        if attempt is None:
            return
        attempt.refunded_minor += row.amount_minor
        primary = await _paying_attempt(session, order.id or 0)
        if primary is not None and primary.id == attempt.id:
            # Only the payment that paid for the order moves it; refunding a duplicate does not.
            full = attempt.refunded_minor >= attempt.amount_minor
            target = OrderStatus.REFUNDED if full else OrderStatus.PARTIALLY_REFUNDED
            status = OrderStatus(order.status)
            if target in TRANSITIONS[status]:
                order.status = move(status, target)
        if self.on_outcome is not None:
            await self.on_outcome(session, order, Settled.REFUNDED)

    async def _mark(self, refund_id: int, status: str, *, error: str | None = None) -> None:
        async with self.db.transaction() as session:
            row = await session.get(PayRefund, refund_id, with_for_update=True)
            if row is not None and row.status == NEW:
                row.status, row.error, row.updated_at = status, error, self.clock.now()

    async def _result(self, refund_id: int) -> RefundResult:
        async with self.db.sessions() as session:
            row = await session.get(PayRefund, refund_id)
        if row is None:
            raise RefundRefused("no such refund")
        amount = Money.from_minor(row.amount_minor, row.currency)
        return RefundResult(row.id or 0, row.status, amount, row.provider_id)


async def _paying_attempt(
    session: AsyncSession, order_id: int, payment_id: str | None = None
) -> PayAttempt | None:
    """The succeeded payment to refund: the named one, or the first that paid the order."""
    query = (
        select(PayAttempt)
        .where(
            col(PayAttempt.order_id) == order_id,
            col(PayAttempt.status) == PaymentStatus.SUCCEEDED.value,
        )
        .order_by(col(PayAttempt.captured_at), col(PayAttempt.id))
    )
    if payment_id is not None:
        query = query.where(col(PayAttempt.provider_id) == payment_id)
    return (await session.exec(query)).first()


async def _unfinished(session: AsyncSession, order_id: int) -> PayRefund | None:
    query = select(PayRefund).where(
        col(PayRefund.order_id) == order_id, col(PayRefund.status) == NEW
    )
    return (await session.exec(query)).first()


async def _refunded_minor(session: AsyncSession, attempt_id: int) -> int:
    """What is refunded or on its way back from one payment."""
    query = select(PayRefund.amount_minor).where(
        col(PayRefund.attempt_id) == attempt_id, col(PayRefund.status).in_(LIVE)
    )
    return sum((await session.exec(query)).all())


async def _books(session: AsyncSession, order: ShopOrder, attempt: PayAttempt) -> Books:
    rows = await order_lines(session, order.id)
    earlier = (
        await session.exec(
            select(PayRefund.lines_json).where(
                col(PayRefund.order_id) == order.id, col(PayRefund.status).in_(LIVE)
            )
        )
    ).all()
    primary = await _paying_attempt(session, order.id or 0)
    return Books(
        number=order.number or "",
        lines=[
            OrderLine(r.retailer_id, r.title, r.unit_price_minor, r.quantity, r.discount_minor)
            for r in rows
        ],
        delivery_minor=order.delivery_minor,
        total_minor=order.total_minor,
        paid_minor=attempt.amount_minor,
        refundable_minor=attempt.amount_minor - await _refunded_minor(session, attempt.id or 0),
        refunded=[piece for text in earlier for piece in load(text)],
        itemized=primary is not None
        and primary.id == attempt.id
        and attempt.amount_minor == order.total_minor,
    )


async def _row_of(session: AsyncSession, refund: Refund) -> PayRefund | None:
    query = select(PayRefund).where(col(PayRefund.provider_id) == refund.id)
    found = (await session.exec(query)).first()
    if found is None:
        # A refund whose answer we never stored: the unfinished one of the same payment.
        query = (
            select(PayRefund)
            .join(PayAttempt, col(PayAttempt.id) == col(PayRefund.attempt_id))
            .where(
                col(PayAttempt.provider_id) == refund.payment_id,
                col(PayRefund.status) == NEW,
                col(PayRefund.amount_minor) == refund.amount.minor,
            )
        )
        found = (await session.exec(query)).first()
    return found
