"""The reminder scheduler: due carts by index, the pure policy, a unique claim, the outbox.

Each run takes the carts whose `nudge_check_at` has come (row-locked with SKIP LOCKED on
PostgreSQL, so several workers share them), asks `next_nudge` what to do, and in the same
transaction either claims the step — a `nudge_send` row unique per (cart, episode, step) —
and queues the approved template, or moves `nudge_check_at` to when the answer may change.
A crash before the commit leaves neither the claim nor the message; after it, both.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy.orm import make_transient_to_detached
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from catalog.money import Money
from shop.chat.tables import ShopCart, ShopChat
from shop.clock import Clock
from shop.consent import store
from shop.consent.rules import OPT_OUT_PAYLOAD, event_from_failure
from shop.consent.tables import ConsentRecord
from shop.promo.reminder_codes import code_for_reminder
from shop.reminders.batch import BatchFacts, Episode, facts_of
from shop.reminders.config import NudgeConfig, NudgeConfigError
from shop.reminders.document import effective_config
from shop.reminders.guard import GuardDecision, channel_guard, quality_from_event
from shop.reminders.policy import (
    CartView,
    Done,
    Due,
    ShopperView,
    Stop,
    TemplateView,
    Wait,
    next_nudge,
)
from shop.reminders.tables import NudgeSend
from shop.settings import Settings
from shop.storage.db import Database
from shop.storage.sql import direct_per_dialect
from shop.storage.tables import MerchantSetting
from shop.texts import format_money, t
from shop.whatsapp.messages import TemplateButtonParam, TemplateMessage
from shop.whatsapp.outbox import Enqueue, Enqueued
from shop.whatsapp.tables import WaOutbox, WaPhoneQuality, WaTemplate

log = logging.getLogger(__name__)
JOB = "nudges.scan"
BATCH = 200
SQLITE_BATCH = 50  # SQLite has one writer: shorter transactions keep the web side responsive
CART_PAYLOAD = "cart"  # the conversation opens the cart for this quick-reply payload
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
        enqueue: Enqueue,
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
            ripe = []
            for cart in carts:
                earliest = self._earliest(cart)
                if earliest is not None and earliest > now:
                    # Still being shopped: no step can be due before the first step's delay
                    # after the last change (an episode never starts before it), so the
                    # shopper's history is not read for it yet.
                    cart.nudge_check_at = earliest
                    continue
                ripe.append(cart)
            facts = await facts_of(session, ripe, now)
            for cart in ripe:
                await self._one(session, cart, templates, facts, now)
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

    async def _one(
        self,
        session: AsyncSession,
        cart: ShopCart,
        templates: Mapping[str, TemplateView],
        facts: BatchFacts,
        now: datetime,
    ) -> None:
        chat = facts.chats.get(cart.chat_id)
        if chat is None:
            cart.nudge_check_at = None
            return
        episode = facts.episode(cart, chat)
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
        history = facts.recent[chat.wa_id]
        decision = next_nudge(cart_view, shopper, history, self.config, now, templates=templates)
        if isinstance(decision, Due):
            if await self._due(session, cart, chat, episode, decision, now):
                history.append(now)  # another cart of the batch sees this send in its cap
        elif isinstance(decision, Wait):
            cart.nudge_check_at = decision.until
        elif isinstance(decision, Stop) and decision.step is not None:
            await _claim(
                session,
                cart,
                chat,
                episode,
                decision.step,
                "",
                "skipped",
                now,
                reason=decision.reason.value,
            )
            cart.nudge_check_at = now
        else:  # Stop for the whole cart, or Done
            assert isinstance(decision, Stop | Done)
            cart.nudge_check_at = None

    async def _due(
        self,
        session: AsyncSession,
        cart: ShopCart,
        chat: ShopChat,
        episode: Episode,
        due: Due,
        now: datetime,
    ) -> bool:
        """Claim and queue the due step; True when a message was queued."""
        if due.send_at > now:
            cart.nudge_check_at = due.send_at
            return False
        claim = await _claim(
            session,
            cart,
            chat,
            episode,
            due.step,
            due.template,
            "queued",
            now,
            promo=due.promo_code,
        )
        cart.nudge_check_at = now  # the next step is then a Wait until its time
        if claim is None:
            return False  # another worker claimed it first
        total = format_money(Money.from_minor(cart.total_minor, cart.currency), "ru")
        params = [chat.name or t("reminders.template.no_name", "ru"), total]
        if due.promo_code:
            # The shopper's own one-time code when the step names one of the merchant's codes.
            claim.promo_code = await code_for_reminder(
                session, due.promo_code, wa_id=chat.wa_id, now=now
            )
            params.append(claim.promo_code)
        message = TemplateMessage(
            name=due.template,
            language="ru",
            body_params=tuple(params),
            buttons=(
                TemplateButtonParam(index=0, sub_type="quick_reply", value=CART_PAYLOAD),
                TemplateButtonParam(index=1, sub_type="quick_reply", value=OPT_OUT_PAYLOAD),
            ),
        )
        result: Enqueued = await self.enqueue(
            session, message, to=chat.wa_id, key=f"nudge:{claim.id}"
        )
        claim.outbox_id = result.outbox_id
        if not result.queued:
            claim.status, claim.reason = "refused", f"{result.status}: {result.reason}"[:200]
            log.warning(
                "nudge refused by the outbox", extra={"cart_id": cart.id, "why": result.status}
            )
            return False
        return True


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


async def _claim(
    session: AsyncSession,
    cart: ShopCart,
    chat: ShopChat,
    episode: Episode,
    step: int,
    template: str,
    status: str,
    now: datetime,
    *,
    promo: str | None = None,
    reason: str | None = None,
) -> NudgeSend | None:
    """The unique (cart, episode, step) row; None when someone else has it already."""
    row = NudgeSend(
        cart_id=cart.id or 0,
        chat_id=chat.id or 0,
        wa_id=chat.wa_id,
        episode_at=episode.at,
        step=step,
        template=template,
        promo_code=promo,
        status=status,
        reason=reason,
        cart_total_minor=cart.total_minor,
        claimed_at=now,
    )
    # One statement instead of a savepoint around a flush (three round trips): the unique
    # claim decides, and a claim another worker holds (or just committed) inserts nothing.
    claimed = await _CLAIM.rows(session, row.model_dump(exclude={"id"}))
    if not claimed:
        return None
    row.id = int(claimed[0]["id"])
    make_transient_to_detached(row)  # the inserted row, tracked: its outcome is flushed later
    session.add(row)
    return row


_SENDS = NudgeSend.__table__  # type: ignore[attr-defined]
_CLAIM = direct_per_dialect(  # on the driver (`shop.storage.fastpath`): once per reminder
    lambda insert: (
        insert(_SENDS)
        .values({c.name: bindparam(c.name, type_=c.type) for c in _SENDS.c if c.name != "id"})
        .on_conflict_do_nothing(index_elements=["cart_id", "episode_at", "step"])
        .returning(_SENDS.c.id)
    )
)
