"""Core statements inside an ORM unit of work, through its connection (same transaction)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import CursorResult, Executable, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from shop.storage.fastpath import Direct, connection_of


async def run(
    session: AsyncSession,
    statement: Executable,
    params: list[dict[str, Any]] | dict[str, Any] | None = None,
) -> CursorResult[Any]:
    """Execute a Core statement in the session's transaction (and savepoint, if any); with
    a dict of `params`, once with those values, with a list, once per set (executemany).

    Hot paths keep their statements in module constants with bound parameters and pass
    the values here: a statement object built once also computes its cache key once."""
    connection = await connection_of(session)
    if params is not None:
        return await connection.execute(statement, params)
    return await connection.execute(statement)


def dialect_of(session: AsyncSession) -> str:
    return session.bind.dialect.name if session.bind is not None else "sqlite"


# An INSERT that has `on_conflict_*`; SQLAlchemy's plain `insert` has none. It is made
# for a table or a mapped class, as SQLAlchemy's own.
Upsert = postgresql.Insert | sqlite.Insert
InsertFor = Callable[[Table | type[Any]], Upsert]


def insert_for(dialect: str) -> InsertFor:
    """The `insert` of that dialect (a `dialect_of` name): PostgreSQL's or SQLite's, the
    only two the shop runs on; the one place that chooses between them."""
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


class PerDialect:
    """A statement built once per dialect (upserts differ between SQLite and PostgreSQL)."""

    def __init__(self, build: Callable[[InsertFor], Executable]) -> None:
        self._build = build
        self._built: dict[str, Executable] = {}

    def of(self, session: AsyncSession) -> Executable:
        dialect = dialect_of(session)
        if dialect not in self._built:
            self._built[dialect] = self._build(insert_for(dialect))
        return self._built[dialect]


def direct_per_dialect(build: Callable[[InsertFor], Executable]) -> Direct:
    """Like `PerDialect`, a statement built once per dialect, run on the driver itself
    (`shop.storage.fastpath`): for the message path's upserts."""
    return Direct(lambda dialect: build(insert_for(dialect)))


async def insert_ignore(
    session: AsyncSession, table: Table, rows: list[dict[str, Any]], keys: list[str]
) -> None:
    """`INSERT … ON CONFLICT (keys) DO NOTHING`: a row another process just made wins."""
    connection = await connection_of(session)
    insert = insert_for(connection.dialect.name)
    statement = insert(table).on_conflict_do_nothing(index_elements=keys)
    await connection.execute(statement, rows)
