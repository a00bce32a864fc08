"""Wiring of the channel: Graph client, inbox writer, intake, handler registries and jobs."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from shop.sandbox_mode import SANDBOX_APP_SECRET, SANDBOX_VERIFY_TOKEN
from shop.whatsapp import outbox
from shop.whatsapp.dispatch import Handlers
from shop.whatsapp.graph import GraphClient, GraphError
from shop.whatsapp.inbox_worker import InboxWorker
from shop.whatsapp.messages import OutboundMessage
from shop.whatsapp.ratelimit import SecondCounter
from shop.whatsapp.sender import Sender
from shop.whatsapp.templates import sync_templates
from shop.worker import Job
from webhooks.inbox import GroupCommitWriter
from webhooks.whatsapp import WhatsAppIntake

if TYPE_CHECKING:
    from shop.runtime import Runtime

log = logging.getLogger(__name__)
INBOX_JOB, SENDER_JOB, TEMPLATES_JOB = "channel.inbox", "channel.sender", "channel.templates"
TEMPLATE_SYNC_SECONDS = 3600.0


@dataclass
class Channel:
    """The WhatsApp channel of a runtime; other features register handlers on `handlers`."""

    runtime: Runtime
    graph: GraphClient
    writer: GroupCommitWriter
    intake: WhatsAppIntake
    inbox: InboxWorker
    sender: Sender
    handlers: Handlers = field(default_factory=Handlers)

    async def enqueue(
        self, session: AsyncSession, message: OutboundMessage, *, to: str, key: str | None = None
    ) -> outbox.Enqueued:
        """Queue a message in the caller's transaction (see `shop.whatsapp.outbox.enqueue`)."""
        return await outbox.enqueue(session, message, to=to, now=self.runtime.clock.now(), key=key)

    async def sync_templates(self) -> int:
        return await sync_templates(self.runtime.db, self.graph, self.runtime.clock.now())

    async def _periodic_template_sync(self) -> int:
        try:
            await self.sync_templates()
        except (GraphError, httpx.HTTPError, ValueError) as exc:
            log.warning("template sync failed", extra={"error": type(exc).__name__})
        return 0

    def wake_sender(self) -> None:
        self.runtime.wake(SENDER_JOB)

    def jobs(self) -> list[Job]:
        # Replies decided in an inbox batch are handed to the sender as the batch commits;
        # the sender job sends the rest (retries, paced and other messages) and is woken
        # for what a hand-off leaves.
        return [
            Job(INBOX_JOB, self.inbox.run_once, interval=0.5),
            Job(SENDER_JOB, self.sender.run_once, interval=0.25),
            Job(TEMPLATES_JOB, self._periodic_template_sync, interval=TEMPLATE_SYNC_SECONDS),
        ]


def _secrets(runtime: Runtime) -> tuple[bytes, str | None]:
    settings = runtime.settings
    secret = settings.whatsapp_app_secret
    token = settings.whatsapp_verify_token
    app_secret = secret.get_secret_value() if secret else None
    verify = token.get_secret_value() if token else None
    if settings.sandbox:  # the built-in fake signs with the well-known sandbox secret
        app_secret = app_secret or SANDBOX_APP_SECRET
        verify = verify or SANDBOX_VERIFY_TOKEN
    # No secret outside sandbox is refused by Settings; an empty key would accept nothing
    # forged anyway because the signature of an empty key is still checked.
    return (app_secret or "").encode(), verify


async def install(runtime: Runtime) -> None:
    """Attach the channel to the runtime (`runtime.channel`) and add its jobs."""
    graph = GraphClient(runtime.settings)
    runtime.stack.push_async_callback(graph.aclose)

    def wake_inbox(_count: int) -> None:
        runtime.wake(INBOX_JOB)

    writer = GroupCommitWriter(runtime.db.engine, on_commit=wake_inbox, begin=runtime.db.connection)
    runtime.stack.push_async_callback(writer.close)
    app_secret, verify = _secrets(runtime)
    intake = WhatsAppIntake(
        app_secret=app_secret,
        verify_token=verify,
        writer=writer,
        now=runtime.clock.now,
        max_body=runtime.settings.webhook_max_body_bytes,
    )
    handlers = Handlers()
    limiter = SecondCounter(runtime.settings.whatsapp_messages_per_second)
    sender = Sender(
        runtime.db,
        graph,
        runtime.clock,
        limiter,
        pair_burst=float(runtime.settings.whatsapp_pair_burst),
        lease=timedelta(seconds=runtime.settings.whatsapp_send_lease_s),
        echo_grace=timedelta(seconds=runtime.settings.whatsapp_echo_grace_s),
    )
    runtime.stack.push_async_callback(sender.drain)  # before the Graph client closes
    channel = Channel(
        runtime=runtime,
        graph=graph,
        writer=writer,
        intake=intake,
        inbox=InboxWorker(runtime.db, runtime.clock, handlers, handoff=sender),
        sender=sender,
        handlers=handlers,
    )
    sender.wake = channel.wake_sender
    runtime.channel = channel
    runtime.jobs.extend(channel.jobs())
