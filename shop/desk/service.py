"""The desk's operations: handover from the bot, take, transfer, reply, hand back, close, notes.

Each page or API action is one unit of work; the handover runs inside the inbox's transaction
(the chat's hook), so a crash keeps the shopper's message, the handover and its reply together
or not at all.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession as AnySession
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shop.access.roles import Role
from shop.access.sessions import ADMIN
from shop.access.staff import Actor, StaffRefused, find_user
from shop.chat.decision import ProductAsked
from shop.chat.tables import ShopChat
from shop.clock import Clock
from shop.desk import csat
from shop.desk import groups as desk_groups
from shop.desk.moves import NO_TARGET, Target, bot_follows, desk_row, move
from shop.desk.states import DeskState, Move
from shop.desk.tables import DeskChat, DeskPresence
from shop.desk.transcript import add_line, last_inbound_text, set_author
from shop.storage.db import Database
from shop.whatsapp.messages import (
    DocumentMessage,
    ImageMessage,
    OutboundMessage,
    TemplateMessage,
    TextMessage,
)
from shop.whatsapp.outbox import Enqueue, EnqueueStatus

ONLINE_FOR = timedelta(seconds=60)  # an operator whose desk feed spoke this recently is online


class DeskRefused(Exception):
    """An action the desk refuses; `code` is the API's error, `reason` the merchant's words."""

    def __init__(self, code: str, reason: str = "") -> None:
        super().__init__(code)
        self.code, self.reason = code, reason


@dataclass(frozen=True)
class Reply:
    text: str | None = None
    template: str | None = None
    language: str = "ru"
    parameters: tuple[str, ...] = ()
    # A file uploaded to Meta's media endpoint (`shop/desk/media_out.py`); `text` its caption.
    media_id: str | None = None
    media_kind: str = "image"  # or "document"
    filename: str | None = None
    kept: dict[str, object] | None = None  # the transcript line's data: the file's kept copy


class Desk:
    def __init__(
        self,
        *,
        db: Database,
        clock: Clock,
        enqueue: Enqueue,
        zone: ZoneInfo,
        wake_sender: Callable[[], None],
    ) -> None:
        self.db, self.clock, self.enqueue, self.zone = db, clock, enqueue, zone
        self.wake_sender = wake_sender

    # The chat's hooks, inside the inbox's transaction.
    async def requested(
        self,
        any_session: AnySession,
        chat_id: int,
        wa_id: str,
        reason: str,
        product: ProductAsked | None = None,
    ) -> list[TextMessage]:
        """The bot hands the chat over: route it by what the shopper wrote (a product question
        with no other group's keyword to sales), maybe assign it, answer out of hours."""
        session = cast(AsyncSession, any_session)
        now = self.clock.now()
        groups = await desk_groups.load_groups(session, lock=True)
        text = await last_inbound_text(session, wa_id)
        fallback = desk_groups.SALES if product is not None else None
        group = desk_groups.route(groups, text, fallback=fallback)
        row = await session.get(DeskChat, chat_id)
        if row is not None and row.state == DeskState.ASSIGNED:
            return []  # an operator has the chat already
        target = Target(group=group.key)
        row = await move(
            session,
            chat_id,
            wa_id,
            Move.HANDOVER,
            now=now,
            target=target,
            detail=_detail(reason, product),
        )
        if group.round_robin:
            operator = await self._next_operator(session, group, now)
            if operator is not None:
                await move(
                    session, chat_id, wa_id, Move.TAKE, now=now, target=Target(operator=operator)
                )
        if not desk_groups.is_open(group, now.astimezone(self.zone)) and group.away_text:
            return [TextMessage(body=group.away_text)]  # after the bot's "a person will answer"
        return []

    async def released(self, any_session: AnySession, chat_id: int, wa_id: str) -> None:
        """The shopper typed an explicit menu command while waiting: back to the bot."""
        session = cast(AsyncSession, any_session)
        row = await session.get(DeskChat, chat_id)
        if row is not None and row.state in (DeskState.WAITING, DeskState.ASSIGNED):
            await move(session, chat_id, wa_id, Move.MENU, now=self.clock.now())

    async def _next_operator(
        self, session: AsyncSession, group: desk_groups.Group, now: datetime
    ) -> str | None:
        """Round-robin: the online member who was given a chat longest ago, under capacity."""
        query = (
            select(DeskPresence)
            .where(col(DeskPresence.seen_at) >= now - ONLINE_FOR)
            .order_by(
                col(DeskPresence.last_assigned_at).is_not(None), col(DeskPresence.last_assigned_at)
            )
        )
        for presence in (await session.exec(query)).all():
            if group.members and presence.name not in group.members:
                continue
            if await _load(session, presence.name) < group.capacity:
                presence.last_assigned_at = now
                return presence.name
        return None

    # Operators' actions, each its own unit of work.
    async def act(
        self, chat_id: int, actor: Actor, action: Move, target: Target = NO_TARGET
    ) -> DeskChat:
        """take, transfer, handback or close, checked against the groups and the state."""
        now = self.clock.now()
        async with self.db.transaction() as session:
            chat = await self._open(session, chat_id, actor)
            if action is Move.TRANSFER:
                action, target = await _transfer_target(session, target)
            elif action is Move.TAKE:
                target = Target(operator=target.operator or actor.name)
            row = await move(
                session, chat_id, chat.wa_id, action, now=now, actor=actor.name, target=target
            )
            bot_follows(chat, DeskState(row.state), now)
            if action is Move.CLOSE:
                await csat.ask(session, self.enqueue, chat, now)
            return row

    async def note(self, chat_id: int, actor: Actor, text: str) -> None:
        text = text.strip()
        if not text:
            raise DeskRefused("empty_note")
        async with self.db.transaction() as session:
            chat = await self._open(session, chat_id, actor)
            await add_line(
                session,
                wa_id=chat.wa_id,
                at=self.clock.now(),
                direction="note",
                kind="note",
                text=text,
                author=actor.name,
            )

    async def reply(self, chat_id: int, actor: Actor, reply: Reply) -> int:
        """Send text (inside the window) or a template; the operator takes the chat."""
        now = self.clock.now()
        async with self.db.transaction() as session:
            chat = await self._open(session, chat_id, actor)
            message = _message(reply)
            key = f"desk:{secrets.token_hex(8)}"
            result = await self.enqueue(session, message, to=chat.wa_id, key=key)
            if result.status is EnqueueStatus.WINDOW_CLOSED:
                raise DeskRefused("window_closed")
            if not result.queued or result.outbox_id is None:
                raise DeskRefused(result.status.value, result.reason or "")
            await set_author(session, result.outbox_id, actor.name, reply.kept)
            row = await desk_row(session, chat_id, now)
            if row.state != DeskState.ASSIGNED:  # replying takes the chat
                target = Target(operator=actor.name)
                row = await move(
                    session,
                    chat_id,
                    chat.wa_id,
                    Move.TAKE,
                    now=now,
                    actor=actor.name,
                    target=target,
                )
            if row.first_response_at is None:
                row.first_response_at = now
            row.updated_at = now
            bot_follows(chat, DeskState(row.state), now)
        self.wake_sender()
        return result.outbox_id

    async def seen(self, name: str) -> None:
        """The operator's desk feed is open: online for round-robin."""
        now = self.clock.now()
        async with self.db.transaction() as session:
            presence = await session.get(DeskPresence, name)
            if presence is None:
                session.add(DeskPresence(name=name, seen_at=now))
            else:
                presence.seen_at = now

    async def _open(self, session: AsyncSession, chat_id: int, actor: Actor) -> ShopChat:
        chat = await session.get(ShopChat, chat_id)
        if chat is None:
            raise DeskRefused("not_found")
        row = await session.get(DeskChat, chat_id)
        groups = await desk_groups.load_groups(session)
        group = groups.get(row.group_key) if row is not None else None
        if not desk_groups.may_open(group, actor.name, actor.role is Role.OWNER):
            raise DeskRefused("private_group")
        return chat


def _detail(reason: str, product: ProductAsked | None) -> dict[str, str]:
    """The handover event's data: the reason, and a product question's product by name."""
    if product is None:
        return {"reason": reason}
    return {"reason": reason, "product": product.title, "retailer_id": product.retailer_id}


async def _load(session: AsyncSession, name: str) -> int:
    query = select(func.count()).where(
        col(DeskChat.assignee) == name, col(DeskChat.state) == DeskState.ASSIGNED
    )
    return int((await session.exec(query)).one())


async def _transfer_target(session: AsyncSession, target: Target) -> tuple[Move, Target]:
    """To a group: waiting in it; to an operator: assigned to them (in their group if named)."""
    groups = await desk_groups.load_groups(session, lock=True)
    if target.group is not None and groups.get(target.group) is None:
        raise DeskRefused("unknown_group")
    if target.operator is not None:
        if not await _is_operator(session, target.operator):
            raise DeskRefused("unknown_operator")
        return Move.TAKE, target
    if target.group is None:
        raise DeskRefused("no_target")
    return Move.TRANSFER, target


async def _is_operator(session: AsyncSession, name: str) -> bool:
    """A live account (or the ADMIN_TOKEN holder) may be given a chat."""
    if name == ADMIN:
        return True
    try:
        user = await find_user(session, name)
    except StaffRefused:
        return False
    return user.disabled_at is None


def _message(reply: Reply) -> OutboundMessage:
    if reply.template:
        return TemplateMessage(
            name=reply.template, language=reply.language, body_params=reply.parameters
        )
    text = (reply.text or "").strip()
    if reply.media_id:
        caption = text[:1024] or None
        if reply.media_kind == "document":
            return DocumentMessage(id=reply.media_id, caption=caption, filename=reply.filename)
        return ImageMessage(id=reply.media_id, caption=caption)
    if not text:
        raise DeskRefused("empty_text")
    return TextMessage(body=text[:4096])
