"""What the desk pages and API read: the inbox list and a chat's transcript and card."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from shop.chat.tables import ShopChat
from shop.desk.states import DeskState
from shop.desk.tables import DeskChat, DeskMessage
from shop.storage.sql import run
from shop.whatsapp.tables import WaOutbox

CHATS = ShopChat.__table__  # type: ignore[attr-defined]
DESK = DeskChat.__table__  # type: ignore[attr-defined]
LINES = DeskMessage.__table__  # type: ignore[attr-defined]
OUTBOX = WaOutbox.__table__  # type: ignore[attr-defined]
PAGE = 50
LAST = 100  # transcript lines a chat's page opens on


@dataclass(frozen=True)
class InboxQuery:
    state: DeskState | None = None
    group: str | None = None
    assignee: str | None = None  # "mine": the signed-in operator's name
    search: str | None = None  # a name, or digits of the phone
    page: int = 1
    hidden_groups: frozenset[str] = frozenset()  # private groups the reader may not open


@dataclass(frozen=True)
class InboxRow:
    chat_id: int
    wa_id: str
    name: str | None
    locale: str
    state: DeskState
    group: str | None
    assignee: str | None
    reason: str | None
    waiting_since: datetime | None
    first_response_at: datetime | None
    active_at: datetime
    last_text: str = ""
    last_direction: str = ""
    last_kind: str = ""


def _state_column() -> ColumnElement[Any]:
    return func.coalesce(DESK.c.state, DeskState.BOT.value)


def _where(query: InboxQuery) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if query.state is DeskState.BOT:
        where.append(or_(DESK.c.state.is_(None), DESK.c.state == DeskState.BOT.value))
    elif query.state is not None:
        where.append(DESK.c.state == query.state.value)
    if query.group:
        where.append(DESK.c.group_key == query.group)
    if query.assignee:
        where.append(DESK.c.assignee == query.assignee)
    if query.hidden_groups:
        hidden = DESK.c.group_key.in_(sorted(query.hidden_groups))
        where.append(or_(DESK.c.group_key.is_(None), ~hidden))
    search = (query.search or "").strip()
    if search:
        digits = re.sub(r"\D", "", search)
        # SQLite's lower() folds ASCII only: the usual spellings of a Cyrillic name too.
        spellings = {search, search.casefold(), search.capitalize(), search.title()}
        found = [func.lower(CHATS.c.name).contains(search.casefold(), autoescape=True)]
        found += [CHATS.c.name.contains(s, autoescape=True) for s in sorted(spellings)]
        if len(digits) >= 3:
            found.append(CHATS.c.wa_id.contains(_phone_digits(digits), autoescape=True))
        where.append(or_(*found))
    return where


def _phone_digits(digits: str) -> str:
    """A Russian number typed with its trunk 8 (8 900 …) is stored as 7 900 …."""
    return "7" + digits[1:] if len(digits) == 11 and digits.startswith("8") else digits


async def inbox(session: AsyncSession, query: InboxQuery) -> tuple[list[InboxRow], int]:
    """A page of chats: those waiting first (longest wait first), then assigned, then by the
    latest activity; and how many match in all."""
    # A chat without a desk row is with the bot: only `bot` and unfiltered lists need them,
    # so the rest join inner and start from desk_chat's own indexes.
    on_desk = query.state not in (None, DeskState.BOT) or query.group or query.assignee
    on = DESK.c.chat_id == CHATS.c.id
    joined = CHATS.join(DESK, on) if on_desk else CHATS.outerjoin(DESK, on)
    where = and_(True, *_where(query))
    total = (await run(session, select(func.count()).select_from(joined).where(where))).scalar()
    rank = case(
        (DESK.c.state == DeskState.WAITING.value, 0),
        (DESK.c.state == DeskState.ASSIGNED.value, 1),
        else_=2,
    )
    active = func.coalesce(CHATS.c.last_inbound_at, CHATS.c.updated_at)
    listing = (
        select(
            CHATS.c.id,
            CHATS.c.wa_id,
            CHATS.c.name,
            CHATS.c.locale,
            CHATS.c.updated_at,
            active.label("active_at"),
            _state_column().label("desk_state"),
            DESK.c.group_key,
            DESK.c.assignee,
            DESK.c.reason,
            DESK.c.waiting_since,
            DESK.c.first_response_at,
        )
        .select_from(joined)
        .where(where)
        .order_by(rank, DESK.c.waiting_since, active.desc(), CHATS.c.id.desc())
        .limit(PAGE)
        .offset((max(query.page, 1) - 1) * PAGE)
    )
    rows = [dict(r._mapping) for r in await run(session, listing)]
    last = await last_lines(session, [r["wa_id"] for r in rows])
    return [_inbox_row(r, last.get(r["wa_id"])) for r in rows], int(total or 0)


def _inbox_row(r: dict[str, Any], last: dict[str, Any] | None) -> InboxRow:
    last = last or {}
    return InboxRow(
        chat_id=r["id"],
        wa_id=r["wa_id"],
        name=r["name"],
        locale=r["locale"],
        state=DeskState(r["desk_state"]),
        group=r["group_key"],
        assignee=r["assignee"],
        reason=r["reason"],
        waiting_since=r["waiting_since"],
        first_response_at=r["first_response_at"],
        active_at=r["active_at"] or r["updated_at"],
        last_text=str(last.get("text") or ""),
        last_direction=str(last.get("direction") or ""),
        last_kind=str(last.get("kind") or ""),
    )


def _newest_spoken(slot: int) -> Any:
    return (
        select(LINES.c.id)
        .where(
            LINES.c.wa_id == bindparam(f"w{slot}", type_=LINES.c.wa_id.type),
            LINES.c.direction.in_(("in", "out", "echo")),
        )
        .order_by(LINES.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )


# Built once, a page's worth of chats in slots (a slot left "" matches no line): building a
# statement of 50 subqueries on each call cost more than the database's work.
_LAST_LINES = select(LINES).where(LINES.c.id.in_([_newest_spoken(i) for i in range(PAGE)]))


async def last_lines(session: AsyncSession, wa_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Each chat's latest message line (events and notes aside): per chat, its `(wa_id, id)`
    index read backwards to the first spoken line, a row or two however long the chat. (A
    grouped max over the chats' lines read every line of all of them: 5 000 rows for a page
    of 50 chats of 100 lines, most of the inbox page's time in `bench/desk.py`.)"""
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(wa_ids), PAGE):
        chunk = wa_ids[start : start + PAGE]
        params = {f"w{i}": chunk[i] if i < len(chunk) else "" for i in range(PAGE)}
        found |= {r.wa_id: dict(r._mapping) for r in await run(session, _LAST_LINES, params)}
    return found


@dataclass(frozen=True)
class Line:
    id: int
    at: datetime
    direction: str
    kind: str
    text: str
    data: dict[str, Any]
    author: str | None
    delivery: str | None = None  # sent, delivered, read, failed; None while queued
    error_code: int | None = None
    error_title: str | None = None
    body: dict[str, Any] | None = None  # an outbound message as it went to Meta


async def transcript(
    session: AsyncSession, wa_id: str, *, before: int | None = None, limit: int = LAST
) -> list[Line]:
    """The chat's lines before `before` (newest `limit`), oldest first, with the ticks."""
    joined = LINES.outerjoin(OUTBOX, OUTBOX.c.id == LINES.c.outbox_id)
    query = (
        select(
            LINES,
            OUTBOX.c.delivery,
            OUTBOX.c.error_code,
            OUTBOX.c.error_title,
            OUTBOX.c.body.label("outbox_body"),
            OUTBOX.c.state.label("outbox_state"),
        )
        .select_from(joined)
        .where(LINES.c.wa_id == wa_id)
        .order_by(LINES.c.id.desc())
        .limit(limit)
    )
    if before is not None:
        query = query.where(LINES.c.id < before)
    rows = [dict(r._mapping) for r in await run(session, query)]
    return [_line(r) for r in reversed(rows)]


def _line(r: dict[str, Any]) -> Line:
    delivery = r["delivery"]
    if delivery is None and r["outbox_state"] == "failed":
        delivery = "failed"
    return Line(
        id=r["id"],
        at=r["at"],
        direction=r["direction"],
        kind=r["kind"],
        text=r["text"],
        data=json.loads(r["data"] or "{}"),
        author=r["author"],
        delivery=delivery,
        error_code=r["error_code"],
        error_title=r["error_title"],
        body=json.loads(r["outbox_body"]) if r["outbox_body"] else None,
    )


_LATEST = select(
    select(func.max(LINES.c.id)).scalar_subquery().label("line"),
    select(func.max(DESK.c.updated_at)).scalar_subquery().label("desk"),
    select(func.count())
    .select_from(DESK)
    .where(DESK.c.state == DeskState.WAITING.value)
    .scalar_subquery()
    .label("waiting"),
)


async def latest_change(session: AsyncSession) -> tuple[Any, Any, int]:
    """What the live feed watches: the newest transcript line, the newest desk change and the
    number of chats waiting; one statement of three index reads, as every open feed runs it
    after each desk change."""
    found = (await run(session, _LATEST)).one()._mapping
    return found["line"], found["desk"], int(found["waiting"] or 0)
