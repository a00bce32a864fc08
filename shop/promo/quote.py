"""The verdict on a code a shopper typed at the checkout's summary, read before the turn is
decided (the decision itself stays pure: it finds the verdict in its settings view)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from catalog.money import Money
from shop.promo import store
from shop.promo.rules import Refused, Verdict, looks_like_code


async def quote(
    session: AsyncSession,
    text: str,
    *,
    wa_id: str,
    goods: Money,
    units: int,
    now: datetime,
    zone: ZoneInfo,
) -> Verdict | None:
    """None when the text cannot be a code; else the verdict, times in the shop's zone."""
    if not looks_like_code(text):
        return None
    verdict = await store.verdict(session, text, wa_id=wa_id, goods=goods, units=units, now=now)
    if isinstance(verdict, Refused) and verdict.starts_at is not None:
        return replace(verdict, starts_at=verdict.starts_at.astimezone(zone))
    return verdict
