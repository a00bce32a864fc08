"""The message path's hottest statements, run on the driver's own connection.

SQLAlchemy builds each statement and compiles it once per dialect; the values go in and come
out through the column types' own processors, so a row reads exactly as SQLAlchemy would read
it. What is skipped is the execution layer around a statement (execution context, result
object, a greenlet switch) and, on SQLite, three of the four thread hops of SQLAlchemy's
aiosqlite adapter: a select by key costs about 290 µs of CPU through it and 50 µs here
(137 and 34 µs on PostgreSQL; see docs/BENCHMARKS.md).

The statement runs in the session's transaction, on the same connection. On PostgreSQL the
driver's transaction is begun by SQLAlchemy's adapter at its first statement; until then
(the first statement of a unit of work) this runs through SQLAlchemy instead. Errors are the
driver's own, so only statements that should not fail belong here (reads by key, updates of
a known row, upserts); expanding `IN` parameters are not supported.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from sqlalchemy import Executable
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.sql import ColumnElement

# What this module reads of SQLAlchemy is not its public API: a compiled statement's
# `positiontup` and `binds` (a bind's `required` and `effective_value`), the pooled
# connection's `dbapi_connection` and `driver_connection`, and the asyncpg adapter's private
# `_transaction`. A minor release may change any of them without notice, so pyproject.toml
# pins SQLAlchemy to the minor this was measured and tested with, and the fast path's tests
# fail, naming this version, on any other. Moving the pin means running those tests on both
# databases and the message-path benchmarks again.
TESTED_SQLALCHEMY = "2.1.9"

Processor = Callable[[Any], Any] | None
T = TypeVar("T")


async def once_per_transaction(
    session: AsyncSession, key: str, load: Callable[[], Awaitable[T]]
) -> T:
    """`load()` once per transaction of the session, kept in `session.info[key]` with the
    root transaction it belongs to (a new transaction loads again; savepoints do not)."""
    cached = session.info.get(key)
    if cached is not None and cached[0] is session.sync_session.get_transaction():
        return cast(T, cached[1])
    value = await load()
    # Read after `load`: asking for the connection may be what begins the transaction.
    session.info[key] = (session.sync_session.get_transaction(), value)
    return value


async def connection_of(session: AsyncSession) -> AsyncConnection:
    """The connection of the session's transaction, asked of the session once per transaction
    (each ask is a greenlet switch and a walk through the session's transaction states,
    about a twentieth of a conversation turn's CPU when every statement asked).

    Asked again inside each savepoint: `begin_nested()` emits its SAVEPOINT only when the
    session is asked for a connection, so a connection kept from before would run the
    savepoint's statements outside it, and its rollback would undo nothing (on PostgreSQL
    the failed statement would leave the whole transaction aborted)."""
    sync = session.sync_session
    current = sync.get_nested_transaction() or sync.get_transaction()
    cached = session.info.get("vitrina.connection")
    if cached is not None and cached[0] is current:
        return cast(AsyncConnection, cached[1])
    connection = await session.connection()
    session.info["vitrina.connection"] = (current or sync.get_transaction(), connection)
    return connection


@dataclass(frozen=True)
class _Compiled:
    sql: str
    names: tuple[str, ...]  # the parameters in the order of their placeholders
    given: dict[str, Any]  # values built into the statement (`.values(x=1)`), by name
    binds: tuple[Processor, ...]
    columns: tuple[str, ...]
    results: tuple[Processor, ...]


def _compile(statement: Executable, dialect: Dialect) -> _Compiled:
    compiled = statement.compile(dialect=dialect)  # type: ignore[attr-defined]
    names = tuple(compiled.positiontup or ())
    if any(compiled.binds[name].expanding for name in names):
        raise ValueError("expanding parameters cannot run directly")
    given = {n: compiled.binds[n].effective_value for n in names if not compiled.binds[n].required}
    binds = tuple(
        compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names
    )
    exported: Sequence[ColumnElement[Any]] = list(getattr(statement, "exported_columns", ()))
    columns = tuple(str(c.key) for c in exported)
    results = tuple(c.type.dialect_impl(dialect).result_processor(dialect, None) for c in exported)
    return _Compiled(str(compiled), names, given, binds, columns, results)


class Direct:
    """A Core statement with named bound parameters, run straight on the driver."""

    def __init__(self, build: Callable[[str], Executable]) -> None:
        """`build(dialect name)` makes the statement (upserts differ between dialects)."""
        self._build = build
        self._statements: dict[str, Executable] = {}
        self._compiled: dict[str, _Compiled] = {}

    @classmethod
    def of(cls, statement: Executable) -> Direct:
        return cls(lambda _dialect: statement)

    def statement(self, dialect: str) -> Executable:
        if dialect not in self._statements:
            self._statements[dialect] = self._build(dialect)
        return self._statements[dialect]

    async def rows(self, session: AsyncSession, params: dict[str, Any]) -> list[dict[str, Any]]:
        """The statement's rows (of its columns or RETURNING) as dicts; [] for plain DML."""
        connection = await connection_of(session)
        dialect = connection.dialect
        driver = await _driver(session, connection)
        if driver is None:  # the driver's transaction has not begun: SQLAlchemy begins it
            result = await connection.execute(self.statement(dialect.name), params)
            return [dict(row._mapping) for row in result] if result.returns_rows else []
        compiled = self._compiled.get(dialect.name)
        if compiled is None:
            compiled = self._compiled[dialect.name] = _compile(
                self.statement(dialect.name), dialect
            )
        given = {**compiled.given, **params} if compiled.given else params
        values = [
            given[name] if bind is None else bind(given[name])
            for name, bind in zip(compiled.names, compiled.binds, strict=True)
        ]
        if dialect.name == "sqlite":
            fetched = await driver.execute_fetchall(compiled.sql, values)
        else:
            fetched = await driver.fetch(compiled.sql, *values)
        return [
            {
                column: value if result is None else result(value)
                for column, result, value in zip(
                    compiled.columns, compiled.results, tuple(row), strict=True
                )
            }
            for row in fetched
        ]


async def _driver(session: AsyncSession, connection: AsyncConnection) -> Any | None:
    """The driver's connection under the session's transaction, or None on PostgreSQL before
    the adapter has begun the driver's transaction."""

    async def both() -> tuple[Any, Any]:
        fairy = await connection.get_raw_connection()
        return fairy.dbapi_connection, fairy.driver_connection

    adapted, driver = await once_per_transaction(session, "vitrina.raw", both)
    if connection.dialect.name != "sqlite" and getattr(adapted, "_transaction", None) is None:
        return None
    return driver
