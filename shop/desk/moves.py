"""Moving a chat on the desk: the state machine applied to its row, with the event's line,
and the bot silenced or woken in the chat to match (all in the caller's transaction)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from shop.chat.carts import store_state
from shop.chat.state import ChatState, Context
from shop.chat.tables import ShopChat
from shop.desk.states import WITH_PERSON, DeskState, Move, next_state
from shop.desk.tables import DeskChat
from shop.desk.transcript import add_line

APP = "app"  # the assignee of a chat the merchant answers from the WhatsApp Business app


@dataclass(frozen=True)
class Target:
    """Where a move leads: a group, an operator (or both); None keeps the current one."""

    group: str | None = None
    operator: str | None = None


NO_TARGET = Target()


async def desk_row(session: AsyncSession, chat_id: int, now: datetime) -> DeskChat:
    """The chat's desk row, made in `bot` on first use."""
    row = await session.get(DeskChat, chat_id)
    if row is None:
        row = DeskChat(chat_id=chat_id, state=DeskState.BOT, updated_at=now)
        session.add(row)
    return row


def _enter(row: DeskChat, state: DeskState, target: Target, now: datetime) -> None:
    if target.group is not None:
        row.group_key = target.group
    if state is DeskState.WAITING:
        if row.state not in WITH_PERSON or row.waiting_since is None:
            row.waiting_since, row.first_response_at = now, None
        row.assignee, row.assigned_at, row.closed_at = None, None, None
    elif state is DeskState.ASSIGNED:
        if target.operator is not None and target.operator != row.assignee:
            row.assignee, row.assigned_at = target.operator, now
        if row.waiting_since is None:
            row.waiting_since = now
        row.closed_at = None
    else:
        row.assignee, row.assigned_at = None, None
        row.closed_at = now if state is DeskState.CLOSED else None
        row.waiting_since = None if state is DeskState.BOT else row.waiting_since


async def move(
    session: AsyncSession,
    chat_id: int,
    wa_id: str,
    move: Move,
    *,
    now: datetime,
    actor: str | None = None,
    target: Target = NO_TARGET,
    detail: dict[str, Any] | None = None,
) -> DeskChat:
    """Apply `move` (IllegalMove if the state refuses it) and note it in the transcript."""
    row = await desk_row(session, chat_id, now)
    state = next_state(DeskState(row.state), move)
    _enter(row, state, target, now)
    row.state, row.updated_at = state, now
    if move is Move.HANDOVER and detail:
        row.reason = str(detail.get("reason", ""))[:32] or None
    data = {"move": move.value, "state": state.value, **(detail or {})}
    if target.group:
        data["group"] = target.group
    if row.assignee:
        data["assignee"] = row.assignee
    await add_line(
        session, wa_id=wa_id, at=now, direction="event", kind=move, data=data, author=actor
    )
    return row


def bot_follows(chat: ShopChat, state: DeskState, now: datetime) -> None:
    """Set the chat's step so the bot is silent exactly while a person has the chat."""
    if state in WITH_PERSON:
        if chat.state != ChatState.WAITING_OPERATOR:
            chat.state = ChatState.WAITING_OPERATOR
            chat.operator_requested_at = chat.operator_requested_at or now
            chat.updated_at = now
    elif chat.state == ChatState.WAITING_OPERATOR or chat.operator_requested_at is not None:
        store_state(chat, ChatState.MENU, Context(), now)
        chat.operator_requested_at = None
