"""Moving an order along its path: who may take which step (`decide`, pure) and the unit of
work that takes it (`OrderLifecycle`), shared by the order page, the API and the CLI.

One transaction holds the order's row lock, the new status (with tracking, or the cancel's
reason), the history event, the audit entry of a staff member's step, the stock given back on
a cancel and the shopper's news. Cancelling a paid order then refunds it in full through the
refund service, after the commit (no transaction is open while YooKassa is called); a refund
YooKassa did not answer stays unfinished and is sent again, with its key, by the next refund
of the order (the order page's refund button).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, tzinfo
from enum import StrEnum

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shop.access import audit, roles
from shop.access.roles import Role
from shop.clock import Clock
from shop.orders import events
from shop.orders.checkout import release_stock
from shop.orders.events import Actor, ActorKind
from shop.orders.model import TRANSITIONS, OrderStatus, allowed, move
from shop.orders.news import OrderNewsTeller
from shop.orders.payment_tables import PayAttempt
from shop.orders.refunds import OrderRefunds, RefundRefused, RefundResult, RefundUnavailable
from shop.orders.status_news import status_news
from shop.orders.tables import ShopOrder
from shop.orders.tracking import BadTracking, Tracking, check_tracking
from shop.storage.db import Database

__all__ = [
    "Ask",
    "BadTracking",
    "Decision",
    "Facts",
    "OrderLifecycle",
    "Tracking",
    "check_tracking",
]

S = OrderStatus
MOVERS = frozenset({Role.OWNER, Role.OPERATOR})
# What people take by hand; the money steps (paid, under review, refunded) are YooKassa's.
BY_STAFF = frozenset(
    {
        S.CONFIRMED,
        S.ASSEMBLING,
        S.SHIPPED,
        S.READY_FOR_PICKUP,
        S.DELIVERED,
        S.CLOSED,
        S.CANCELED,
        S.RETURN_REQUESTED,
        S.RETURNED,
    }
)
# Steps that need a word of why: a cancel by a person, a return asked for, a return declined.
REASON_NEEDED = frozenset({S.CANCELED, S.RETURN_REQUESTED})


class Refusal(StrEnum):
    ILLEGAL = "illegal"  # not a step from here (409, with the allowed ones)
    FORBIDDEN = "forbidden"  # a step this actor may not take (403)
    REASON = "reason_required"  # the step needs a reason (400)


@dataclass(frozen=True)
class Facts:
    """What the decision needs of the order: where it is, how it is delivered, and whether
    it holds money that a cancel must give back."""

    status: OrderStatus
    pickup: bool = False
    paid: bool = False


@dataclass(frozen=True)
class Ask:
    target: OrderStatus
    actor: Actor
    reason: str = ""
    tracking: Tracking | None = None
    news: str | None = None  # a different news than the status's own (an expired order's)


@dataclass(frozen=True)
class Decision:
    target: OrderStatus | None
    refusal: Refusal | None = None
    allowed: tuple[OrderStatus, ...] = ()
    refund: bool = False


def _fits(facts: Facts, target: OrderStatus) -> bool:
    """Pickup orders wait at the point; the others are shipped."""
    if target is S.SHIPPED:
        return not facts.pickup
    if target is S.READY_FOR_PICKUP:
        return facts.pickup
    return True


def _permitted(facts: Facts, target: OrderStatus, actor: Actor) -> bool:
    if actor.kind is ActorKind.SYSTEM:
        return True
    if actor.kind is ActorKind.SHOPPER:
        pay_on_delivery = facts.status is S.AWAITING_PAYMENT and target is S.CONFIRMED
        return target is S.RETURN_REQUESTED or pay_on_delivery
    role = Role(actor.role) if actor.role in set(Role) else None
    if target is S.RETURNED and facts.paid:
        # Accepting a return of a paid order goes with its refund: the refund permission.
        return role in roles.MONEY
    if role not in MOVERS:
        return False
    if target is S.CANCELED and facts.paid:
        return role in roles.MONEY  # a cancel that refunds follows the refund permission
    return True


def _staff_step(facts: Facts, target: OrderStatus, actor: Actor) -> bool:
    if actor.kind is not ActorKind.STAFF:
        return True
    return target in BY_STAFF and not (facts.status is S.AWAITING_PAYMENT and target is S.CONFIRMED)


def choices(facts: Facts, actor: Actor) -> tuple[OrderStatus, ...]:
    """The steps this actor may take from here, in the path's order (the page's buttons)."""
    return tuple(
        s
        for s in allowed(facts.status)
        if _fits(facts, s) and _staff_step(facts, s, actor) and _permitted(facts, s, actor)
    )


def decide(facts: Facts, ask: Ask) -> Decision:
    """Whether `ask` may happen to an order with these facts, and whether it refunds."""
    listed = choices(facts, ask.actor)
    target = ask.target
    legal = target in TRANSITIONS[facts.status] and _fits(facts, target)
    if not legal or not _staff_step(facts, target, ask.actor):
        return Decision(None, Refusal.ILLEGAL, listed)
    if not _permitted(facts, target, ask.actor):
        return Decision(None, Refusal.FORBIDDEN, listed)
    needs_reason = target in REASON_NEEDED or (
        facts.status is S.RETURN_REQUESTED and target is S.CLOSED
    )
    if needs_reason and ask.actor.kind is not ActorKind.SYSTEM and not ask.reason.strip():
        return Decision(None, Refusal.REASON, listed)
    return Decision(target, allowed=listed, refund=target is S.CANCELED and facts.paid)


@dataclass(frozen=True)
class Changed:
    """What `change` did: the decision, and the cancel's refund (or why it is unfinished)."""

    decision: Decision
    number: str | None = None
    refund: RefundResult | None = None
    refund_problem: str | None = None
    before: OrderStatus | None = None
    next_steps: tuple[OrderStatus, ...] = ()


@dataclass
class OrderLifecycle:
    db: Database
    clock: Clock
    teller: OrderNewsTeller
    refunds: OrderRefunds
    zone: tzinfo = UTC  # the shop's: the times in the news
    wake_sender: Callable[[], None] = field(default=lambda: None)

    async def facts(self, session: AsyncSession, order: ShopOrder) -> Facts:
        return Facts(
            OrderStatus(order.status),
            pickup=order.delivery_kind == "pickup",
            paid=await holds_money(session, order.id or 0),
        )

    async def change(self, order_id: int, ask: Ask) -> Changed | None:
        """Take the step, or say why not; None when there is no such order."""
        async with self.db.transaction() as session:
            order = await session.get(ShopOrder, order_id, with_for_update=True)
            if order is None:
                return None
            before = OrderStatus(order.status)
            decision = await self.apply(session, order, ask)
            number = order.number
            following = choices(await self.facts(session, order), ask.actor)
        if decision.target is None:
            return Changed(decision, number, before=before)
        self.wake_sender()
        changed = Changed(decision, number, before=before, next_steps=following)
        return await self._refund(order_id, ask, changed) if decision.refund else changed

    async def apply(self, session: AsyncSession, order: ShopOrder, ask: Ask) -> Decision:
        """In the caller's transaction, the order's row locked by the caller."""
        decision = decide(await self.facts(session, order), ask)
        if decision.target is None:
            return decision
        now = self.clock.now()
        before = OrderStatus(order.status)
        order.status = move(before, decision.target)
        detail = self._mark(order, decision.target, ask, now)
        if decision.target is S.CANCELED:
            await release_stock(session, order.id or 0)
        event = events.record(
            session, order, before, ask.actor, now, reason=ask.reason, detail=detail
        )
        await session.flush()
        if ask.actor.kind is ActorKind.STAFF:
            note = f"{before} → {decision.target} {ask.reason} {detail or ''}".strip()
            await audit.record(
                session, ask.actor.name, "order.status", f"order:{order.number}", note, at=now
            )
        news = await status_news(
            self.teller, session, order, ask.news or str(decision.target), refund=decision.refund
        )
        if news is not None:
            await self.teller.tell(session, order, news, f"order:{order.id}:{event.id}", at=now)
        return decision

    def _mark(self, order: ShopOrder, target: OrderStatus, ask: Ask, now: datetime) -> str | None:
        if target is S.SHIPPED and ask.tracking is not None:
            order.tracking_number = ask.tracking.number or None
            order.carrier = ask.tracking.carrier or None
            order.tracking_url = ask.tracking.url or None
            return ask.tracking.line() or None
        if target is S.CANCELED:
            order.canceled_at = now
            order.cancel_reason = (ask.reason or ask.news or "")[:200] or None
        return None

    async def remind(self, session: AsyncSession, order: ShopOrder, now: datetime) -> int:
        """The unpaid order's reminder, with its link and the time it lapses."""
        until = order.expires_at.astimezone(self.zone).strftime("%d.%m.%Y %H:%M")
        news = await status_news(self.teller, session, order, "unpaid", until=until)
        if news is None:
            return 0
        await self.teller.tell(session, order, news, f"order:{order.id}:unpaid", at=now)
        return 1

    async def _refund(self, order_id: int, ask: Ask, changed: Changed) -> Changed:
        try:
            result = await self.refunds.refund(
                order_id,
                reason=ask.reason,
                request_key=f"cancel:{order_id}",
                actor=ask.actor.name if ask.actor.kind is ActorKind.STAFF else None,
            )
        except (RefundRefused, RefundUnavailable) as exc:
            return replace(changed, refund_problem=str(exc) or type(exc).__name__)
        return replace(changed, refund=result)


async def holds_money(session: AsyncSession, order_id: int) -> bool:
    """A succeeded payment of the order not yet refunded in full: what a cancel gives back."""
    query = select(PayAttempt.amount_minor, PayAttempt.refunded_minor).where(
        col(PayAttempt.order_id) == order_id, col(PayAttempt.status) == "succeeded"
    )
    return any(amount > refunded for amount, refunded in (await session.exec(query)).all())
