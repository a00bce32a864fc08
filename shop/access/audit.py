"""The audit log: who refunded, cancelled or changed what, and when.

`record` adds one row to the caller's session, so the entry commits (or rolls back) with the
deed it describes:

    async with db.transaction() as session:
        ...  # the change itself
        await audit.record(session, actor, "order.cancel", f"order:{number}", reason)
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shop.access.tables import AuditEvent
from shop.clock import utcnow
from shop.storage.db import Database


async def record(
    session: AsyncSession,
    actor: str,
    action: str,
    subject: str,
    detail: str = "",
    *,
    at: datetime | None = None,
) -> None:
    """One entry in the caller's transaction; long values are cut to the columns' sizes."""
    session.add(
        AuditEvent(
            at=at or utcnow(),
            actor=actor[:64],
            action=action[:32],
            subject=subject[:128],
            detail=detail[:500],
        )
    )


async def latest(db: Database, *, offset: int, limit: int) -> tuple[list[AuditEvent], int]:
    """A page of entries, newest first, and how many there are in all."""
    async with db.sessions() as session:
        query = (
            select(AuditEvent)
            .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
            .offset(offset)
            .limit(limit)
        )
        rows = list((await session.exec(query)).all())
        total = (await session.exec(select(func.count()).select_from(AuditEvent))).one()
    return rows, int(total)
