"""Batches in one statement on the driver: the intake's signed bodies (the group commit of the
request path) and the inbox rows split from them (the worker's splitter).

PostgreSQL takes the batch as one array per column, `INSERT … SELECT FROM unnest(…)`: one
statement and one round trip whatever the batch's size, where SQLAlchemy's executemany
would bind every row's every value through its execution layer and send the batch as many
multi-row INSERTs. SQLite takes it through its own `executemany` (one prepared statement
stepped per row, in its thread, with no Python between rows). Both keep the inbox's
deduplication in the database: `ON CONFLICT (dedup_key) DO NOTHING`.

Values go through the columns' own bind processors (so they are stored exactly as
SQLAlchemy would store them), once per distinct value: a batch's rows share a few
timestamps, converted once, not once per row. What every new row has in common is written
by the statement, not sent with each row: an item is due when it arrives
(`next_attempt_at` = `received_at`) and has no attempts yet. The statement runs through
`exec_driver_sql`, SQLAlchemy's public way to hand SQL to the driver, inside the batch's
transaction (SQLite's turn and IMMEDIATE begin included).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Table
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection

from webhooks.tables import WaInbox, WaIntake

Row = dict[str, Any]
# Every column an intake row carries (`webhooks.intake._row`); the statement adds DERIVED,
# and the other columns keep their defaults.
COLUMNS = (
    "dedup_key",
    "kind",
    "chat_key",
    "wamid",
    "status",
    "occurred_at",
    "payload",
    "received_at",
)
DERIVED = ("next_attempt_at", "attempts")
Processor = Callable[[Any], Any] | None


def _processor(column: Column[Any], dialect: Dialect) -> Processor:
    return column.type.dialect_impl(dialect).bind_processor(dialect)


def _array(position: int, column: Column[Any], dialect: Dialect) -> str:
    """PostgreSQL's parameter for one column's values sent as one array."""
    return f"${position}::{column.type.compile(dialect)}[]"


class IntakeBatchInsert:
    """`await insert.execute(conn, bodies)`: signed bodies, one row each, in one statement.

    Nothing is converted but the timestamps (a batch shares a few, each converted once):
    the bodies go to the driver as the bytes that came."""

    def __init__(self, dialect: Dialect) -> None:
        table: Table = WaIntake.__table__  # type: ignore[attr-defined]
        at, body = table.c.received_at, table.c.body
        self.postgresql = dialect.name == "postgresql"
        self._at = _processor(at, dialect)
        self._body = _processor(body, dialect)
        into = f"INSERT INTO {table.name} (received_at, body)"
        if self.postgresql:
            arrays = f"{_array(1, at, dialect)}, {_array(2, body, dialect)}"
            self.sql = f"{into} SELECT * FROM unnest({arrays})"
        else:
            self.sql = f"{into} VALUES (?, ?)"

    def parameters(
        self, bodies: Sequence[tuple[datetime, bytes]]
    ) -> tuple[list[Any], ...] | list[tuple[Any, ...]]:
        """Two arrays (PostgreSQL) or one tuple per body (SQLite)."""
        ats = _column([at for at, _ in bodies], self._at)
        raw = [body for _, body in bodies]
        if self._body is not None:
            raw = [self._body(body) for body in raw]
        if self.postgresql:
            return ats, raw
        return list(zip(ats, raw, strict=True))

    async def execute(
        self, conn: AsyncConnection, bodies: Sequence[tuple[datetime, bytes]]
    ) -> None:
        if bodies:
            await conn.exec_driver_sql(self.sql, self.parameters(bodies))


class InboxBatchInsert:
    """`await insert.execute(conn, rows)`: the rows in one statement, duplicates ignored."""

    def __init__(self, dialect: Dialect) -> None:
        table: Table = WaInbox.__table__  # type: ignore[attr-defined]
        columns = [table.c[name] for name in COLUMNS]
        self.postgresql = dialect.name == "postgresql"
        self._processors: tuple[Processor, ...] = tuple(_processor(c, dialect) for c in columns)
        names = ", ".join((*COLUMNS, *DERIVED))
        received = len(COLUMNS)  # the position of received_at, the last column sent
        if self.postgresql:
            arrays = ", ".join(_array(i, c, dialect) for i, c in enumerate(columns, start=1))
            given = ", ".join(f"c{i}" for i in range(1, received + 1))
            aliases = f"t({given})"
            source = f"SELECT {given}, c{received}, 0 FROM unnest({arrays}) AS {aliases}"
        else:
            numbered = ", ".join(f"?{i}" for i in range(1, received + 1))
            source = f"VALUES ({numbered}, ?{received}, 0)"
        self.sql = f"INSERT INTO {table.name} ({names}) {source} ON CONFLICT (dedup_key) DO NOTHING"

    def parameters(self, rows: Sequence[Row]) -> tuple[list[Any], ...] | list[tuple[Any, ...]]:
        """One list per column (PostgreSQL's arrays) or one tuple per row (SQLite)."""
        columns = tuple(
            _column([row.get(name) for row in rows], processor)
            for name, processor in zip(COLUMNS, self._processors, strict=True)
        )
        if self.postgresql:
            return columns
        return list(zip(*columns, strict=True))

    async def execute(self, conn: AsyncConnection, rows: Sequence[Row]) -> None:
        if rows:
            await conn.exec_driver_sql(self.sql, self.parameters(rows))


def _column(values: list[Any], processor: Processor) -> list[Any]:
    """The column's values as the driver takes them, each distinct value converted once."""
    if processor is None:
        return values
    done: dict[Any, Any] = {}
    converted = []
    for value in values:
        if value not in done:
            done[value] = processor(value)
        converted.append(done[value])
    return converted
