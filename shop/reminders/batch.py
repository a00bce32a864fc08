"""What the scheduler reads about a batch of due carts, in five queries for the whole batch.

Read one cart at a time, each reminder cost five round trips before its decision (the chat,
the cart's earlier claims, the shopper's consent, Meta's marketing limit, the cap window's
sends); in a batch of 200 that is a thousand statements, and the dispatch of 10 000
reminders was bound by them. Here each is one `IN (…)` query over the batch, read in the
scheduler's transaction (the carts are row-locked already, so nothing read here can be
claimed by another worker meanwhile).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shop.chat.tables import ShopCart, ShopChat
from shop.consent import store
from shop.consent.rules import ConsentState
from shop.reminders.policy import CAP_WINDOW
from shop.reminders.tables import NudgeSend
from shop.whatsapp.tables import WaOutbox

MARKETING_LIMIT_CODE = 131049  # Meta's per-user marketing limit


@dataclass(frozen=True)
class Episode:
    at: datetime
    handled: frozenset[int]
    last_sent: datetime | None


@dataclass(frozen=True)
class BatchFacts:
    chats: dict[int, ShopChat]
    claims: dict[int, list[NudgeSend]]  # per cart: newest episode first, then by step
    consents: dict[str, ConsentState]
    limited: dict[str, datetime]  # the latest 131049 of a reminder, per shopper
    recent: dict[str, list[datetime]]  # reminders queued in the cap window, per shopper

    def episode(self, cart: ShopCart, chat: ShopChat) -> Episode:
        """The abandonment being reminded: the latest one, unless the cart changed since."""
        rows = self.claims.get(cart.id or 0, [])
        if rows and cart.changed_at <= rows[0].episode_at:
            current = [r for r in rows if r.episode_at == rows[0].episode_at]
            sent = [r.claimed_at for r in current if r.status == "queued"]
            return Episode(
                at=rows[0].episode_at,
                handled=frozenset(r.step for r in current),
                last_sent=max(sent) if sent else None,
            )
        idle_since = max(cart.changed_at, chat.last_inbound_at or cart.changed_at)
        return Episode(at=idle_since, handled=frozenset(), last_sent=None)


async def facts_of(session: AsyncSession, carts: Sequence[ShopCart], now: datetime) -> BatchFacts:
    chat_ids = sorted({cart.chat_id for cart in carts})
    chats = {
        chat.id or 0: chat
        for chat in (await session.exec(select(ShopChat).where(col(ShopChat.id).in_(chat_ids))))
    }
    shoppers = sorted({chat.wa_id for chat in chats.values()})
    return BatchFacts(
        chats=chats,
        claims=await _claims(session, [cart.id or 0 for cart in carts]),
        consents=await store.states_of(session, shoppers),
        limited=await _limited(session, shoppers),
        recent=await _recent(session, shoppers, now),
    )


async def _claims(session: AsyncSession, cart_ids: list[int]) -> dict[int, list[NudgeSend]]:
    query = (
        select(NudgeSend)
        .where(col(NudgeSend.cart_id).in_(cart_ids))
        .order_by(col(NudgeSend.cart_id), col(NudgeSend.episode_at).desc(), col(NudgeSend.step))
    )
    claims: dict[int, list[NudgeSend]] = defaultdict(list)
    for row in (await session.exec(query)).all():
        claims[row.cart_id].append(row)
    return claims


async def _limited(session: AsyncSession, shoppers: list[str]) -> dict[str, datetime]:
    if not shoppers:
        return {}
    query = (
        select(NudgeSend.wa_id, func.max(WaOutbox.failed_at))
        .join(NudgeSend, col(NudgeSend.outbox_id) == col(WaOutbox.id))
        .where(col(NudgeSend.wa_id).in_(shoppers))
        .where(col(WaOutbox.error_code) == MARKETING_LIMIT_CODE)
        .group_by(col(NudgeSend.wa_id))
    )
    return {wa_id: at for wa_id, at in (await session.exec(query)).all() if at is not None}


async def _recent(
    session: AsyncSession, shoppers: list[str], now: datetime
) -> dict[str, list[datetime]]:
    """Each shopper's marketing sends in the cap window (all campaigns are nudges, so far)."""
    recent: dict[str, list[datetime]] = defaultdict(list)
    if not shoppers:
        return recent
    query = select(NudgeSend.wa_id, NudgeSend.claimed_at).where(
        col(NudgeSend.wa_id).in_(shoppers),
        col(NudgeSend.status) == "queued",
        col(NudgeSend.claimed_at) > now - CAP_WINDOW,
    )
    for wa_id, at in (await session.exec(query)).all():
        recent[wa_id].append(at)
    return recent
