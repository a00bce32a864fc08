"""The promo code at the moment an order is placed: judged again, and its discount given to
the order's lines (payments/discount.py) so receipts and refunds use the discounted amounts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from catalog.money import Money
from payments.discount import spread
from shop.orders.model import OrderLineDraft
from shop.promo import store
from shop.promo.rules import Accepted, Refused


async def judge(
    session: AsyncSession,
    code: str | None,
    wa_id: str,
    drafts: Sequence[OrderLineDraft],
    goods: Money,
    now: datetime,
) -> Accepted | Refused | None:
    """None without a code; the verdict on it for these lines otherwise."""
    if code is None:
        return None
    units = sum(d.quantity for d in drafts)
    return await store.verdict(session, code, wa_id=wa_id, goods=goods, units=units, now=now)


def off(promo: Accepted | None, goods: Money) -> Money:
    return promo.discount if promo is not None else Money(amount=0, currency=goods.currency)


def line_shares(promo: Accepted | None, drafts: Sequence[OrderLineDraft]) -> list[int]:
    """Each line's kopecks of the discount; every unit keeps at least a kopeck."""
    if promo is None:
        return [0] * len(drafts)
    totals = [d.total.minor for d in drafts]
    return spread(totals, promo.discount.minor, floors=[d.quantity for d in drafts])
