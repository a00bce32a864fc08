"""The reminder's promo code: a step that names one of the merchant's codes sends each
shopper a one-time code of their own with the same terms, so a forwarded reminder cannot
be used by others and each cart's code is counted once."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shop.promo import manage
from shop.promo.rules import PromoKind, normalise
from shop.promo.tables import PromoCode

VALID_FOR = timedelta(days=3)  # a reminder's offer lasts a few days, not for ever


async def code_for_reminder(session: AsyncSession, named: str, *, wa_id: str, now: datetime) -> str:
    """A fresh one-time code with the terms of the merchant's code `named`, valid for
    VALID_FOR (never past the merchant's own end); `named` as written when the merchant has
    no such code (the step's text is then the merchant's own business)."""
    query = select(PromoCode).where(
        col(PromoCode.code) == normalise(named), col(PromoCode.origin) == "merchant"
    )
    base = (await session.exec(query)).first()
    if base is None or base.disabled_at is not None:
        return named
    ends = now + VALID_FOR
    if base.ends_at is not None:
        ends = min(ends, base.ends_at)
    code = manage.new_one_time_code()
    session.add(
        PromoCode(
            code=code,
            kind=base.kind,
            percent=base.percent if base.kind == PromoKind.PERCENT else None,
            amount_minor=base.amount_minor if base.kind == PromoKind.AMOUNT else None,
            currency=base.currency,
            min_total_minor=base.min_total_minor,
            ends_at=ends,
            total_limit=1,
            per_shopper_limit=1,
            first_order_only=base.first_order_only,
            wa_id=wa_id,
            origin="reminder",
            created_at=now,
        )
    )
    await session.flush()
    return code
