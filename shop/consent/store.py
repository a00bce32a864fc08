"""Reading and appending consent events in the database."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy.ext.asyncio import AsyncSession as AnySession
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shop.clock import Clock
from shop.consent.rules import (
    ConsentEvent,
    ConsentKind,
    ConsentSource,
    ConsentState,
    Purpose,
    current_state,
    event_from_user_preferences,
)
from shop.consent.tables import ConsentRecord


async def append(
    session: AsyncSession,
    event: ConsentEvent,
    now: datetime,
    note: str | None = None,
    source_text: str | None = None,
) -> None:
    session.add(
        ConsentRecord(
            shopper=event.shopper,
            purpose=event.purpose.value,
            kind=event.kind.value,
            source=event.source.value,
            source_text=source_text,
            occurred_at=event.at,
            recorded_at=now,
            note=note,
        )
    )
    await session.flush()


async def history(
    session: AsyncSession, shopper: str, purpose: Purpose = Purpose.MARKETING
) -> list[ConsentEvent]:
    query = (
        select(ConsentRecord)
        .where(col(ConsentRecord.shopper) == shopper, col(ConsentRecord.purpose) == purpose.value)
        .order_by(col(ConsentRecord.occurred_at), col(ConsentRecord.id))
    )
    return [_event(r) for r in (await session.exec(query)).all()]


def _event(r: ConsentRecord) -> ConsentEvent:
    return ConsentEvent(
        shopper=r.shopper,
        kind=ConsentKind(r.kind),
        source=ConsentSource(r.source),
        at=r.occurred_at,
        purpose=Purpose(r.purpose),
    )


async def state_of(session: AsyncSession, shopper: str) -> ConsentState:
    return current_state(await history(session, shopper))


async def states_of(
    session: AsyncSession, shoppers: Iterable[str], purpose: Purpose = Purpose.MARKETING
) -> dict[str, ConsentState]:
    """`state_of` for many shoppers in one query (the reminder scheduler's batch)."""
    wanted = sorted(set(shoppers))
    events: dict[str, list[ConsentEvent]] = {shopper: [] for shopper in wanted}
    if wanted:
        query = (
            select(ConsentRecord)
            .where(col(ConsentRecord.shopper).in_(wanted))
            .where(col(ConsentRecord.purpose) == purpose.value)
            .order_by(col(ConsentRecord.occurred_at), col(ConsentRecord.id))
        )
        for r in (await session.exec(query)).all():
            events[r.shopper].append(_event(r))
    return {shopper: current_state(history) for shopper, history in events.items()}


class PreferencesToConsent:
    """An inbox hook: WhatsApp's own "stop promotions" / resume becomes a consent event."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    async def __call__(self, session: AnySession, pref: dict[str, Any]) -> None:
        stamp = pref.get("timestamp")
        at = datetime.fromtimestamp(int(stamp), UTC) if stamp is not None else self.clock.now()
        event = event_from_user_preferences(
            str(pref.get("wa_id", "")),
            str(pref.get("category", "")),
            str(pref.get("value", "")),
            at,
        )
        if event is not None:
            await append(cast(AsyncSession, session), event, self.clock.now())
