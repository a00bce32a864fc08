"""`enqueue`: the only way to send; writes an outbox row in the caller's transaction.

Free-form and interactive messages outside the 24-hour window, and templates that are not
APPROVED or whose parameters do not fit, are refused here with a result the caller can act
on (typically: fall back to a template).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from shop.storage.bulk import BulkInsert
from shop.storage.sql import direct_per_dialect, run
from shop.whatsapp import templates
from shop.whatsapp.messages import OutboundMessage, TemplateMessage
from shop.whatsapp.rules import window_open
from shop.whatsapp.tables import WaChat, WaOutbox

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


WINDOW_CLOSED_REASON = "no message from the shopper in 24 h"
# What this transaction already knows of a chat's window: (last inbound, closed at).
_WINDOWS = "vitrina.windows"
# The recipients this transaction queued messages for (see `take_enqueued`).
_ENQUEUED = "vitrina.enqueued"


def remember_window(
    session: AsyncSession, wa_id: str, last_inbound: datetime | None, closed_at: datetime | None
) -> None:
    """Keep a chat's window as this transaction just wrote it, sparing a re-read per reply."""
    session.info.setdefault(_WINDOWS, {})[wa_id] = (last_inbound, closed_at)


def forget_window(session: AsyncSession, wa_id: str | None = None) -> None:
    """Drop what was remembered of one chat's window (None: of every chat)."""
    if wa_id is None:
        session.info.pop(_WINDOWS, None)
    else:
        session.info.get(_WINDOWS, {}).pop(wa_id, None)


def take_enqueued(session: AsyncSession) -> list[str]:
    """The recipients this transaction queued new messages for, in order, and forget them:
    whoever commits it may hand those messages to the sender at once."""
    return list(session.info.pop(_ENQUEUED, {}))


def _enqueued(session: AsyncSession, to: str) -> None:
    session.info.setdefault(_ENQUEUED, {})[to] = None  # a dict keeps the order


_WINDOW = select(CHAT.c.last_inbound_at, CHAT.c.window_closed_at).where(
    CHAT.c.wa_id == bindparam("wa_id")
)


async def is_window_open(session: AsyncSession, wa_id: str, now: datetime) -> bool:
    known = session.info.get(_WINDOWS, {}).get(wa_id)
    if known is not None:
        return window_open(known[0], known[1], now)
    row = (await run(session, _WINDOW, {"wa_id": wa_id})).first()
    if row is None:
        return False
    last_inbound, closed_at = row._mapping["last_inbound_at"], row._mapping["window_closed_at"]
    return window_open(last_inbound, closed_at, now)


async def _template_check(
    session: AsyncSession, message: TemplateMessage
) -> tuple[Enqueued | None, str]:
    return _checked(await templates.find(session, message.name, message.language), message)


def _checked(
    template: dict[str, Any] | None, message: TemplateMessage
) -> tuple[Enqueued | None, str]:
    """The refusal of a template message by its template's row, or None and its category."""
    if template is None:
        return Enqueued(EnqueueStatus.TEMPLATE_UNKNOWN, reason=message.name), ""
    if template["status"] != templates.APPROVED:
        reason = f"{message.name} is {template['status']}"
        return Enqueued(EnqueueStatus.TEMPLATE_NOT_APPROVED, reason=reason), ""
    problem = templates.parameter_problem(template, message)
    if problem is not None:
        return Enqueued(EnqueueStatus.TEMPLATE_PARAMETERS, reason=problem), ""
    return None, str(template["category"]).lower()


class Enqueue(Protocol):
    """What a feature is given to send: queue `message` to `to` in the caller's transaction,
    keyed by `key` so a replay queues nothing twice (`enqueue` below, at the clock's now)."""

    async def __call__(
        self, session: AsyncSession, message: OutboundMessage, *, to: str, key: str | None = None
    ) -> Enqueued: ...


async def enqueue(
    session: AsyncSession,
    message: OutboundMessage,
    *,
    to: str,
    now: datetime,
    key: str | None = None,
) -> Enqueued:
    """Write the message to the outbox (same transaction as the caller's decision)."""
    category = "service"
    refused: Enqueued | None = None
    if isinstance(message, TemplateMessage):
        refused, category = await _template_check(session, message)
    elif message.free_form and not await is_window_open(session, to, now):
        refused = Enqueued(EnqueueStatus.WINDOW_CLOSED, reason=WINDOW_CLOSED_REASON)
    if refused is not None:
        # A replay of a message queued earlier stays a duplicate whatever changed since.
        if key is not None and (existing := await _keyed(session, key)) is not None:
            return Enqueued(EnqueueStatus.DUPLICATE, outbox_id=existing)
        return refused
    values = _row(message, to=to, key=key, category=category, now=now)
    if key is None:
        inserted = await run(session, _INSERT, values)
        _enqueued(session, to)
        return Enqueued(EnqueueStatus.QUEUED, outbox_id=inserted.scalar_one())
    # One statement in the usual case: the key's unique index tells a replay apart.
    inserted_rows = await _INSERT_KEYED.rows(session, values)
    if inserted_rows:
        _enqueued(session, to)
        return Enqueued(EnqueueStatus.QUEUED, outbox_id=int(inserted_rows[0]["id"]))
    return Enqueued(EnqueueStatus.DUPLICATE, outbox_id=await _keyed(session, key))


@dataclass(frozen=True)
class Outgoing:
    """A template message of a batch, keyed: a replay of the batch queues nothing twice."""

    message: TemplateMessage
    to: str
    key: str


class EnqueueTemplates(Protocol):
    """What a feature that sends in batches is given: queue `batch` in the caller's
    transaction at the clock's now (`enqueue_templates`), results in the batch's order."""

    async def templates(
        self, session: AsyncSession, batch: Sequence[Outgoing]
    ) -> list[Enqueued]: ...


async def enqueue_templates(
    session: AsyncSession, batch: Sequence[Outgoing], *, now: datetime
) -> list[Enqueued]:
    """`enqueue` for a batch of template messages (the reminders of a scheduler's run), in
    two statements whatever its size: the batch's templates read once, and its outbox rows
    in one INSERT; a third reads the keys already queued, only when some were refused or
    replayed. Each message is checked as `enqueue` checks it; results in the batch's order."""
    keys = [item.key for item in batch]
    if len(set(keys)) != len(keys):
        raise ValueError("the messages of a batch need keys of their own")
    if not batch:
        return []
    found = await templates.find_named(session, {item.message.name for item in batch})
    results: dict[str, Enqueued] = {}
    rows = []
    for item in batch:
        template = found.get((item.message.name, item.message.language))
        refused, category = _checked(template, item.message)
        if refused is not None:
            results[item.key] = refused
        else:
            rows.append(_row(item.message, to=item.to, key=item.key, category=category, now=now))
    for row in await _ROWS.rows(session, rows):
        results[str(row["key"])] = Enqueued(EnqueueStatus.QUEUED, outbox_id=int(row["id"]))
    # As in `enqueue`: a replay of a message queued earlier is a duplicate, whatever changed.
    others = [key for key in keys if key not in results or not results[key].queued]
    earlier = await _keyed_all(session, others) if others else {}
    done = []
    for item in batch:
        if item.key in earlier:
            done.append(Enqueued(EnqueueStatus.DUPLICATE, outbox_id=earlier[item.key]))
            continue
        result = results.get(item.key, Enqueued(EnqueueStatus.DUPLICATE))
        if result.status is EnqueueStatus.QUEUED:
            _enqueued(session, item.to)
        done.append(result)
    return done


def _row(
    message: OutboundMessage, *, to: str, key: str | None, category: str, now: datetime
) -> dict[str, Any]:
    return {
        "key": key,
        "recipient": to,
        "kind": message.kind,
        "category": category,
        "body": json.dumps(message.to_body(to), ensure_ascii=False),
        "state": OutboxState.PENDING.value,
        "attempts": 0,
        "created_at": now,
        "next_attempt_at": now,
    }


_COLUMNS = (
    "key",
    "recipient",
    "kind",
    "category",
    "body",
    "state",
    "attempts",
    "created_at",
    "next_attempt_at",
)
_VALUES = {c: bindparam(c, type_=OUTBOX.c[c].type) for c in _COLUMNS}
_INSERT = OUTBOX.insert().values(_VALUES).returning(OUTBOX.c.id)
_INSERT_KEYED = direct_per_dialect(
    lambda dialect_insert: (
        dialect_insert(OUTBOX)
        .values(_VALUES)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(OUTBOX.c.id)
    )
)
_ROWS = BulkInsert(OUTBOX, _COLUMNS, unique=["key"], returning=["id", "key"])
_BY_KEY = select(OUTBOX.c.id).where(OUTBOX.c.key == bindparam("key"))


async def _keyed(session: AsyncSession, key: str) -> int | None:
    found = (await run(session, _BY_KEY, {"key": key})).first()
    return None if found is None else int(found[0])


async def _keyed_all(session: AsyncSession, keys: list[str]) -> dict[str, int]:
    query = select(OUTBOX.c.key, OUTBOX.c.id).where(OUTBOX.c.key.in_(keys))
    return {str(r["key"]): int(r["id"]) for r in (await run(session, query)).mappings()}
