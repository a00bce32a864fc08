"""The background worker: named jobs polled in a loop, drained on shutdown."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    """`run_once` does one batch of work and returns how many items it handled.

    A busy job (returned > 0) runs again at once; an idle one sleeps `interval` seconds.
    """

    name: str
    run_once: Callable[[], Awaitable[int]]
    interval: float = 1.0


class Worker:
    def __init__(self, jobs: Iterable[Job] = ()) -> None:
        self.jobs = list(jobs)
        self._stopping = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._wakeups: dict[str, asyncio.Event] = {}

    def start(self, jobs: Iterable[Job] = ()) -> None:
        """Run every job, those given here added to those given at construction."""
        self.jobs.extend(jobs)
        for job in self.jobs:
            self._wakeups[job.name] = asyncio.Event()
            self._tasks.append(asyncio.create_task(self._loop(job), name=f"job:{job.name}"))
        log.info("worker started", extra={"jobs": ",".join(j.name for j in self.jobs)})

    def wake(self, name: str) -> None:
        """Ask a job to run now instead of finishing its sleep (e.g. new inbox rows)."""
        if event := self._wakeups.get(name):
            event.set()

    async def _loop(self, job: Job) -> None:
        wakeup = self._wakeups[job.name]
        while not self._stopping.is_set():
            # Cleared before the run, not after: a wake-up that arrives while the job runs
            # (an import committed mid-sync) must make it run again, not be forgotten.
            wakeup.clear()
            try:
                handled = await job.run_once()
            except Exception:
                log.exception("job failed", extra={"job": job.name})
                handled = 0
            if handled:
                await asyncio.sleep(0)
                continue
            sleep = asyncio.ensure_future(wakeup.wait())
            stop = asyncio.ensure_future(self._stopping.wait())
            await asyncio.wait({sleep, stop}, timeout=job.interval, return_when="FIRST_COMPLETED")
            sleep.cancel()
            stop.cancel()

    async def stop(self, grace: float = 30.0) -> None:
        """Stop taking new batches and wait for the ones in flight to finish."""
        self._stopping.set()
        done: set[asyncio.Task[None]] = set()
        pending: set[asyncio.Task[None]] = set()
        if self._tasks:
            done, pending = await asyncio.wait(self._tasks, timeout=grace)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        log.info("worker stopped", extra={"drained": len(done), "cancelled": len(pending)})


class Wakeable(Protocol):
    """The other processes' side of a wake-up (`shop.storage.wakeups.Wakeups` on PostgreSQL)."""

    def notify(self, job: str) -> None: ...


@dataclass(frozen=True)
class Waker:
    """Where "job X has new work" goes: this process's worker, if it runs one, and the other
    processes, if there can be any (PostgreSQL). Services are given `wake` when built."""

    local: Worker | None
    others: Wakeable | None

    def wake(self, job: str) -> None:
        if self.local is not None:
            self.local.wake(job)
        if self.others is not None:
            self.others.notify(job)
