"""Promo codes in the database: the terms of a code, a shopper's facts, and the redemption.

A use is taken with one conditional UPDATE (`used_count < total_limit`): on PostgreSQL the
row lock makes a second order wait and re-read the count, on SQLite writers take turns, so
the last use of a code goes to exactly one order. The redemption row is unique per order and
per (code, shopper, use number), so neither a replayed order nor two orders of one shopper
can take a use twice.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from catalog.money import Money
from shop.orders.model import OrderStatus
from shop.orders.tables import ShopOrder
from shop.promo.rules import (
    Accepted,
    PromoKind,
    PromoTerms,
    Refusal,
    Refused,
    ShopperFacts,
    Verdict,
    check,
    normalise,
)
from shop.promo.tables import PromoCode, PromoRedemption
from shop.storage.sql import run

CODES = PromoCode.__table__  # type: ignore[attr-defined]
USES = PromoRedemption.__table__  # type: ignore[attr-defined]
ORDERS = ShopOrder.__table__  # type: ignore[attr-defined]
# An order that never went past these does not make the next one "not the first".
NOT_BOUGHT = (OrderStatus.AWAITING_PAYMENT.value, OrderStatus.CANCELED.value)

_TAKE = (
    sa.update(CODES)
    .where(
        CODES.c.id == sa.bindparam("b_id"),
        CODES.c.disabled_at.is_(None),
        sa.or_(CODES.c.total_limit.is_(None), CODES.c.used_count < CODES.c.total_limit),
    )
    .values(used_count=CODES.c.used_count + 1)
)


class PromoGone(Exception):
    """The code was fine when checked but its last use went to another order meanwhile."""

    def __init__(self, refused: Refused) -> None:
        super().__init__(refused.reason.value)
        self.refused = refused


def terms_of(row: PromoCode | sa.Row[tuple[object, ...]]) -> PromoTerms:
    kind = PromoKind(row.kind)
    value = row.percent if kind is PromoKind.PERCENT else row.amount_minor
    return PromoTerms(
        id=int(row.id or 0),
        code=row.code,
        kind=kind,
        value=int(value or 0),
        currency=row.currency,
        min_total_minor=row.min_total_minor,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        total_limit=row.total_limit,
        per_shopper_limit=row.per_shopper_limit,
        first_order_only=row.first_order_only,
        wa_id=row.wa_id,
        used_count=row.used_count,
        disabled=row.disabled_at is not None,
    )


async def load_terms(session: AsyncSession, code: str) -> PromoTerms | None:
    row = (await run(session, sa.select(CODES).where(CODES.c.code == normalise(code)))).first()
    return None if row is None else terms_of(row)


async def shopper_facts(session: AsyncSession, code_id: int, wa_id: str) -> ShopperFacts:
    uses = await run(
        session,
        sa.select(sa.func.count()).where(USES.c.code_id == code_id, USES.c.wa_id == wa_id),
    )
    orders = await run(
        session,
        sa.select(sa.func.count()).where(
            ORDERS.c.wa_id == wa_id, ORDERS.c.status.not_in(NOT_BOUGHT)
        ),
    )
    return ShopperFacts(wa_id, int(uses.scalar_one()), int(orders.scalar_one()))


async def verdict(
    session: AsyncSession, code: str, *, wa_id: str, goods: Money, units: int, now: datetime
) -> Verdict:
    """The verdict on `code` for this shopper's goods now (reads only)."""
    terms = await load_terms(session, code)
    if terms is None or terms.id == 0:
        return Refused(normalise(code), Refusal.UNKNOWN)
    facts = await shopper_facts(session, terms.id, wa_id)
    return check(terms, normalise(code), goods=goods, units=units, shopper=facts, now=now)


async def take_use(session: AsyncSession, accepted: Accepted) -> None:
    """Count one use against the code's total limit, or raise PromoGone."""
    taken = await run(session, _TAKE, {"b_id": accepted.terms.id})
    if taken.rowcount != 1:
        raise PromoGone(Refused(accepted.terms.code, Refusal.USED_UP))


async def record_use(
    session: AsyncSession, accepted: Accepted, *, order_id: int, wa_id: str, now: datetime
) -> None:
    """The redemption row of the order (unique per order and per shopper's use)."""
    await run(
        session,
        USES.insert().values(
            code_id=accepted.terms.id,
            order_id=order_id,
            wa_id=wa_id,
            shopper_use=accepted.shopper_use,
            discount_minor=accepted.discount.minor,
            currency=accepted.discount.currency,
            redeemed_at=now,
        ),
    )
