"""YooKassa notifications: stored by the web handler, then re-read and applied by a worker job.

A notification is only a hint: the worker asks YooKassa for the payment (or refund) itself and
applies what YooKassa says through the state machines, so forged, duplicated, late or
reordered notifications change nothing that YooKassa would not confirm.
"""

from __future__ import annotations

import ipaddress
import logging
from datetime import timedelta
from typing import Any

from aiohttp import web
from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select

from payments.gateway import GatewayError
from shop.clock import Clock
from shop.payflow.refunds import OrderRefunds
from shop.payflow.service import OrderPayments
from shop.storage.db import Database
from shop.web.keys import RUNTIME, SETTINGS
from webhooks.tables import YkInbox
from webhooks.yookassa import make_handler

log = logging.getLogger(__name__)
JOB = "payments.notifications"
BATCH = 50
MAX_ATTEMPTS = 12
LOOPBACK = (ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128"))


async def store(db: Database, row: dict[str, Any]) -> None:
    """Durable and duplicate-proof: YooKassa redelivers the same event for 24 hours."""
    values = {k: v for k, v in row.items() if k in YkInbox.model_fields}
    values["next_attempt_at"] = values["received_at"]
    insert = postgresql.insert if db.dialect == "postgresql" else sqlite.insert
    statement = (
        insert(YkInbox).values(**values).on_conflict_do_nothing(index_elements=["dedup_key"])
    )
    async with db.engine.begin() as conn:
        await conn.execute(statement)


class NotificationWorker:
    def __init__(
        self, *, db: Database, clock: Clock, payments: OrderPayments, refunds: OrderRefunds
    ) -> None:
        self.db, self.clock, self.payments, self.refunds = db, clock, payments, refunds

    async def run_once(self) -> int:
        now = self.clock.now()
        async with self.db.sessions() as session:
            query = (
                select(YkInbox)
                .where(col(YkInbox.processed_at).is_(None), col(YkInbox.next_attempt_at) <= now)
                .order_by(col(YkInbox.id))
                .limit(BATCH)
            )
            rows = (await session.exec(query)).all()
        for row in rows:
            await self._one(row)
        return len(rows)

    async def _one(self, row: YkInbox) -> None:
        error: str | None = None
        try:
            await self._apply(row)
        except GatewayError as exc:
            error = f"{type(exc).__name__}: {exc}"[:500]
        now = self.clock.now()
        values: dict[str, Any] = {"attempts": row.attempts + 1, "last_error": error}
        if error is None or row.attempts + 1 >= MAX_ATTEMPTS:
            values["processed_at"] = now  # done, or given up and kept for a person to see
        else:
            values["next_attempt_at"] = now + timedelta(seconds=min(600, 2 ** (row.attempts + 1)))
        async with self.db.transaction() as session:
            await session.exec(update(YkInbox).where(col(YkInbox.id) == row.id).values(**values))

    async def _apply(self, row: YkInbox) -> None:
        event = row.event or ""
        if event.startswith("payment.") and row.payment_id:
            await self.payments.observe(row.payment_id)
        elif event.startswith("refund.") and row.object_id:
            await self.refunds.observe(row.object_id)
        else:
            log.warning("notification not actionable", extra={"inbox_id": row.id})


def setup(app: web.Application) -> None:
    """`POST /webhooks/yookassa`: 403 for strangers; 200 once stored (CONTRACT.md)."""
    settings = app[SETTINGS]
    networks = tuple(settings.yookassa_trusted_networks)
    if settings.sandbox:  # the built-in fake posts from this machine
        networks += LOOPBACK

    async def keep(row: dict[str, Any]) -> None:
        runtime = app[RUNTIME]
        await store(runtime.db, row)
        runtime.wake(JOB)

    handler = make_handler(
        networks=networks,
        trusted_proxies=tuple(settings.trusted_proxies),
        store=keep,
        now=lambda: app[RUNTIME].clock.now(),
    )
    app.router.add_post("/webhooks/yookassa", handler)
