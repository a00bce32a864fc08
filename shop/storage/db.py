"""The async engine for SQLite (aiosqlite) and PostgreSQL (asyncpg) behind one interface.

One write discipline: every unit of work that writes goes through `Database.transaction()`
(sessions) or `Database.connection()` (Core). On SQLite these take turns within the process
and begin IMMEDIATE, holding the write lock from the first statement, so a second process (a
CLI command beside `shop serve`) waits its turn for up to the busy timeout instead of failing.
Everything else reads: `Database.sessions()`, `Database.read_connection()` and
`Database.engine` itself run deferred transactions on SQLite connections that SQLite keeps
read-only (`PRAGMA query_only`), so a write that bypasses the discipline fails loudly with
`WriteOutsideTransaction` instead of turning, now and then, into "database is locked".
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import ExceptionContext, make_url
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.ext.asyncio import AsyncSession as AnySession
from sqlmodel.ext.asyncio.session import AsyncSession

# How long a writer waits for another process's write lock (SQLite's busy timeout).
DEFAULT_BUSY_TIMEOUT = 30.0
# PostgreSQL: connections a process keeps, and may open beyond them under load
# (DATABASE_POOL_SIZE, DATABASE_MAX_OVERFLOW).
DEFAULT_POOL_SIZE = 10
DEFAULT_MAX_OVERFLOW = 10
# The task whose unit of work holds the turn: a task started inside a unit copies this
# context but must still wait for its own turn.
_IN_UNIT: ContextVar[asyncio.Task[Any] | None] = ContextVar(
    "vitrina_sqlite_unit_of_work", default=None
)
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA temp_store=MEMORY",
)
# SQLite's page cache is per connection and kept while the pool holds the connection. The
# one writer keeps 32 MB for the import's and sync's writes; each reading connection (the
# pool keeps up to five, and the catalog's stamp and view scan the products table) keeps
# 1 MB: the operating system caches the file anyway. 32 MB each left the server ~80 MB
# larger after a 100 000-product import (447 against 365 MB), and 4 MB each still 15–45 MB
# (docs/BENCHMARKS.md, the catalog under real size).
WRITER_CACHE_KIB = 32000
READER_CACHE_KIB = 1000
# Where a unit of work notes what it changed for watchers (`mark_changed`), told after commit.
_CHANGED = "vitrina.changed"
Committed = Callable[[frozenset[str]], None]


def mark_changed(session: AnySession, topic: str) -> None:
    """Note that this unit of work changed what `topic`'s watchers show (the desk's live
    feed): once it commits, the database's `on_commit` hears the topic; a rollback drops it."""
    session.info.setdefault(_CHANGED, set()).add(topic)


class NestedTransaction(RuntimeError):
    """A programming error: a unit of work opened inside another of the same task (SQLite).

    Its connection would wait for the write lock that the outer unit holds until the inner
    one ends: a deadlock broken only by the busy timeout. Pass the outer session down.
    """


class WriteOutsideTransaction(RuntimeError):
    """A programming error: a write on a reading connection or session (SQLite).

    Writers go through `Database.transaction()` / `Database.connection()` (or a writer
    callable handed down from `shop/`); a write elsewhere would begin deferred, race the
    other writers and fail at random with "database is locked".
    """


def make_engine(
    url: str,
    *,
    read_only: bool = False,
    busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
    pool_size: int = DEFAULT_POOL_SIZE,
    max_overflow: int = DEFAULT_MAX_OVERFLOW,
    **kwargs: Any,
) -> AsyncEngine:
    """Create the engine with the right pool and pragmas for the backend.

    On SQLite a writing engine begins every transaction IMMEDIATE; a `read_only` one begins
    DEFERRED on connections where SQLite refuses writes. PostgreSQL's MVCC needs neither:
    `read_only` changes nothing there.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_async_engine(url, connect_args={"timeout": busy_timeout}, **kwargs)
        cache_kib = READER_CACHE_KIB if read_only else WRITER_CACHE_KIB
        pragmas = [
            *SQLITE_PRAGMAS,
            f"PRAGMA cache_size=-{cache_kib}",
            f"PRAGMA busy_timeout={int(busy_timeout * 1000)}",
        ]
        if read_only:
            pragmas.append("PRAGMA query_only=ON")
        begin = "BEGIN DEFERRED" if read_only else "BEGIN IMMEDIATE"

        def on_connect(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            for pragma in pragmas:
                cursor.execute(pragma)
            cursor.close()
            # The driver's own implicit BEGIN is turned off; `on_begin` emits ours instead.
            dbapi_connection.isolation_level = None

        def on_begin(conn: Any) -> None:
            # A deferred transaction that reads first and writes later fails at once with
            # "database is locked" if another connection committed in between (its snapshot
            # is stale); an immediate one waits for the lock (busy_timeout) instead.
            conn.exec_driver_sql(begin)

        event.listen(engine.sync_engine, "connect", on_connect)
        event.listen(engine.sync_engine, "begin", on_begin)
        if read_only:
            event.listen(engine.sync_engine, "handle_error", _write_on_reader)
        return engine
    if "poolclass" not in kwargs:
        kwargs.setdefault("pool_size", pool_size)
        kwargs.setdefault("max_overflow", max_overflow)
    kwargs.setdefault("pool_pre_ping", True)
    return create_async_engine(url, **kwargs)


def _write_on_reader(context: ExceptionContext) -> None:
    if "readonly database" in str(context.original_exception):
        statement = (context.statement or "").split(None, 1)[:1]
        raise WriteOutsideTransaction(
            f"{' '.join(statement) or 'a write'} on a reading connection: write through "
            "Database.transaction() or Database.connection() (SQLite takes turns and begins "
            "IMMEDIATE there)"
        ) from context.original_exception


class Database:
    """The engines and session factories; sessions never expire objects on commit.

    `transaction()` and `connection()` write; `sessions()`, `read_connection()` and `engine`
    read (on SQLite a write there raises `WriteOutsideTransaction`). On PostgreSQL both sides
    share one engine. `on_commit` hears the topics a committed unit marked (`mark_changed`).
    """

    def __init__(
        self,
        url: str,
        *,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
        on_commit: Committed | None = None,
        **engine_kwargs: Any,
    ) -> None:
        self.url = url
        self._on_commit = on_commit
        self._writer = make_engine(url, busy_timeout=busy_timeout, **engine_kwargs)
        if self._writer.dialect.name == "sqlite":
            self.engine = make_engine(
                url, read_only=True, busy_timeout=busy_timeout, **engine_kwargs
            )
        else:
            self.engine = self._writer
        self._turns = asyncio.Lock()
        self.sessions = async_sessionmaker(self.engine, class_=AsyncSession, expire_on_commit=False)
        self._writing = async_sessionmaker(
            self._writer, class_=AsyncSession, expire_on_commit=False
        )

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
        Keep network calls (Graph, YooKassa, polls, sleeps) outside: every other writer waits.
        """
        task = asyncio.current_task()
        if not self.is_sqlite:
            async with self._unit() as session:
                yield session
            return
        if task is not None and _IN_UNIT.get() is task:
            raise NestedTransaction("a unit of work inside another: pass its session down")
        async with self._turns:
            token = _IN_UNIT.set(task)
            try:
                async with self._unit() as session:
                    yield session
            finally:
                _IN_UNIT.reset(token)

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[AsyncConnection]:
        """`transaction()` for Core-only writers (the webhook inbox's group commit, the
        catalog): the same turn-taking and IMMEDIATE begin, a bare connection to execute on."""
        async with self.transaction() as session:
            yield await session.connection()

    @asynccontextmanager
    async def read_connection(self) -> AsyncIterator[AsyncConnection]:
        """A Core connection for reads: deferred, concurrent with the writers, read-only on
        SQLite. Its transaction begins at the first statement; end it early (`commit()`)
        before a long wait so that SQLite's log can be checkpointed."""
        async with self.engine.connect() as conn:
            yield conn

    @asynccontextmanager
    async def _unit(self) -> AsyncIterator[AsyncSession]:
        async with self._writing() as session:
            async with session.begin():
                if self.is_sqlite:
                    await session.connection()  # BEGIN IMMEDIATE now, inside this unit's turn
                yield session
            # Committed (a raise skips this): watchers learn of it only once others can read it.
            changed = session.info.pop(_CHANGED, None)
            if changed and self._on_commit is not None:
                self._on_commit(frozenset(changed))

    async def ping(self) -> bool:
        try:
            async with self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception:
            return False
        return True

    async def dispose(self) -> None:
        await self.engine.dispose()
        if self._writer is not self.engine:
            await self._writer.dispose()
