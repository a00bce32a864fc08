"""The WhatsApp channel of a process: Graph client, intake, inbox worker, sender and jobs.

Built by `shop.compose`; its parts arrive through the constructor, ready.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from shop.clock import Clock
from shop.storage.db import Database
from shop.whatsapp import outbox
from shop.whatsapp.dispatch import Handlers
from shop.whatsapp.graph import GraphClient, GraphError
from shop.whatsapp.inbox_worker import InboxWorker
from shop.whatsapp.messages import OutboundMessage
from shop.whatsapp.sender import Sender
from shop.whatsapp.templates import sync_templates
from shop.worker import Job
from webhooks.group_commit import GroupCommitWriter
from webhooks.whatsapp import WhatsAppIntake

log = logging.getLogger(__name__)
INBOX_JOB, SENDER_JOB, TEMPLATES_JOB = "channel.inbox", "channel.sender", "channel.templates"
TEMPLATE_SYNC_SECONDS = 3600.0


Queued = Callable[[AsyncSession, OutboundMessage, str, int, datetime], Awaitable[None]]


@dataclass(frozen=True)
class OutboxEnqueue:
    """The only way to send: `await enqueue(session, message, to=…, key=…)` writes an outbox
    row in the caller's transaction (see `shop.whatsapp.outbox.enqueue`) at the clock's now."""

    clock: Clock
    # Told of each newly queued message in the same transaction (the desk's transcript).
    on_queued: Queued | None = None

    async def __call__(
        self, session: AsyncSession, message: OutboundMessage, *, to: str, key: str | None = None
    ) -> outbox.Enqueued:
        now = self.clock.now()
        result = await outbox.enqueue(session, message, to=to, now=now, key=key)
        await self._tell(session, message, to, result, now)
        return result

    async def templates(
        self, session: AsyncSession, batch: Sequence[outbox.Outgoing]
    ) -> list[outbox.Enqueued]:
        """A batch of template messages in the caller's transaction (`enqueue_templates`)."""
        now = self.clock.now()
        results = await outbox.enqueue_templates(session, batch, now=now)
        for item, result in zip(batch, results, strict=True):
            await self._tell(session, item.message, item.to, result, now)
        return results

    async def _tell(
        self,
        session: AsyncSession,
        message: OutboundMessage,
        to: str,
        result: outbox.Enqueued,
        now: datetime,
    ) -> None:
        if self.on_queued is not None and result.status is outbox.EnqueueStatus.QUEUED:
            assert result.outbox_id is not None
            await self.on_queued(session, message, to, result.outbox_id, now)


@dataclass(frozen=True)
class Channel:
    db: Database
    clock: Clock
    graph: GraphClient
    writer: GroupCommitWriter
    intake: WhatsAppIntake
    inbox: InboxWorker
    sender: Sender
    enqueue: OutboxEnqueue
    handlers: Handlers
    wake: Callable[[str], None]  # a job has new work: run it now, here and in other processes

    async def sync_templates(self) -> int:
        return await sync_templates(self.db, self.graph, self.clock.now())

    async def _periodic_template_sync(self) -> int:
        try:
            await self.sync_templates()
        except (GraphError, httpx.HTTPError, ValueError) as exc:
            log.warning("template sync failed", extra={"error": type(exc).__name__})
        return 0

    def wake_sender(self) -> None:
        self.wake(SENDER_JOB)

    def jobs(self) -> list[Job]:
        # Replies decided in an inbox batch are handed to the sender as the batch commits;
        # the sender job sends the rest (retries, paced and other messages) and is woken
        # for what a hand-off leaves.
        return [
            Job(INBOX_JOB, self.inbox.run_once, interval=0.5),
            Job(SENDER_JOB, self.sender.run_once, interval=0.25),
            Job(TEMPLATES_JOB, self._periodic_template_sync, interval=TEMPLATE_SYNC_SECONDS),
        ]
