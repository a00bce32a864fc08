"""Core statements inside an ORM unit of work, through its connection (same transaction)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import CursorResult, Executable
from sqlalchemy.ext.asyncio import AsyncSession


async def run(
    session: AsyncSession, statement: Executable, params: list[dict[str, Any]] | None = None
) -> CursorResult[Any]:
    """Execute a Core statement in the session's transaction (and savepoint, if any);
    with `params`, once per parameter set (executemany)."""
    connection = await session.connection()
    if params is not None:
        return await connection.execute(statement, params)
    return await connection.execute(statement)
