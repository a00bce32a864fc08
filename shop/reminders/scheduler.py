"""The reminder scheduler: due carts by index, the pure policy, unique claims, the outbox.

Each run takes the carts whose `nudge_check_at` has come (row-locked with SKIP LOCKED on
PostgreSQL, so several workers share them), reads what the policy needs for the whole batch
(`batch.py`), asks `next_nudge` about each cart, and in the same transaction writes the
batch's answers: the steps to send claimed — `nudge_send` rows unique per (cart, episode,
step) — and their approved templates queued, cancelled steps recorded (`claims.py`, a
statement each for the whole batch), and each cart's `nudge_check_at` moved to when the
answer may change (for a cart whose step is written, the answer once it is written). A crash
before the commit leaves neither the claims nor the messages; after it, both.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shop.chat.tables import ShopCart, ShopChat
from shop.clock import Clock
from shop.consent import store
from shop.consent.rules import event_from_failure
from shop.consent.tables import ConsentRecord
from shop.reminders import claims
from shop.reminders.batch import BatchFacts, Episode, facts_of
from shop.reminders.claims import CART_PAYLOAD as CART_PAYLOAD  # the conversation's import
from shop.reminders.claims import QUEUED, SKIPPED, Step
from shop.reminders.config import NudgeConfig, NudgeConfigError
from shop.reminders.document import effective_config
from shop.reminders.guard import GuardDecision, channel_guard, quality_from_event
from shop.reminders.policy import (
    CartView,
    Done,
    Due,
    NudgeDecision,
    ShopperView,
    Stop,
    TemplateView,
    Wait,
    next_nudge,
)
from shop.reminders.tables import NudgeSend
from shop.settings import Settings
from shop.storage.db import Database
from shop.storage.tables import MerchantSetting
from shop.whatsapp.outbox import EnqueueTemplates
from shop.whatsapp.tables import WaOutbox, WaPhoneQuality, WaTemplate

log = logging.getLogger(__name__)
JOB = "nudges.scan"
BATCH = 200
SQLITE_BATCH = 50  # SQLite has one writer: shorter transactions keep the web side responsive
_PLACEHOLDER = re.compile(r"\{\{\s*([\w]+)\s*\}\}")


def template_view(row: WaTemplate) -> TemplateView:
    components: list[dict[str, Any]] = json.loads(row.components or "[]")
    body = next((c for c in components if str(c.get("type")).upper() == "BODY"), {})
    names = tuple(dict.fromkeys(_PLACEHOLDER.findall(str(body.get("text", "")))))
    buttons = next((c for c in components if str(c.get("type")).upper() == "BUTTONS"), None)
    quick = None
    if buttons is not None:
        quick = sum(1 for b in buttons.get("buttons", ()) if b.get("type") == "QUICK_REPLY")
    return TemplateView(row.name, row.status, row.category, names, quick)


class NudgeScheduler:
    def __init__(
        self,
        *,
        db: Database,
        clock: Clock,
        enqueue: EnqueueTemplates,
        config: NudgeConfig,
        settings: Settings | None = None,
    ) -> None:
        self.db, self.clock, self.enqueue, self.config = db, clock, enqueue, config
        self.settings = settings  # with settings, the merchant's page overrides are applied

    async def run_once(self) -> int:
        now = self.clock.now()
        async with self.db.transaction() as session:
            await self._refresh_config(session)
            query = (
                select(ShopCart)
                .where(col(ShopCart.nudge_check_at).is_not(None))
                .where(col(ShopCart.nudge_check_at) <= now)
                .order_by(col(ShopCart.nudge_check_at))
                .limit(SQLITE_BATCH if self.db.is_sqlite else BATCH)
            )
            if not self.db.is_sqlite:
                query = query.with_for_update(skip_locked=True)
            learned = await _learn_from_failures(session, now)
            guard = await _guard(session, self.config, now)
            if guard.paused:
                return learned  # nothing is sent while the channel is unhealthy
            carts = (await session.exec(query)).all()
            if not carts:
                return learned
            templates = await self._templates(session)
            # Still being shopped: no step can be due before the first step's delay after the
            # last change (an episode never starts before it), so the shopper's history is not
            # read for it yet. Moved after the reads: the carts' updates are flushed together.
            early = {cart.id: e for cart in carts if (e := self._earliest(cart)) and e > now}
            ripe = [cart for cart in carts if cart.id not in early]
            facts = await facts_of(session, ripe, now)
            for cart in carts:
                if cart.id in early:
                    cart.nudge_check_at = early[cart.id]
            steps = [self._decide(cart, templates, facts, now) for cart in ripe]
            await claims.write(
                session, [s for s in steps if s is not None], enqueue=self.enqueue, now=now
            )
        return len(carts)

    async def guard_now(self) -> GuardDecision:
        """The channel guard's verdict now, from the database: any process can tell the
        merchant that reminders are paused, whether or not it runs the scheduler."""
        async with self.db.sessions() as session:
            await self._refresh_config(session)
            return await _guard(session, self.config, self.clock.now())

    def _earliest(self, cart: ShopCart) -> datetime | None:
        if not self.config.steps:
            return None
        return cart.changed_at + self.config.steps[0].delay

    async def _refresh_config(self, session: AsyncSession) -> None:
        """The merchant's settings from the pages win over the environment's defaults."""
        if self.settings is None:
            return
        rows = (await session.exec(select(MerchantSetting))).all()
        try:
            self.config = effective_config(self.settings, {r.key: r.value for r in rows})
        except NudgeConfigError:
            log.exception("merchant reminder settings are invalid; keeping the previous ones")

    async def _templates(self, session: AsyncSession) -> dict[str, TemplateView]:
        rows = (await session.exec(select(WaTemplate))).all()
        # One language per name is enough for the policy; Russian wins when there are several.
        ordered = sorted(rows, key=lambda r: r.language != "ru")
        views: dict[str, TemplateView] = {}
        for row in ordered:
            views.setdefault(row.name, template_view(row))
        return views

    def _decide(
        self,
        cart: ShopCart,
        templates: Mapping[str, TemplateView],
        facts: BatchFacts,
        now: datetime,
    ) -> Step | None:
        """The policy's answer for one cart: when to look at it next, and the step to write."""
        chat = facts.chats.get(cart.chat_id)
        if chat is None:
            cart.nudge_check_at = None
            return None
        episode = facts.episode(cart, chat)
        cart_view, shopper = _views(cart, chat, episode, facts)
        history = facts.recent[chat.wa_id]
        decision = next_nudge(cart_view, shopper, history, self.config, now, templates=templates)
        last_sent: datetime | None
        if isinstance(decision, Due) and decision.send_at <= now:
            template, promo = decision.template, decision.promo_code
            step = Step(cart, chat, episode, decision.step, template, QUEUED, promo)
            # Another cart of the shopper in this batch sees the send in its cap. Counted before
            # the claim is written: one lost to another worker or refused by the outbox only
            # makes that cart wait, it never lets more through.
            history.append(now)
            last_sent = now
        elif isinstance(decision, Stop) and decision.step is not None:
            step = Step(
                cart, chat, episode, decision.step, "", SKIPPED, reason=decision.reason.value
            )
            last_sent = cart_view.last_nudge_at
        else:
            cart.nudge_check_at = _next_look(decision, now)
            return None
        # The next look is when the policy's answer for the cart with this step written may
        # change, asked now from the same facts: not a second visit of the cart just to learn it.
        written = replace(
            cart_view, handled_steps=episode.handled | {step.step}, last_nudge_at=last_sent
        )
        after = next_nudge(written, shopper, history, self.config, now, templates=templates)
        cart.nudge_check_at = _next_look(after, now)
        return step


def _next_look(decision: NudgeDecision, now: datetime) -> datetime | None:
    """When to look at a cart again after this answer; None when it is finished."""
    if isinstance(decision, Due):
        return decision.send_at
    if isinstance(decision, Wait):
        return decision.until
    if isinstance(decision, Stop) and decision.step is not None:
        return now  # the cancelled step is recorded at the next look
    assert isinstance(decision, Stop | Done)
    return None


def _views(
    cart: ShopCart, chat: ShopChat, episode: Episode, facts: BatchFacts
) -> tuple[CartView, ShopperView]:
    cart_view = CartView(
        cart_id=str(cart.id),
        item_count=cart.lines_count,
        last_changed_at=episode.at,
        handled_steps=episode.handled,
        last_nudge_at=episode.last_sent,
    )
    shopper = ShopperView(
        consent=facts.consents[chat.wa_id],
        last_inbound_at=chat.last_inbound_at,
        with_operator=chat.operator_requested_at is not None,
        marketing_limited_at=facts.limited.get(chat.wa_id),
    )
    return cart_view, shopper


async def _guard(session: AsyncSession, config: NudgeConfig, now: datetime) -> GuardDecision:
    """Pause when the reminders hurt the number: opt-outs among them, or its quality rating."""
    since = now - config.guard.window
    delivered_query = (
        select(WaOutbox.delivered_at, NudgeSend.wa_id)
        .join(NudgeSend, col(NudgeSend.outbox_id) == col(WaOutbox.id))
        .where(col(WaOutbox.delivered_at) >= since)
    )
    delivered = (await session.exec(delivered_query)).all()
    shoppers = {wa_id for _, wa_id in delivered}
    opt_outs: list[datetime] = []
    if shoppers:
        opt_query = select(ConsentRecord.occurred_at).where(
            col(ConsentRecord.shopper).in_(shoppers),
            col(ConsentRecord.kind) == "withdrawn",
            col(ConsentRecord.occurred_at) >= since,
        )
        opt_outs = list((await session.exec(opt_query)).all())
    quality_row = (
        await session.exec(select(WaPhoneQuality).order_by(col(WaPhoneQuality.updated_at).desc()))
    ).first()
    quality = quality_from_event(quality_row.event) if quality_row is not None else None
    return channel_guard(
        delivered=[at for at, _ in delivered if at is not None],
        opt_outs=opt_outs,
        complaints=[],
        quality=quality,
        thresholds=config.guard,
        now=now,
    )


async def _learn_from_failures(session: AsyncSession, now: datetime) -> int:
    """Meta's verdicts on sent reminders: 131050 is the shopper's stop, recorded as consent."""
    query = (
        select(NudgeSend, WaOutbox.error_code, WaOutbox.failed_at)
        .join(WaOutbox, col(WaOutbox.id) == col(NudgeSend.outbox_id))
        .where(col(NudgeSend.status) == "queued", col(WaOutbox.error_code).is_not(None))
        .limit(BATCH)
    )
    rows = (await session.exec(query)).all()
    for nudge, code, failed_at in rows:
        nudge.status, nudge.reason = "failed", f"meta error {code}"
        event = event_from_failure(nudge.wa_id, int(code or 0), failed_at or now)
        if event is not None:
            await store.append(session, event, now)
    return len(rows)
