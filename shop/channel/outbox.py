"""`enqueue`: the only way to send; writes an outbox row in the caller's transaction.

Free-form and interactive messages outside the 24-hour window, and templates that are not
APPROVED or whose parameters do not fit, are refused here with a result the caller can act
on (typically: fall back to a template).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from shop.channel import templates
from shop.channel.messages import OutboundMessage, TemplateMessage
from shop.channel.rules import window_open
from shop.channel.sql import run
from shop.channel.tables import WaChat, WaOutbox

OUTBOX = WaOutbox.__table__  # type: ignore[attr-defined]
CHAT = WaChat.__table__  # type: ignore[attr-defined]


class OutboxState(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    ACCEPTED = "accepted"
    FAILED = "failed"


class EnqueueStatus(StrEnum):
    QUEUED = "queued"
    DUPLICATE = "duplicate"
    WINDOW_CLOSED = "window_closed"
    TEMPLATE_UNKNOWN = "template_unknown"
    TEMPLATE_NOT_APPROVED = "template_not_approved"
    TEMPLATE_PARAMETERS = "template_parameters"


@dataclass(frozen=True)
class Enqueued:
    status: EnqueueStatus
    outbox_id: int | None = None
    reason: str | None = None

    @property
    def queued(self) -> bool:
        return self.status in (EnqueueStatus.QUEUED, EnqueueStatus.DUPLICATE)


async def is_window_open(session: AsyncSession, wa_id: str, now: datetime) -> bool:
    row = (
        await run(
            session,
            select(CHAT.c.last_inbound_at, CHAT.c.window_closed_at).where(CHAT.c.wa_id == wa_id),
        )
    ).first()
    if row is None:
        return False
    last_inbound, closed_at = row._mapping["last_inbound_at"], row._mapping["window_closed_at"]
    return window_open(last_inbound, closed_at, now)


async def _template_check(
    session: AsyncSession, message: TemplateMessage
) -> tuple[Enqueued | None, str]:
    template = await templates.find(session, message.name, message.language)
    if template is None:
        return Enqueued(EnqueueStatus.TEMPLATE_UNKNOWN, reason=message.name), ""
    if template["status"] != templates.APPROVED:
        reason = f"{message.name} is {template['status']}"
        return Enqueued(EnqueueStatus.TEMPLATE_NOT_APPROVED, reason=reason), ""
    problem = templates.parameter_problem(template, message)
    if problem is not None:
        return Enqueued(EnqueueStatus.TEMPLATE_PARAMETERS, reason=problem), ""
    return None, str(template["category"]).lower()


async def enqueue(
    session: AsyncSession,
    message: OutboundMessage,
    *,
    to: str,
    now: datetime,
    key: str | None = None,
) -> Enqueued:
    """Write the message to the outbox (same transaction as the caller's decision)."""
    if key is not None:
        existing = (await run(session, select(OUTBOX.c.id).where(OUTBOX.c.key == key))).first()
        if existing is not None:
            return Enqueued(EnqueueStatus.DUPLICATE, outbox_id=existing[0])
    category = "service"
    if isinstance(message, TemplateMessage):
        refused, category = await _template_check(session, message)
        if refused is not None:
            return refused
    elif message.free_form and not await is_window_open(session, to, now):
        return Enqueued(EnqueueStatus.WINDOW_CLOSED, reason="no message from the shopper in 24 h")
    result = await run(
        session,
        OUTBOX.insert()
        .values(
            key=key,
            recipient=to,
            kind=message.kind,
            category=category,
            body=json.dumps(message.to_body(to), ensure_ascii=False),
            state=OutboxState.PENDING,
            attempts=0,
            created_at=now,
            next_attempt_at=now,
        )
        .returning(OUTBOX.c.id),
    )
    return Enqueued(EnqueueStatus.QUEUED, outbox_id=result.scalar_one())
