"""Core statements inside an ORM unit of work, through its connection (same transaction)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import CursorResult, Executable
from sqlalchemy.ext.asyncio import AsyncSession


async def run(session: AsyncSession, statement: Executable) -> CursorResult[Any]:
    """Execute a Core statement in the session's transaction (and savepoint, if any)."""
    connection = await session.connection()
    return await connection.execute(statement)
