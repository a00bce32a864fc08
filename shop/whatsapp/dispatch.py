"""What each inbox item does: inbound → chat window + handlers, status → outbox, and the rest."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import Executable, bindparam, case, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from shop.storage.sql import InsertFor, direct_per_dialect, run
from shop.whatsapp import templates
from shop.whatsapp.outbox import CHAT, remember_window
from shop.whatsapp.statuses import Outcome, apply_statuses
from shop.whatsapp.tables import WaMarketingPreference, WaPhoneQuality
from webhooks.intake import read_message
from webhooks.whatsapp_models import InboundMessage

log = logging.getLogger(__name__)
# The widest profile name kept (the chat's column); Meta sets no documented limit, so a
# longer one is cut, at a character, never refused.
PROFILE_NAME_MAX = 200
PREFS = WaMarketingPreference.__table__  # type: ignore[attr-defined]
QUALITY = WaPhoneQuality.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class InboundEvent:
    """An inbound message as handlers see it (the chat is `wa_id`)."""

    wa_id: str
    message: InboundMessage
    at: datetime
    profile_name: str | None
    inbox_id: int


class InboundHandler(Protocol):
    async def __call__(self, session: AsyncSession, event: InboundEvent) -> None: ...


Hook = Callable[[AsyncSession, dict[str, Any]], Awaitable[None]]


@dataclass(frozen=True)
class FailedMessage:
    """A shopper's message the inbox gave up on after its attempts (a dead letter now)."""

    wa_id: str
    wamid: str
    at: datetime
    inbox_id: int


FailedHook = Callable[[AsyncSession, FailedMessage], Awaitable[None]]
# Told, in the unit of work, that statuses were merged into outbound messages (the desk shows
# their delivery ticks).
StatusesHook = Callable[[AsyncSession], None]


@dataclass
class Handlers:
    """Registries the other features fill: inbound messages, marketing stop/resume, quality,
    and what to tell a shopper whose message was given up (`failed`), and the merchant's own
    answers from the WhatsApp Business app (`echoes`, coexistence's `smb_message_echoes`)."""

    inbound: list[InboundHandler] = field(default_factory=list)
    preferences: list[Hook] = field(default_factory=list)
    quality: list[Hook] = field(default_factory=list)
    failed: list[FailedHook] = field(default_factory=list)
    echoes: list[Hook] = field(default_factory=list)
    statuses: list[StatusesHook] = field(default_factory=list)

    def statuses_merged(self, session: AsyncSession) -> None:
        for hook in self.statuses:
            hook(session)


def _at(ts: int) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


async def handle(
    session: AsyncSession, row: dict[str, Any], handlers: Handlers, now: datetime
) -> Outcome:
    kind = row["kind"]
    if kind == "message":
        await _inbound(session, row, handlers)
        return Outcome.DONE
    if kind == "status":
        outcome = (await apply_statuses(session, [row], now))[row["id"]]
        handlers.statuses_merged(session)
        return outcome
    payload = json.loads(row["payload"])
    if kind == "message_template_status_update":
        await templates.apply_status_event(session, payload["value"], now)
    elif kind == "user_preference":
        await _preference(session, payload["preference"], handlers, now)
    elif kind == "phone_number_quality_update":
        await _quality(session, payload["value"], handlers, now)
    elif kind == "smb_message_echoes":
        for hook in handlers.echoes:
            await hook(session, payload["value"])
    return Outcome.DONE


async def _inbound(session: AsyncSession, row: dict[str, Any], handlers: Handlers) -> None:
    stored = read_message(row["payload"])
    # Intake checked the keys; the shopper wrote even if a sub-object surprises us.
    at = _at(stored.keys.timestamp)
    await record_inbound(session, stored.keys.from_, at)
    message = stored.message
    if message is None:
        log.warning("inbound message of unexpected shape", extra={"inbox_id": row["id"]})
        return
    name = storable_name(stored.profile_name)
    event = InboundEvent(message.from_, message, at, name, int(row["id"]))
    for handler in handlers.inbound:
        await handler(session, event)


def storable_name(name: str | None) -> str | None:
    """The shopper's profile name as stored: text, cut to its column's width."""
    if not name:
        return None
    return name.encode("utf-8", "replace").decode().replace("\x00", "")[:PROFILE_NAME_MAX]


def _upsert_inbound(dialect_insert: InsertFor) -> Executable:
    at = bindparam("b_at", type_=CHAT.c.last_inbound_at.type)
    later = case(
        (or_(CHAT.c.last_inbound_at.is_(None), CHAT.c.last_inbound_at < at), at),
        else_=CHAT.c.last_inbound_at,
    )
    return (
        dialect_insert(CHAT)
        .values(wa_id=bindparam("b_wa_id"), last_inbound_at=at, pair_tokens=0.0)
        .on_conflict_do_update(index_elements=["wa_id"], set_={"last_inbound_at": later})
        .returning(CHAT.c.last_inbound_at, CHAT.c.window_closed_at)
    )


_UPSERT_INBOUND = direct_per_dialect(_upsert_inbound)


async def record_inbound(session: AsyncSession, wa_id: str, at: datetime) -> None:
    """The shopper wrote at `at`: the 24-hour window runs from the latest such moment."""
    # One upsert (the sender may be creating the same chat row right now); what it returns
    # is remembered, so the replies of this transaction need not read the window again.
    params = {"b_wa_id": wa_id, "b_at": at}
    (window,) = await _UPSERT_INBOUND.rows(session, params)
    remember_window(session, wa_id, window["last_inbound_at"], window["window_closed_at"])


async def _preference(
    session: AsyncSession, pref: dict[str, Any], handlers: Handlers, now: datetime
) -> None:
    wa_id, value = str(pref["wa_id"]), str(pref["value"])[:16]
    at = _at(int(pref["timestamp"])) if pref.get("timestamp") is not None else now
    changed = await run(
        session,
        update(PREFS)
        .where(PREFS.c.wa_id == wa_id, PREFS.c.changed_at <= at)
        .values(value=value, changed_at=at),
    )
    if changed.rowcount == 0:
        known = (await run(session, select(PREFS.c.wa_id).where(PREFS.c.wa_id == wa_id))).first()
        if known is None:
            await run(session, PREFS.insert().values(wa_id=wa_id, value=value, changed_at=at))
    for hook in handlers.preferences:
        await hook(session, pref)


async def _quality(
    session: AsyncSession, value: dict[str, Any], handlers: Handlers, now: datetime
) -> None:
    phone = str(value.get("display_phone_number") or "default")[:32]
    columns = {
        "event": str(value.get("event") or "")[:64],
        "current_limit": (str(value["current_limit"])[:64] if value.get("current_limit") else None),
        "updated_at": now,
    }
    changed = await run(session, update(QUALITY).where(QUALITY.c.phone == phone).values(**columns))
    if changed.rowcount == 0:
        await run(session, QUALITY.insert().values(phone=phone, **columns))
    for hook in handlers.quality:
        await hook(session, value)
