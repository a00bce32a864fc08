"""The dashboard's reads: one SQL statement per figure group, on SQLite and PostgreSQL alike.

Each returns the pure values of `figures.py` (and `banners.Snapshot`'s facts); times come back
timezone-aware in UTC whatever the backend (SQLite keeps them naive).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from catalog.repository import PRODUCTS
from catalog.sync_store import HAS_ERROR, count_products
from shop.dashboard.banners import NEWS_HORIZON, TOKEN_CODES, GraphProbe, Snapshot
from shop.dashboard.figures import (
    CatalogState,
    NudgeResult,
    Pair,
    Queues,
    Sales,
    Waiting,
    Window,
)
from shop.dashboard.probe import PROBE_KEY, probe_of
from shop.desk.states import DeskState
from shop.desk.tables import DeskChat
from shop.orders.lifecycle_tables import OrderNews
from shop.orders.news import UNDELIVERED
from shop.orders.news_schedule import FAILED as FAILED_NEWS
from shop.orders.tables import ShopOrder
from shop.reminders.tables import NudgeSend
from shop.storage.tables import MerchantSetting
from shop.whatsapp.tables import WaOutbox, WaPhoneQuality, WaTemplate
from webhooks.tables import WaDeadLetter, WaInbox


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


ORDERS = _table(ShopOrder)
DESK = _table(DeskChat)
NUDGES = _table(NudgeSend)
OUTBOX = _table(WaOutbox)
INBOX = _table(WaInbox)
DEAD = _table(WaDeadLetter)
QUALITY = _table(WaPhoneQuality)
TEMPLATES = _table(WaTemplate)
SETTINGS = _table(MerchantSetting)
NEWS = _table(OrderNews)


def aware(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def _count(condition: Any) -> Any:
    return func.count().filter(condition)


def _sum(value: Any, condition: Any) -> Any:
    return func.coalesce(func.sum(value).filter(condition), 0)


async def sales(conn: AsyncConnection, w: Window) -> Sales:
    """Orders placed in each period, those of them paid, and the payments received (by the
    moment paid), per currency."""
    o = ORDERS.c
    paid = o.paid_at.is_not(None)
    query = (
        select(
            o.currency,
            _count(o.created_at >= w.today_start),
            _count(o.created_at >= w.week_start),
            _count(and_(o.created_at >= w.today_start, paid)),
            _count(and_(o.created_at >= w.week_start, paid)),
            _sum(o.total_minor, o.paid_at >= w.today_start),
            _sum(o.total_minor, o.paid_at >= w.week_start),
            _sum(o.discount_minor, o.paid_at >= w.today_start),
            _sum(o.discount_minor, o.paid_at >= w.week_start),
        )
        .where(or_(o.created_at >= w.week_start, o.paid_at >= w.week_start))
        .group_by(o.currency)
    )
    placed, settled, revenue, discounts = Pair(), Pair(), {}, {}
    for currency, *n in await conn.execute(query):
        placed += Pair(int(n[0]), int(n[1]))
        settled += Pair(int(n[2]), int(n[3]))
        revenue[str(currency)] = Pair(int(n[4]), int(n[5]))
        discounts[str(currency)] = Pair(int(n[6]), int(n[7]))
    return Sales(placed, settled, revenue, discounts)


async def nudge_results(conn: AsyncConnection, w: Window) -> list[NudgeResult]:
    """Reminders Meta accepted in the 7 days, each with every order its chat placed after it
    (or alone): `figures.reminders` keeps the first and attributes it."""
    n, out, o = NUDGES.c, OUTBOX.c, ORDERS.c
    sent_at = func.coalesce(out.accepted_at, out.sent_at)
    query = (
        select(n.id, sent_at, o.id, o.created_at, o.paid_at.is_not(None), o.total_minor, o.currency)
        .select_from(
            NUDGES.join(OUTBOX, out.id == n.outbox_id).outerjoin(
                ORDERS, and_(o.chat_id == n.chat_id, o.created_at >= sent_at)
            )
        )
        .where(n.status == "queued", sent_at.is_not(None), sent_at >= w.week_start)
    )
    return [
        NudgeResult(
            nudge_id=int(row[0]),
            sent_at=aware(row[1]) or w.now,
            order_id=row[2],
            ordered_at=aware(row[3]),
            paid=bool(row[4]),
            total_minor=int(row[5] or 0),
            currency=str(row[6] or "RUB"),
        )
        for row in await conn.execute(query)
    ]


async def waiting(conn: AsyncConnection) -> Waiting:
    """Chats on the desk waiting for a person (handed over, not taken yet), and the oldest."""
    d = DESK.c
    query = select(func.count(), func.min(d.waiting_since)).where(d.state == DeskState.WAITING)
    row = (await conn.execute(query)).one()
    return Waiting(int(row[0]), aware(row[1]))


async def catalog_state(conn: AsyncConnection) -> CatalogState:
    counts = await count_products(conn)
    return CatalogState(errors=counts["errors"], pending=counts["pending"])


def _scalar(query: Any) -> Any:
    return query.scalar_subquery()


async def queues(conn: AsyncConnection, w: Window) -> Queues:
    """The inbox's backlog (its oldest item and those failing), dead letters, and sends Meta
    refused for good in each period."""
    i, out = INBOX.c, OUTBOX.c
    pending = i.processed_at.is_(None)
    failed = out.state == "failed"
    query = select(
        _scalar(select(func.count()).where(pending)),
        _scalar(select(func.min(i.received_at)).where(pending)),
        _scalar(select(func.count()).where(pending, i.last_error.is_not(None))),
        _scalar(select(func.count()).select_from(DEAD)),
        _scalar(select(func.count()).where(failed, out.failed_at >= w.today_start)),
        _scalar(select(func.count()).where(failed, out.failed_at >= w.week_start)),
    )
    row = (await conn.execute(query)).one()
    return Queues(
        backlog=int(row[0]),
        oldest=aware(row[1]),
        failing=int(row[2]),
        dead_letters=int(row[3]),
        failed_sends=Pair(int(row[4]), int(row[5])),
    )


async def snapshot(
    conn: AsyncConnection,
    *,
    now: datetime,
    sandbox: bool,
    needed: tuple[str, ...],
) -> Snapshot:
    """What the banners read: the newest webhook, send, token refusal and quality event, the
    last Graph probe and the catalog's refused products (one statement), and the templates'
    statuses (another)."""
    i, out, q = INBOX.c, OUTBOX.c, QUALITY.c
    newest_quality = select(q.event, q.updated_at).order_by(q.updated_at.desc()).limit(1)
    query = select(
        _scalar(select(func.max(i.received_at))),
        _scalar(select(func.max(out.accepted_at))),
        _scalar(
            select(func.max(out.failed_at)).where(
                out.error_code.in_(sorted(TOKEN_CODES)), out.failed_at.is_not(None)
            )
        ),
        _scalar(newest_quality.with_only_columns(q.event)),
        _scalar(newest_quality.with_only_columns(q.updated_at)),
        _scalar(select(SETTINGS.c.value).where(SETTINGS.c.key == PROBE_KEY)),
        _scalar(select(func.count()).select_from(PRODUCTS).where(HAS_ERROR)),
        _scalar(
            select(func.count()).where(
                NEWS.c.state == UNDELIVERED, NEWS.c.created_at >= now - NEWS_HORIZON
            )
        ),
        _scalar(
            select(func.count()).where(
                NEWS.c.state == FAILED_NEWS, NEWS.c.tried_at >= now - NEWS_HORIZON
            )
        ),
    )
    row = (await conn.execute(query)).one()
    t = TEMPLATES.c
    statuses = {
        (str(name), str(language)): str(status)
        for name, language, status in await conn.execute(select(t.name, t.language, t.status))
    }
    probe: GraphProbe | None = probe_of(row[5])
    return Snapshot(
        now=now,
        sandbox=sandbox,
        latest_webhook=aware(row[0]),
        latest_sent=aware(row[1]),
        token_refused_at=aware(row[2]),
        probe=probe,
        quality_event=row[3],
        quality_event_at=aware(row[4]),
        templates=statuses,
        needed_templates=needed,
        sync_errors=int(row[6]),
        undelivered_news=int(row[7]),
        failed_news=int(row[8]),
    )
