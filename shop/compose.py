"""The composition root: every service of a process, built once with its collaborators.

`shop serve` (the web app), `shop worker` and the CLI commands all start here. Each service
gets what it needs through its constructor, hooks included (the shopper's payment news, the
chat's handlers on the inbox), and `Services` has no empty slot: nothing is looked up or
attached later.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from sqlalchemy.engine import make_url

from payments.yookassa import YooKassaClient
from shop.catalog_app.service import SYNC_JOB, CatalogService
from shop.chat.apology import Apology
from shop.chat.catalog_view import CatalogCache
from shop.chat.handler import ShopIdentity, ShoppingConversation
from shop.chat.returns import ShopperReturns
from shop.clock import Clock, SystemClock
from shop.consent.store import PreferencesToConsent
from shop.dashboard.probe import PROBE_INTERVAL, PROBE_JOB, GraphProber
from shop.desk.alerts import alert_jobs
from shop.desk.echoes import record_echoes
from shop.desk.live import TOPIC as DESK_LIVE
from shop.desk.live import LiveFeed
from shop.desk.live import changed as live_changed
from shop.desk.media_graph import media_job, open_media, outbound_media
from shop.desk.media_out import OutboundMedia
from shop.desk.service import Desk
from shop.desk.transcript import record_inbound, record_outbound
from shop.orders.jobs import (
    expire_orders,
    finish_cancel_refunds,
    recheck_pending,
    remind_unpaid,
)
from shop.orders.lifecycle import OrderLifecycle
from shop.orders.news import OrderNewsTeller, PaymentNews
from shop.orders.news_retry import JOB as NEWS_RETRY_JOB
from shop.orders.news_retry import NewsRetry
from shop.orders.notifications import JOB as NOTIFICATIONS_JOB
from shop.orders.notifications import NotificationWorker
from shop.orders.payments import OrderPayments, PayConfig
from shop.orders.refunds import OrderRefunds
from shop.reminders.config import default_config
from shop.reminders.scheduler import JOB as REMINDERS_JOB
from shop.reminders.scheduler import NudgeScheduler
from shop.sandbox_mode import credentials
from shop.settings import Settings
from shop.storage.db import Database
from shop.storage.wakeups import Wakeups
from shop.taxes.settlement import JOB as SETTLE_JOB
from shop.taxes.settlement import Settlements
from shop.whatsapp.dispatch import Handlers
from shop.whatsapp.graph import GraphClient
from shop.whatsapp.inbox_worker import InboxWorker
from shop.whatsapp.ratelimit import SecondCounter
from shop.whatsapp.sender import Sender
from shop.whatsapp.service import INBOX_JOB, SENDER_JOB, Channel, OutboxEnqueue
from shop.worker import Job, Waker, Worker
from webhooks.group_commit import GroupCommitWriter
from webhooks.whatsapp import WhatsAppIntake


@dataclass(frozen=True)
class Services:
    """The long-lived services of one process. Every field is set; none changes."""

    settings: Settings
    db: Database
    clock: Clock
    waker: Waker
    whatsapp: Channel
    catalog: CatalogService
    yookassa: YooKassaClient
    payments: OrderPayments
    refunds: OrderRefunds
    lifecycle: OrderLifecycle
    chat: ShoppingConversation
    desk: Desk
    desk_media: OutboundMedia
    desk_live: LiveFeed
    reminders: NudgeScheduler
    jobs: tuple[Job, ...]

    def wake(self, job: str) -> None:
        """New work for `job` is committed: run it now here and in the other processes."""
        self.waker.wake(job)


@asynccontextmanager
async def open_services(
    settings: Settings, *, clock: Clock | None = None, run_worker: bool = True
) -> AsyncIterator[Services]:
    """Build the services, run their jobs in this process if `run_worker`, and close it all
    in reverse order on exit (the worker drains before the clients and the database close)."""
    async with AsyncExitStack() as stack:
        worker = Worker() if run_worker else None
        live = LiveFeed(fallback=settings.desk_feed_poll_s)
        wakeups = None
        if make_url(settings.database_url).get_backend_name() != "sqlite":
            # SQLite runs one process: nobody else to wake. On PostgreSQL every process
            # listens, a web process without jobs too: its desk pages hear the workers.
            wakeups = Wakeups(
                settings.database_listen_url or settings.database_url,
                on_wake=partial(_heard, worker, live),
            )
        waker = Waker(local=worker, others=wakeups)
        db = Database(
            settings.database_url,
            busy_timeout=settings.sqlite_busy_timeout,
            pool_size=settings.database_pool_size,
            max_overflow=settings.database_max_overflow,
            on_commit=partial(_committed, waker, live),
        )
        stack.push_async_callback(db.dispose)
        services = await _build(settings, db, clock or SystemClock(), stack, waker, live)
        if worker is not None:
            worker.start(services.jobs)
            stack.push_async_callback(worker.stop)
        if wakeups is not None:
            stack.push_async_callback(wakeups.close)
            await wakeups.start()
        yield services


def _heard(worker: Worker | None, live: LiveFeed, job: str) -> None:
    """A wake-up from another process: a job of this process's worker, or the desk's feeds."""
    if job == DESK_LIVE:
        live.wake()
    elif worker is not None:
        worker.wake(job)


def _committed(waker: Waker, live: LiveFeed, topics: frozenset[str]) -> None:
    """A unit of work committed changes that watchers show: tell them here and elsewhere."""
    if DESK_LIVE in topics:
        live.wake()
        waker.wake(DESK_LIVE)


async def _build(
    settings: Settings,
    db: Database,
    clock: Clock,
    stack: AsyncExitStack,
    waker: Waker,
    live: LiveFeed,
) -> Services:
    known = credentials(settings)
    enqueue = OutboxEnqueue(clock, on_queued=record_outbound)

    yookassa = YooKassaClient(
        api_url=settings.yookassa_api_url,
        shop_id=known.yookassa_shop_id,
        secret_key=known.yookassa_secret_key,
    )
    stack.push_async_callback(yookassa.aclose)
    teller = OrderNewsTeller(
        enqueue=enqueue, public_base_url=settings.public_base_url, sandbox=settings.sandbox
    )
    news = PaymentNews(teller=teller, clock=clock)
    payments = OrderPayments(
        db=db,
        gateway=yookassa,
        clock=clock,
        config=PayConfig(public_base_url=settings.public_base_url),
        on_outcome=news,
    )
    refunds = OrderRefunds(db=db, gateway=yookassa, clock=clock, on_outcome=news)
    lifecycle = OrderLifecycle(
        db=db,
        clock=clock,
        teller=teller,
        refunds=refunds,
        zone=settings.zone,
        wake_sender=lambda: waker.wake(SENDER_JOB),
    )

    identity = ShopIdentity(
        business=settings.whatsapp_phone_number_id or "",
        catalog_id=settings.whatsapp_catalog_id or "",
        public_base_url=settings.public_base_url,
        sandbox=settings.sandbox,
        currency=settings.shop_currency,
    )
    desk = Desk(
        db=db,
        clock=clock,
        enqueue=enqueue,
        zone=settings.zone,
        wake_sender=lambda: waker.wake(SENDER_JOB),
    )
    media = open_media(settings, stack)
    desk_media = outbound_media(settings, db, clock, desk, media)
    chat = ShoppingConversation(
        identity=identity,
        enqueue=enqueue,
        zone=settings.zone,
        operator=desk,
        returns=ShopperReturns(lifecycle=lifecycle, public_base_url=settings.public_base_url),
        # A large catalog is rebuilt on a reading connection of its own, off the turn.
        catalog=CatalogCache(read=db.read_connection),
    )
    whatsapp = await _channel(settings, db, clock, stack, waker, enqueue, chat, identity)
    catalog = CatalogService(
        db=db,
        settings=settings,
        clock=clock,
        on_change=lambda: waker.wake(SYNC_JOB),
        in_child=True,  # imports and syncs off this process's event loop
    )
    reminders = NudgeScheduler(
        db=db, clock=clock, enqueue=enqueue, config=default_config(settings), settings=settings
    )
    notifications = NotificationWorker(db=db, clock=clock, payments=payments, refunds=refunds)

    async def recheck() -> int:
        return await recheck_pending(db, payments, clock)

    async def expire() -> int:
        return await expire_orders(db, payments, lifecycle, clock)

    async def remind() -> int:
        before = timedelta(hours=settings.unpaid_reminder_hours)
        return await remind_unpaid(lifecycle, clock, before) if before else 0

    # Undelivered order news, re-told once the window opens or the template is approved.
    news_retry = NewsRetry(
        db=db, teller=teller, clock=clock, zone=settings.zone, wake_sender=whatsapp.wake_sender
    )
    jobs = (
        *whatsapp.jobs(),
        *catalog.jobs(),
        *alert_jobs(settings, db, clock, stack),
        media_job(settings, db, clock, media),
        Job(NOTIFICATIONS_JOB, notifications.run_once, interval=5.0),
        Job("payments.recheck", recheck, interval=60.0),
        Job("orders.expire", expire, interval=60.0),
        Job("orders.unpaid_reminder", remind, interval=60.0),
        Job("orders.cancel_refunds", partial(finish_cancel_refunds, lifecycle), interval=60.0),
        Job(NEWS_RETRY_JOB, news_retry.run_once, interval=60.0),
        Job(REMINDERS_JOB, reminders.run_once, interval=30.0),
        Job(SETTLE_JOB, Settlements(db=db, gateway=yookassa, clock=clock).run_once, interval=60.0),
        Job(
            PROBE_JOB,
            GraphProber(settings=settings, db=db, clock=clock).run_once,
            interval=PROBE_INTERVAL,
        ),
    )
    return Services(
        settings=settings,
        db=db,
        clock=clock,
        waker=waker,
        whatsapp=whatsapp,
        catalog=catalog,
        yookassa=yookassa,
        payments=payments,
        refunds=refunds,
        lifecycle=lifecycle,
        chat=chat,
        desk=desk,
        desk_media=desk_media,
        desk_live=live,
        reminders=reminders,
        jobs=jobs,
    )


async def _channel(
    settings: Settings,
    db: Database,
    clock: Clock,
    stack: AsyncExitStack,
    waker: Waker,
    enqueue: OutboxEnqueue,
    chat: ShoppingConversation,
    identity: ShopIdentity,
) -> Channel:
    """The WhatsApp channel, with the chat, the apology and consent as its inbox handlers."""
    known = credentials(settings)
    graph = GraphClient(settings)
    stack.push_async_callback(graph.aclose)
    writer = GroupCommitWriter(
        db.engine, on_commit=lambda _count: waker.wake(INBOX_JOB), begin=db.connection
    )
    stack.push_async_callback(writer.close)
    intake = WhatsAppIntake(
        # An empty key still has its signature checked, so nothing forged passes; outside
        # sandbox mode Settings refuses to start without one anyway.
        app_secret=known.app_secret.encode(),
        verify_token=known.verify_token,
        writer=writer,
        now=clock.now,
        max_body=settings.webhook_max_body_bytes,
    )
    sender = Sender(
        db,
        graph,
        clock,
        SecondCounter(settings.whatsapp_messages_per_second),
        pair_burst=float(settings.whatsapp_pair_burst),
        lease=timedelta(seconds=settings.whatsapp_send_lease_s),
        echo_grace=timedelta(seconds=settings.whatsapp_echo_grace_s),
        wake=lambda: waker.wake(SENDER_JOB),
    )
    stack.push_async_callback(sender.drain)  # before the Graph client closes
    handlers = Handlers(
        # The desk's transcript first: a handover in the chat's turn routes by its text.
        inbound=[record_inbound, chat.handle],
        echoes=[record_echoes],
        # Delivery ticks show on the desk's open pages: wake their feeds on commit.
        statuses=[live_changed],
        failed=[Apology(business=identity.business, enqueue=enqueue)],
        preferences=[PreferencesToConsent(clock)],
    )
    return Channel(
        db=db,
        clock=clock,
        graph=graph,
        writer=writer,
        intake=intake,
        inbox=InboxWorker(db, clock, handlers, handoff=sender),
        sender=sender,
        enqueue=enqueue,
        handlers=handlers,
        wake=waker.wake,
    )
