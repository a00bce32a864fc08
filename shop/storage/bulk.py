"""Many rows in one INSERT, answering the rows it inserted (`… ON CONFLICT DO NOTHING RETURNING`).

A batch of the reminder scheduler claims up to 200 steps and queues as many messages; row by
row that was a round trip per row and table. Here a batch is one statement:

- PostgreSQL takes the rows as one array per column, `INSERT … SELECT * FROM unnest($1::…[],
  …)`: one statement text whatever the batch's size, so the driver prepares it once per
  connection;
- SQLite takes a VALUES list, `VALUES (?, …), (?, …)` (its `executemany` discards RETURNING
  rows, and the callers need the ids), split only past SQLite's historical 999 parameters.

A row that conflicts with one another transaction holds or committed is not inserted and is
not among the rows returned: the unique key decides, as a single-row claim would. The order
of the returned rows is not the order of the batch (neither database promises one), so the
`returning` columns should identify a row (its id and its key). They come back as the driver
gives them: plain integers and strings. Values go in through the columns' own bind
processors, stored exactly as SQLAlchemy stores them. The statement runs through
`exec_driver_sql` in the session's transaction, where SQLAlchemy's events see it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession

from shop.storage.fastpath import connection_of

Processor = Callable[[Any], Any] | None
SQLITE_PARAMETERS = 999  # the least SQLITE_MAX_VARIABLE_NUMBER of the versions we run on


class BulkInsert:
    """`await insert.rows(session, rows)`: the rows in one statement, the inserted ones back."""

    def __init__(
        self,
        table: Table,
        columns: Sequence[str],
        *,
        unique: Sequence[str],
        returning: Sequence[str],
    ) -> None:
        self.table, self.columns = table, tuple(columns)
        self.unique, self.returning = tuple(unique), tuple(returning)
        self._processors: dict[str, tuple[Processor, ...]] = {}
        self._statements: dict[tuple[str, str | int], str] = {}

    async def rows(
        self, session: AsyncSession, rows: Sequence[Mapping[str, Any]]
    ) -> list[dict[str, Any]]:
        if not rows:
            return []
        connection = await connection_of(session)
        dialect = connection.dialect
        values = self._values(dialect, rows)
        if dialect.name == "postgresql":
            # A tuple: one execution with an array per parameter (a list would be executemany).
            arrays = tuple(values)
            result = await connection.exec_driver_sql(self._sql(dialect, "unnest"), arrays)
            return [dict(row) for row in result.mappings()]
        inserted: list[dict[str, Any]] = []
        per = max(1, SQLITE_PARAMETERS // len(self.columns))
        for start in range(0, len(rows), per):
            part = [column[start : start + per] for column in values]
            flat = tuple(value for row in zip(*part, strict=True) for value in row)
            result = await connection.exec_driver_sql(self._sql(dialect, len(part[0])), flat)
            inserted.extend(dict(row) for row in result.mappings())
        return inserted

    def _values(self, dialect: Dialect, rows: Sequence[Mapping[str, Any]]) -> list[list[Any]]:
        """One list per column, as the driver takes the values."""
        processors = self._processors.get(dialect.name)
        if processors is None:
            processors = self._processors[dialect.name] = tuple(
                self.table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
                for name in self.columns
            )
        return [
            [row.get(name) for row in rows]
            if processor is None
            else [processor(row.get(name)) for row in rows]
            for name, processor in zip(self.columns, processors, strict=True)
        ]

    def _sql(self, dialect: Dialect, source: str | int) -> str:
        """`source`: "unnest" for PostgreSQL's arrays, or how many rows the VALUES list has."""
        key = (dialect.name, source)
        if key not in self._statements:
            self._statements[key] = self._build(dialect, source)
        return self._statements[key]

    def _build(self, dialect: Dialect, source: str | int) -> str:
        quote = dialect.identifier_preparer.quote
        names = ", ".join(quote(name) for name in self.columns)
        if source == "unnest":
            arrays = ", ".join(
                f"${i}::{self.table.c[name].type.compile(dialect)}[]"
                for i, name in enumerate(self.columns, start=1)
            )
            rows = f"SELECT * FROM unnest({arrays})"
        else:
            one = "(" + ", ".join("?" for _ in self.columns) + ")"
            rows = "VALUES " + ", ".join(one for _ in range(int(source)))
        return (
            f"INSERT INTO {dialect.identifier_preparer.format_table(self.table)} ({names}) {rows} "
            f"ON CONFLICT ({', '.join(quote(name) for name in self.unique)}) DO NOTHING "
            f"RETURNING {', '.join(quote(name) for name in self.returning)}"
        )
