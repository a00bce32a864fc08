"""Coexistence: the merchant answers from the WhatsApp Business app on the same number.

Meta sends each such message as an `smb_message_echoes` change (`message_echoes`: `from` the
business, `to` the shopper, `id`, `timestamp`, `type` and its object). It becomes a transcript
line, and the chat goes to `assigned` (to the app) so the bot stays silent until an operator
hands it back.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy.ext.asyncio import AsyncSession as AnySession
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shop.chat.tables import ShopChat
from shop.desk.moves import APP, Target, bot_follows, move
from shop.desk.states import DeskState, Move
from shop.desk.tables import DeskChat
from shop.desk.transcript import TEXT_MAX, add_line

log = logging.getLogger(__name__)


def _text(echo: dict[str, Any]) -> str:
    kind = str(echo.get("type") or "")
    part = echo.get(kind)
    if not isinstance(part, dict):
        return ""
    value = part.get("body") or part.get("caption") or part.get("filename") or ""
    return str(value)[:TEXT_MAX]


async def record_echoes(any_session: AnySession, value: dict[str, Any]) -> None:
    """The channel's `echoes` hook: each echo a line; the bot paused in its chat."""
    session = cast(AsyncSession, any_session)
    echoes = value.get("message_echoes")
    for echo in echoes if isinstance(echoes, list) else []:
        if not isinstance(echo, dict) or not echo.get("to") or not echo.get("id"):
            log.warning("echo of unexpected shape")
            continue
        wa_id = str(echo["to"])[:32]
        at = datetime.fromtimestamp(int(echo.get("timestamp") or 0), UTC)
        added = await add_line(
            session,
            wa_id=wa_id,
            at=at,
            direction="echo",
            kind=str(echo.get("type") or "")[:32],
            text=_text(echo),
            wamid=str(echo["id"])[:200],
            author=APP,
        )
        if added is not None:
            await _pause(session, wa_id, at)


async def _pause(session: AsyncSession, wa_id: str, at: datetime) -> None:
    query = select(ShopChat).where(col(ShopChat.wa_id) == wa_id).limit(1)
    chat = (await session.exec(query)).first()
    if chat is None or chat.id is None:
        return  # the shopper never wrote: no bot to silence yet
    current = await session.get(DeskChat, chat.id)
    if current is not None and current.state == DeskState.ASSIGNED:
        return  # a person has the chat already (an operator keeps it)
    row = await move(session, chat.id, wa_id, Move.ECHO, now=at, target=Target(operator=APP))
    bot_follows(chat, DeskState(row.state), at)
