"""The async engine for SQLite (aiosqlite) and PostgreSQL (asyncpg) behind one interface."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    async_sessionmaker,
    create_async_engine,
)
from sqlmodel.ext.asyncio.session import AsyncSession

SQLITE_BEGIN = "sqlite_begin"
# The task whose unit of work holds the turn: a task started inside a unit copies this
# context but must still wait for its own turn.
_IN_UNIT: ContextVar[asyncio.Task[Any] | None] = ContextVar(
    "vitrina_sqlite_unit_of_work", default=None
)
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=10000",
    "PRAGMA temp_store=MEMORY",
    "PRAGMA cache_size=-32000",
)


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()
    # The driver's own implicit BEGIN is turned off; `_on_sqlite_begin` emits ours instead.
    dbapi_connection.isolation_level = None


def _on_sqlite_begin(conn: Any) -> None:
    """A unit of work that will write begins IMMEDIATE: it takes the write lock up front.

    A deferred transaction that reads first and writes later fails at once with "database is
    locked" if another connection committed in between (its snapshot is stale); an immediate
    one waits for the lock (busy_timeout) instead. Plain reads stay deferred and concurrent.
    """
    mode = conn.get_execution_options().get(SQLITE_BEGIN, "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """Create the engine with the right pool and pragmas for the backend."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_async_engine(url, connect_args={"timeout": 30}, **kwargs)
        event.listen(engine.sync_engine, "connect", _on_sqlite_connect)
        event.listen(engine.sync_engine, "begin", _on_sqlite_begin)
        return engine
    if "poolclass" not in kwargs:
        kwargs.setdefault("pool_size", 10)
        kwargs.setdefault("max_overflow", 10)
    kwargs.setdefault("pool_pre_ping", True)
    return create_async_engine(url, **kwargs)


class Database:
    """One engine and its session factory; sessions never expire objects on commit."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = url
        self.engine = make_engine(url, **engine_kwargs)
        self._turns = asyncio.Lock()
        self.sessions = async_sessionmaker(self.engine, class_=AsyncSession, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A unit of work: commits when the block ends, rolls back if it raises.

        On SQLite it holds the write lock from its first statement (BEGIN IMMEDIATE), and the
        units of work of this process take turns on an asyncio lock first: SQLite's own busy
        handler waits in sleeps of up to 100 ms, the event loop hands the turn over at once.
        """
        task = asyncio.current_task()
        if not self.is_sqlite or (task is not None and _IN_UNIT.get() is task):
            async with self._unit() as session:
                yield session
            return
        async with self._turns:
            token = _IN_UNIT.set(task)  # a nested unit of work in this task must not wait
            try:
                async with self._unit() as session:
                    yield session
            finally:
                _IN_UNIT.reset(token)

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[AsyncConnection]:
        """`transaction()` for Core-only writers (the webhook inbox's group commit): the same
        turn-taking and IMMEDIATE begin on SQLite, a bare connection to execute on."""
        async with self.transaction() as session:
            yield await session.connection()

    @asynccontextmanager
    async def _unit(self) -> AsyncIterator[AsyncSession]:
        async with self.sessions() as session, session.begin():
            if self.is_sqlite:
                await session.connection(execution_options={SQLITE_BEGIN: "IMMEDIATE"})
            yield session

    async def ping(self) -> bool:
        try:
            async with self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception:
            return False
        return True

    async def dispose(self) -> None:
        await self.engine.dispose()
