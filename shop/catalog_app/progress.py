"""An import's progress, kept in its `catalog_import` row while it runs.

The import page refreshes every second and may be served by any web process, so progress
lives in the database, not in the memory of the process that runs the import. The import's
progress callback is synchronous and frequent (every chunk of rows); the recorder keeps the
latest figures and writes them at most every `interval` seconds, one write at a time, in a
transaction of its own (on SQLite it waits for its turn like any writer).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import update

from catalog.repository import IMPORTS
from shop.storage.db import Database

log = logging.getLogger(__name__)
WRITE_EVERY_S = 0.5


@dataclass(frozen=True)
class ImportProgress:
    """What the import page shows of a running import."""

    rows: int
    done_bytes: int
    total_bytes: int

    @property
    def percent(self) -> int:
        return min(99, int(100 * self.done_bytes / max(self.total_bytes, 1)))

    @classmethod
    def of(cls, record: Mapping[str, Any]) -> ImportProgress | None:
        """The progress of an import record; None once it finished."""
        if record["status"] != "running":
            return None
        return cls(record["progress_rows"], record["progress_bytes"], record["size_bytes"])


class ProgressRecorder:
    """The import's progress callback `(rows, bytes read)`, written to its row."""

    def __init__(
        self,
        db: Database,
        import_id: int,
        total_bytes: int,
        *,
        interval: float = WRITE_EVERY_S,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.db, self.import_id, self.total_bytes = db, import_id, total_bytes
        self.interval, self.monotonic = interval, monotonic
        self._latest = (0, 0)
        self._last_write = float("-inf")
        self._writing: asyncio.Task[None] | None = None
        self.writes = 0

    def __call__(self, rows: int, done: int) -> None:
        self._latest = (rows, done)
        now = self.monotonic()
        if now - self._last_write < self.interval:
            return
        if self._writing is not None and not self._writing.done():
            return
        self._last_write = now
        self._writing = asyncio.get_running_loop().create_task(self._write())

    async def start(self) -> None:
        """The total size, before the first row is read."""
        await self._write()

    async def close(self) -> None:
        """Wait for a write in flight (the import's own record comes after it)."""
        if self._writing is not None:
            with contextlib.suppress(Exception):
                await self._writing

    async def _write(self) -> None:
        rows, done = self._latest
        values = {"progress_rows": rows, "progress_bytes": done, "size_bytes": self.total_bytes}
        statement = (
            update(IMPORTS)
            .where(IMPORTS.c.id == self.import_id, IMPORTS.c.status == "running")
            .values(**values)
        )
        try:
            async with self.db.connection() as conn:
                await conn.execute(statement)
        except Exception as exc:  # progress is a courtesy: the import goes on
            log.warning(
                "import progress not written",
                extra={"import_id": self.import_id, "error": type(exc).__name__},
            )
            return
        self.writes += 1
