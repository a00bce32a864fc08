"""The transcript: every line of a chat in the order it happened, both directions.

Written on the message path with one insert each: the shopper's message by `record_inbound`
(an inbound handler, run before the chat's own in the same transaction), every queued
outbound message by `record_outbound` (the outbox's hook: the row points at the outbox row,
whose body and delivery ticks it shows), the merchant's app by `record_echo`. Operators'
notes and the desk's events are lines too.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from shop.desk.csat import score_of
from shop.desk.live import changed
from shop.desk.tables import DeskMessage
from shop.storage.sql import direct_per_dialect, run
from shop.whatsapp.dispatch import InboundEvent
from shop.whatsapp.messages import OutboundMessage
from webhooks.whatsapp_models import InboundMessage

LINES = DeskMessage.__table__  # type: ignore[attr-defined]
TEXT_MAX = 4096
_COLUMNS = ("wa_id", "at", "direction", "kind", "text", "data", "wamid", "outbox_id", "author")
_VALUES = {c: bindparam(c, type_=LINES.c[c].type) for c in _COLUMNS}
# Keyed by the wamid or the outbox row: a message retried after a crash is one line.
_INSERT = direct_per_dialect(
    lambda insert: insert(LINES).values(_VALUES).on_conflict_do_nothing().returning(LINES.c.id)
)


def _media(message: InboundMessage) -> tuple[str, dict[str, Any]] | None:
    for kind in ("image", "video", "audio", "document", "sticker"):
        media = getattr(message, kind)
        if media is not None:
            data: dict[str, Any] = {"media_id": media.id, "mime_type": media.mime_type}
            if media.filename:
                data["filename"] = media.filename
            return media.caption or media.filename or "", data
    return None


def _payload(message: InboundMessage) -> str | None:
    interactive = message.interactive
    if interactive is not None:
        picked = interactive.button_reply or interactive.list_reply
        return picked.id if picked is not None else None
    return message.button.payload if message.button is not None else None


def describe(message: InboundMessage) -> tuple[str, str, dict[str, Any]]:
    """(kind, text, data) of an inbound message as the shopper saw it: a pressed button or a
    chosen list row is its title, a cart its items, a location its place."""
    kind, text = message.type, ""
    data: dict[str, Any] = {}
    interactive = message.interactive
    if message.text is not None:
        text = message.text.body
    elif interactive is not None and interactive.button_reply is not None:
        kind, text = "button", interactive.button_reply.title or interactive.button_reply.id
    elif interactive is not None and interactive.list_reply is not None:
        kind, text = "list", interactive.list_reply.title or interactive.list_reply.id
    elif message.button is not None:
        text = message.button.text or message.button.payload or ""
    elif message.order is not None:
        items = [
            {
                "retailer_id": item.product_retailer_id,
                "quantity": item.quantity,
                "price": str(item.item_price),
                "currency": item.currency,
            }
            for item in message.order.product_items
        ]
        text, data = message.order.text or "", {"items": items}
    elif message.location is not None:
        place = message.location
        text = ", ".join(p for p in (place.name, place.address) if p)
        data = {"lat": place.latitude, "lon": place.longitude}
    elif (media := _media(message)) is not None:
        text, data = media
    payload = _payload(message)
    if payload is not None and (score := score_of(payload)) is not None:
        data["csat"] = score
    context = message.context
    if context is not None and context.referred_product is not None:
        data["product"] = context.referred_product.product_retailer_id
    return kind, text[:TEXT_MAX], data


async def add_line(
    session: AsyncSession,
    *,
    wa_id: str,
    at: datetime,
    direction: str,
    kind: str,
    text: str = "",
    data: dict[str, Any] | None = None,
    wamid: str | None = None,
    outbox_id: int | None = None,
    author: str | None = None,
) -> int | None:
    """One transcript line in the caller's transaction; None when it was already there."""
    params = {
        "wa_id": wa_id,
        "at": at,
        "direction": direction,
        "kind": kind[:32],
        "text": text[:TEXT_MAX],
        "data": json.dumps(data or {}, ensure_ascii=False),
        "wamid": wamid,
        "outbox_id": outbox_id,
        "author": author,
    }
    rows = await _INSERT.rows(session, params)
    changed(session)  # every open desk page may show it: their feeds look again on commit
    return int(rows[0]["id"]) if rows else None


async def record_inbound(session: AsyncSession, event: InboundEvent) -> None:
    """The channel's inbound handler: the shopper's message as a transcript line."""
    kind, text, data = describe(event.message)
    await add_line(
        session,
        wa_id=event.wa_id,
        at=event.at,
        direction="in",
        kind=kind,
        text=text,
        data=data,
        wamid=event.message.id,
    )


def _summary(body: dict[str, Any]) -> str:
    """The text a shopper reads in an outbound body (for the inbox's last-message column)."""
    kind = body.get("type", "")
    part = body.get(kind) or {}
    if kind == "text":
        return str(part.get("body", ""))
    if kind == "interactive":
        return str((part.get("body") or {}).get("text", ""))
    if kind == "template":
        return str(part.get("name", ""))
    return str(part.get("caption") or part.get("name") or "")


async def record_outbound(
    session: AsyncSession, message: OutboundMessage, to: str, outbox_id: int, now: datetime
) -> None:
    """The outbox's hook for a newly queued message (the bot's, an operator's, a reminder)."""
    if message.kind == "read":
        return  # a read receipt for the shopper's message, not a line of the conversation
    text = _summary(message.to_body(to))
    await add_line(
        session,
        wa_id=to,
        at=now,
        direction="out",
        kind=message.kind,
        text=text,
        outbox_id=outbox_id,
    )


async def set_author(
    session: AsyncSession, outbox_id: int, author: str, data: dict[str, Any] | None = None
) -> None:
    """Who sent a queued message (and, for a file, its line's data), in its transaction."""
    values: dict[str, Any] = {"author": author}
    if data is not None:
        values["data"] = json.dumps(data, ensure_ascii=False)
    await run(session, LINES.update().where(LINES.c.outbox_id == outbox_id).values(**values))


RECENT = 3  # «где мой заказ?» then «оператор»: the handover routes by the question too
_LAST_IN = (
    select(LINES.c.text)
    .where(LINES.c.wa_id == bindparam("wa_id"), LINES.c.direction == "in")
    .order_by(LINES.c.id.desc())
    .limit(RECENT)
)


async def last_inbound_text(session: AsyncSession, wa_id: str) -> str:
    """What the shopper wrote in the last few messages, newest first (the handover routes
    by it)."""
    return "\n".join(str(text) for (text,) in await run(session, _LAST_IN, {"wa_id": wa_id}))
