"""Read-only views of the channel for the merchant: dead letters and inbox health."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from shop.storage.db import Database
from shop.storage.sql import run
from webhooks.tables import WaDeadLetter, WaInbox, WaIntake

DEAD = WaDeadLetter.__table__  # type: ignore[attr-defined]
INBOX = WaInbox.__table__  # type: ignore[attr-defined]
INTAKE = WaIntake.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class DeadLetter:
    id: int
    received_at: datetime
    error: str
    body: str  # the signed body (or item) as received; show it escaped, it is untrusted text
    inbox_id: int | None  # set when an inbox item was given up after its attempts


@dataclass(frozen=True)
class InboxHealth:
    pending: int
    oldest_pending: datetime | None  # of the items and the bodies waiting to be split
    failing: int  # pending items whose last attempt raised
    dead_letters: int
    unsplit: int = 0  # signed bodies stored and not yet split into items (the worker's step)


async def dead_letters(db: Database, *, limit: int = 50) -> list[DeadLetter]:
    """What could not be handled, newest first: signed bodies or items that could not be
    parsed or stored, and inbox items given up after their attempts."""
    query = select(DEAD.c.id, DEAD.c.received_at, DEAD.c.error, DEAD.c.body, DEAD.c.inbox_id)
    async with db.sessions() as session:
        rows = await run(session, query.order_by(DEAD.c.id.desc()).limit(limit))
        return [DeadLetter(r.id, r.received_at, r.error, r.body, r.inbox_id) for r in rows]


async def inbox_health(db: Database) -> InboxHealth:
    pending = INBOX.c.processed_at.is_(None)
    async with db.sessions() as session:
        query = select(
            func.count().label("count"), func.min(INBOX.c.received_at).label("oldest")
        ).where(pending)
        summary = (await run(session, query)).one()._mapping
        count, oldest = summary["count"], summary["oldest"]
        failing = (
            await run(
                session,
                select(func.count()).where(pending, INBOX.c.last_error.is_not(None)),
            )
        ).scalar_one()
        dead = (await run(session, select(func.count()).select_from(DEAD))).scalar_one()
        bodies = select(func.count().label("count"), func.min(INTAKE.c.received_at).label("oldest"))
        waiting = (await run(session, bodies)).one()._mapping
    if waiting["oldest"] is not None and (oldest is None or waiting["oldest"] < oldest):
        oldest = waiting["oldest"]
    return InboxHealth(int(count), oldest, int(failing), int(dead), int(waiting["count"]))
