"""The runtime: every long-lived resource of a process, opened and closed in one place.

`shop serve` and `shop worker` both build a Runtime; features add their services and
background jobs to it in `open_runtime`, so the web process and worker processes
run the same code.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from shop.clock import Clock, SystemClock
from shop.features import install_features
from shop.settings import Settings
from shop.storage.db import Database
from shop.storage.wakeups import Wakeups
from shop.worker import Job, Worker

if TYPE_CHECKING:
    from payments.yookassa import YooKassaClient
    from shop.catalog_app.service import CatalogService
    from shop.chat.handler import ShoppingConversation
    from shop.orders.payments import OrderPayments
    from shop.orders.refunds import OrderRefunds
    from shop.reminders.scheduler import NudgeScheduler
    from shop.whatsapp.service import Channel

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    settings: Settings
    db: Database
    clock: Clock
    stack: AsyncExitStack
    jobs: list[Job] = field(default_factory=list)
    worker: Worker | None = None
    channel: Channel | None = None
    catalog: CatalogService | None = None
    order_payments: OrderPayments | None = None
    order_refunds: OrderRefunds | None = None
    yookassa: YooKassaClient | None = None
    shopping: ShoppingConversation | None = None
    nudges: NudgeScheduler | None = None
    wakeups: Wakeups | None = None  # PostgreSQL: wake-ups from and to other processes

    def wake(self, job: str) -> None:
        """New work for `job` is committed: run it now here and in the other processes."""
        if self.worker is not None:
            self.worker.wake(job)
        if self.wakeups is not None:
            self.wakeups.notify(job)


@asynccontextmanager
async def open_runtime(
    settings: Settings, *, clock: Clock | None = None, run_worker: bool = True
) -> AsyncIterator[Runtime]:
    async with AsyncExitStack() as stack:
        db = Database(settings.database_url, busy_timeout=settings.sqlite_busy_timeout)
        stack.push_async_callback(db.dispose)
        runtime = Runtime(settings=settings, db=db, clock=clock or SystemClock(), stack=stack)
        await install_features(runtime)
        if run_worker:
            runtime.worker = Worker(runtime.jobs)
            runtime.worker.start()
            stack.push_async_callback(runtime.worker.stop)
        if not db.is_sqlite:  # SQLite runs one process: nobody else to wake
            on_wake = runtime.worker.wake if runtime.worker is not None else None
            runtime.wakeups = Wakeups(settings.database_url, on_wake=on_wake)
            stack.push_async_callback(runtime.wakeups.close)
            await runtime.wakeups.start()
        yield runtime
