"""Core statements inside an ORM unit of work, through its connection (same transaction)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import CursorResult, Executable, Insert, Table
from sqlalchemy.dialects import postgresql, sqlite
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


async def insert_ignore(
    session: AsyncSession, table: Table, rows: list[dict[str, Any]], keys: list[str]
) -> None:
    """`INSERT … ON CONFLICT (keys) DO NOTHING`: a row another process just made wins."""
    connection = await session.connection()
    module = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement: Insert = module.insert(table).on_conflict_do_nothing(index_elements=keys)
    await connection.execute(statement, rows)
