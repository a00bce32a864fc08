"""An order's history: one `order_event` per status change, written in the change's own
transaction (by orders/lifecycle.py for people and jobs, by the payment news hook for what
YooKassa settles)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shop.orders.lifecycle_tables import OrderEvent
from shop.orders.model import OrderStatus
from shop.orders.tables import ShopOrder


class ActorKind(StrEnum):
    STAFF = "staff"
    SYSTEM = "system"
    SHOPPER = "shopper"


@dataclass(frozen=True)
class Actor:
    """Who takes a step: a staff member by name (with their role), the shop's own jobs and
    payment notifications, or the shopper in the chat."""

    kind: ActorKind
    name: str
    role: str | None = None

    @classmethod
    def staff(cls, name: str, role: str) -> Actor:
        return cls(ActorKind.STAFF, name, role)


SYSTEM = Actor(ActorKind.SYSTEM, "system")
SHOPPER = Actor(ActorKind.SHOPPER, "shopper")


def record(
    session: AsyncSession,
    order: ShopOrder,
    before: OrderStatus | str,
    actor: Actor,
    at: datetime,
    *,
    reason: str | None = None,
    detail: str | None = None,
) -> OrderEvent:
    """One event from `before` to the order's status now, in the caller's transaction."""
    event = OrderEvent(
        order_id=order.id or 0,
        at=at,
        from_status=str(before),
        to_status=order.status,
        actor_kind=actor.kind.value,
        actor=actor.name[:64],
        reason=(reason or None) and reason[:500],
        detail=(detail or None) and detail[:500],
    )
    session.add(event)
    order.status_changed_at = at
    return event


async def history(session: AsyncSession, order_id: int) -> list[OrderEvent]:
    query = (
        select(OrderEvent)
        .where(col(OrderEvent.order_id) == order_id)
        .order_by(col(OrderEvent.at), col(OrderEvent.id))
    )
    return list((await session.exec(query)).all())


async def last_known(session: AsyncSession, order_id: int) -> OrderStatus:
    """The status the history last recorded: where a change made elsewhere started from."""
    query = (
        select(OrderEvent.to_status)
        .where(col(OrderEvent.order_id) == order_id)
        .order_by(col(OrderEvent.at).desc(), col(OrderEvent.id).desc())
        .limit(1)
    )
    found = (await session.exec(query)).first()
    return OrderStatus(found) if found else OrderStatus.AWAITING_PAYMENT
