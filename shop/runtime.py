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
from shop.worker import Job, Worker

if TYPE_CHECKING:
    from payments.yookassa import YooKassaClient
    from shop.catalog_service import CatalogService
    from shop.channel.service import Channel
    from shop.nudging.scheduler import NudgeScheduler
    from shop.payflow.refunds import OrderRefunds
    from shop.payflow.service import OrderPayments
    from shop.shopping.handler import ShoppingConversation

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


@asynccontextmanager
async def open_runtime(
    settings: Settings, *, clock: Clock | None = None, run_worker: bool = True
) -> AsyncIterator[Runtime]:
    async with AsyncExitStack() as stack:
        db = Database(settings.database_url)
        stack.push_async_callback(db.dispose)
        runtime = Runtime(settings=settings, db=db, clock=clock or SystemClock(), stack=stack)
        await install_features(runtime)
        if run_worker:
            runtime.worker = Worker(runtime.jobs)
            runtime.worker.start()
            stack.push_async_callback(runtime.worker.stop)
        yield runtime
