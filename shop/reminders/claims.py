"""A batch's steps written: every step claimed in one statement, the won ones queued in one more.

The scheduler first decides for every cart of its batch (`scheduler.py`); this module writes
what it decided. A step is claimed by a `nudge_send` row unique per (cart, episode, step):
the batch's rows go in one `INSERT … ON CONFLICT DO NOTHING RETURNING` (`shop.storage.bulk`),
and a claim that another worker holds or has committed is not returned, so its message is
not queued here. The won steps' templates go to the outbox as one batch (`enqueue_templates`:
the templates checked once, the rows in one INSERT), each keyed by its claim (`nudge:<id>`),
and one UPDATE (an executemany of one prepared statement) gives each claim its outbox row.
Row by row this was a claim, a template check, an outbox row and the claim's update per
reminder; the claims are not ORM objects either (building one cost about 0.4 ms of CPU).

All of it runs in the scheduler's transaction: a crash before the commit leaves neither the
claims nor the messages of the batch, after it both.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, update
from sqlmodel.ext.asyncio.session import AsyncSession

from catalog.money import Money
from shop.chat.tables import ShopCart, ShopChat
from shop.consent.rules import OPT_OUT_PAYLOAD
from shop.promo.reminder_codes import code_for_reminder
from shop.reminders.batch import Episode
from shop.reminders.tables import NudgeSend
from shop.storage.bulk import BulkInsert
from shop.storage.sql import run
from shop.texts import format_money, t
from shop.whatsapp.messages import TemplateButtonParam, TemplateMessage
from shop.whatsapp.outbox import EnqueueTemplates, Outgoing

log = logging.getLogger(__name__)
CART_PAYLOAD = "cart"  # the conversation opens the cart for this quick-reply payload
QUEUED, SKIPPED = "queued", "skipped"


@dataclass(frozen=True)
class Step:
    """A step the scheduler decided to write: to send (`QUEUED`) or cancelled (`SKIPPED`)."""

    cart: ShopCart
    chat: ShopChat
    episode: Episode
    step: int
    template: str
    status: str
    promo: str | None = None
    reason: str | None = None


async def write(
    session: AsyncSession, steps: Sequence[Step], *, enqueue: EnqueueTemplates, now: datetime
) -> int:
    """Claim the steps and queue the messages of those won; how many were queued."""
    won = await _claim(session, steps, now)
    sending = [(step, won[step.cart.id or 0]) for step in steps if (step.cart.id or 0) in won]
    if not sending:
        return 0
    codes = [await _code(session, step, now) for step, _ in sending]
    batch = [
        _outgoing(step, claim_id, code)
        for (step, claim_id), code in zip(sending, codes, strict=True)
    ]
    results = await enqueue.templates(session, batch)
    outcomes = []
    for (step, claim_id), code, result in zip(sending, codes, results, strict=True):
        outcome = {"b_id": claim_id, "b_outbox": result.outbox_id, "b_code": code}
        if result.queued:
            outcomes.append({**outcome, "b_status": QUEUED, "b_reason": None})
            continue
        reason = f"{result.status}: {result.reason}"[:200]
        outcomes.append({**outcome, "b_status": "refused", "b_reason": reason})
        log.warning(
            "nudge refused by the outbox", extra={"cart_id": step.cart.id, "why": result.status}
        )
    await run(session, _OUTCOME, outcomes)  # one executemany: each claim's outbox row
    return sum(1 for result in results if result.queued)


async def _claim(session: AsyncSession, steps: Sequence[Step], now: datetime) -> dict[int, int]:
    """The claims this transaction won of the steps to send: their ids, by cart. Cancelled
    steps are only recorded."""
    # In the carts' order: two batches that meet on a unique key wait for it in one order.
    rows = [_values(step, now) for step in sorted(steps, key=lambda s: s.cart.id or 0)]
    ids = {int(row["cart_id"]): int(row["id"]) for row in await _CLAIMS.rows(session, rows)}
    sending = {int(row["cart_id"]) for row in rows if row["status"] == QUEUED}
    return {cart_id: claim_id for cart_id, claim_id in ids.items() if cart_id in sending}


def _values(step: Step, now: datetime) -> dict[str, Any]:
    return {
        "cart_id": step.cart.id or 0,
        "chat_id": step.chat.id or 0,
        "wa_id": step.chat.wa_id,
        "episode_at": step.episode.at,
        "step": step.step,
        "template": step.template,
        "promo_code": step.promo,
        "status": step.status,
        "reason": step.reason,
        "cart_total_minor": step.cart.total_minor,
        "claimed_at": now,
    }


async def _code(session: AsyncSession, step: Step, now: datetime) -> str | None:
    """The shopper's own one-time code when the step names one of the merchant's codes."""
    if not step.promo:
        return None
    return await code_for_reminder(session, step.promo, wa_id=step.chat.wa_id, now=now)


def _outgoing(step: Step, claim_id: int, code: str | None) -> Outgoing:
    """The reminder's template: the shopper's name, the cart's total, the step's promo code."""
    cart, chat = step.cart, step.chat
    total = format_money(Money.from_minor(cart.total_minor, cart.currency), "ru")
    params = [chat.name or t("reminders.template.no_name", "ru"), total]
    if code is not None:
        params.append(code)
    message = TemplateMessage(
        name=step.template,
        language="ru",
        body_params=tuple(params),
        buttons=(
            TemplateButtonParam(index=0, sub_type="quick_reply", value=CART_PAYLOAD),
            TemplateButtonParam(index=1, sub_type="quick_reply", value=OPT_OUT_PAYLOAD),
        ),
    )
    return Outgoing(message, to=chat.wa_id, key=f"nudge:{claim_id}")


_SENDS = NudgeSend.__table__  # type: ignore[attr-defined]
_CLAIMS = BulkInsert(
    _SENDS,
    (
        "cart_id",
        "chat_id",
        "wa_id",
        "episode_at",
        "step",
        "template",
        "promo_code",
        "status",
        "reason",
        "cart_total_minor",
        "claimed_at",
    ),
    unique=("cart_id", "episode_at", "step"),
    returning=("id", "cart_id"),
)
# A claim's outcome: its message's outbox row, the code it carries, refused or queued.
_OUTCOME = (
    update(_SENDS)
    .where(_SENDS.c.id == bindparam("b_id"))
    .values(
        outbox_id=bindparam("b_outbox"),
        promo_code=bindparam("b_code"),
        status=bindparam("b_status"),
        reason=bindparam("b_reason"),
    )
)
