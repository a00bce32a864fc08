"""What became of the reminders of a period: statuses, clicks, orders, payments, opt-outs."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from catalog.money import Money
from shop.consent.tables import ConsentRecord
from shop.orders.model import OrderStatus
from shop.orders.tables import ShopOrder
from shop.reminders.funnel import NudgeOutcome
from shop.reminders.tables import NudgeSend
from shop.whatsapp.tables import WaOutbox

# An order or an opt-out this soon after a reminder is counted as its result.
ATTRIBUTION = timedelta(days=7)
PAID = {OrderStatus.PAID.value, OrderStatus.PARTIALLY_REFUNDED.value, OrderStatus.REFUNDED.value}


async def outcomes(session: AsyncSession, since: datetime, until: datetime) -> list[NudgeOutcome]:
    query = (
        select(NudgeSend, WaOutbox)
        .join(WaOutbox, col(WaOutbox.id) == col(NudgeSend.outbox_id))
        .where(col(NudgeSend.status) == "queued")
        .where(col(NudgeSend.claimed_at) >= since, col(NudgeSend.claimed_at) < until)
    )
    pairs = (await session.exec(query)).all()
    found = []
    for nudge, out in pairs:
        sent_at = out.accepted_at or out.sent_at
        if sent_at is None and out.failed_at is None:
            continue  # still in the outbox
        found.append(await _outcome(session, nudge, out, sent_at or nudge.claimed_at))
    return found


async def _outcome(
    session: AsyncSession, nudge: NudgeSend, out: WaOutbox, sent_at: datetime
) -> NudgeOutcome:
    horizon = sent_at + ATTRIBUTION
    order = (
        await session.exec(
            select(ShopOrder)
            .where(col(ShopOrder.chat_id) == nudge.chat_id)
            .where(col(ShopOrder.created_at) >= sent_at, col(ShopOrder.created_at) < horizon)
            .order_by(col(ShopOrder.created_at))
        )
    ).first()
    opt_out = (
        await session.exec(
            select(ConsentRecord.occurred_at)
            .where(
                col(ConsentRecord.shopper) == nudge.wa_id, col(ConsentRecord.kind) == "withdrawn"
            )
            .where(col(ConsentRecord.occurred_at) >= sent_at)
            .where(col(ConsentRecord.occurred_at) < horizon)
        )
    ).first()
    # An order paid and since moved on (confirmed, shipped, …) still counts: its paid_at stays.
    paid = order is not None and (order.status in PAID or order.paid_at is not None)
    revenue = Money.from_minor(order.total_minor).amount if paid and order else Decimal(0)
    return NudgeOutcome(
        step=nudge.step,
        template=nudge.template,
        sent_at=sent_at,
        delivered_at=out.delivered_at,
        read_at=out.read_at,
        clicked_at=nudge.clicked_at,
        ordered_at=order.created_at if order else None,
        paid_at=order.paid_at if paid and order else None,
        opted_out_at=opt_out,
        failed_at=out.failed_at,
        revenue=revenue,
    )
