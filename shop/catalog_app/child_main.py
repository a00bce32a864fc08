"""The child's side of `shop.catalog_app.child`: `python -m shop.catalog_app.child_main PID`
reads one job from stdin, runs it with a `CatalogService` of its own and writes the outcome
to stdout.

On SQLite the child is a second writer beside the server: after each of its units of work
it leaves the write lock free for a while (`TurnTakingDatabase`), so the server's writers,
whose busy handler retries in sleeps, find it free between two chunks.
"""

from __future__ import annotations

import asyncio
import logging
import os
import pickle
import signal
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from catalog.graph import GraphError
from catalog.importing import ImportReport
from shop.catalog_app.child import ImportJob, SyncJob
from shop.catalog_app.errors import SyncAuthError
from shop.catalog_app.progress import ProgressRecorder
from shop.catalog_app.service import CatalogService
from shop.clock import SystemClock
from shop.logs import configure_logging
from shop.storage.db import Database
from shop.supervisor import die_with_parent

log = logging.getLogger(__name__)
# A unit of work of the child is followed by a pause this many times as long as it held the
# lock (at least PAUSE_MIN_S): SQLite's busy handler of a waiting writer retries after 1, 2,
# 5, 10, 15, 20, 25 ms…, so a lock free twice as long as it was held is found within a retry
# or two. The import and sync take longer; shoppers' turns do not wait behind them.
PAUSE_FACTOR = 2.0
PAUSE_MIN_S = 0.01
PAUSE_MAX_S = 0.25


class TurnTakingDatabase(Database):
    """A second process's writer on SQLite: each unit of work is followed by a pause, so the
    serving process's writers get the lock between two of ours. PostgreSQL needs none."""

    def __init__(self, url: str, **kwargs: Any) -> None:
        super().__init__(url, **kwargs)
        self.pause: Callable[[float], Awaitable[None]] = asyncio.sleep

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[AsyncConnection]:
        started = time.monotonic()
        async with super().connection() as conn:
            yield conn
        if self.is_sqlite:
            held = time.monotonic() - started
            await self.pause(min(PAUSE_MAX_S, max(PAUSE_MIN_S, PAUSE_FACTOR * held)))


async def run(job: ImportJob | SyncJob) -> tuple[str, Any]:
    """The job's outcome: ("ok", report), ("auth", message), ("graph", (status, code,
    message)) or ("error", kind); SIGTERM cancels it (an import records itself as failed)."""
    settings = job.settings
    db = TurnTakingDatabase(
        settings.database_url, busy_timeout=settings.sqlite_busy_timeout, pool_size=2
    )
    service = CatalogService(db=db, settings=settings, clock=SystemClock())
    current = asyncio.current_task()
    assert current is not None
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, current.cancel)
    try:
        if isinstance(job, SyncJob):
            return "ok", await service.sync(retry_errors=job.retry_errors)
        return "ok", await _import(service, job)
    except SyncAuthError as exc:
        return "auth", str(exc)
    except GraphError as exc:
        return "graph", (exc.status, exc.code, exc.message)
    except Exception as exc:
        log.exception("catalog job failed", extra={"job": type(job).__name__})
        return "error", type(exc).__name__
    finally:
        await db.dispose()


async def _import(service: CatalogService, job: ImportJob) -> ImportReport:
    recorder = None
    if job.progress_total is not None and job.import_id is not None:
        recorder = ProgressRecorder(service.db, job.import_id, job.progress_total)
    with os.fdopen(job.fd, "rb") as source:
        source.seek(job.offset)
        try:
            return await service.import_stream(
                source, job.request, progress=recorder, import_id=job.import_id
            )
        finally:
            if recorder is not None:
                await recorder.close()


def _new_loop() -> asyncio.AbstractEventLoop:
    try:
        import uvloop
    except ImportError:  # pragma: no cover - Windows
        return asyncio.new_event_loop()
    return uvloop.new_event_loop()


def main() -> int:
    parent = int(sys.argv[1])
    die_with_parent()
    if os.getppid() != parent:  # the parent was gone before that was set
        return 1
    job = pickle.loads(sys.stdin.buffer.read())  # noqa: S301 (our own parent wrote it)
    configure_logging(job.settings.log_level, job.settings.log_format)
    try:
        with asyncio.Runner(loop_factory=_new_loop) as runner:
            outcome = runner.run(run(job))
    except asyncio.CancelledError:  # stopped (SIGTERM): an import recorded itself as failed
        return 1
    sys.stdout.buffer.write(pickle.dumps(outcome))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    # Run as `-m`, this file is `__main__`: the module proper's `main` runs, so the classes
    # it names are those the parent pickled.
    from shop.catalog_app import child_main

    raise SystemExit(child_main.main())
