"""Order news recorded as undelivered (the window was closed and no approved `order_update`
template existed) goes out as soon as it can: as a plain message once the shopper writes
again (the 24-hour window opens), or as the template once one is approved.

A periodic job rather than a hook in the inbound message path, which must stay fast: it finds
the news whose next try is due (orders/news_schedule.py: 1 min, 5 min, 30 min, 2 h, 6 h …,
at most a day apart) or that a newly opened window or a newly approved template can carry,
and re-tells each piece in a transaction of its own, under the news row's lock, with an
outbox key of its own (`{news key}:again`), so a replay, a crash or a second process tells it
once. Each try that still cannot go is counted; after the last one the news is `failed`, which
the merchant's dashboard shows until someone looks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from sqlalchemy import and_, exists, func, or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shop.clock import Clock
from shop.orders.lifecycle_tables import OrderNews
from shop.orders.model import OrderStatus, mask_email, mask_phone
from shop.orders.news import UNDELIVERED, News, OrderNewsTeller
from shop.orders.news_schedule import FAILED, after_failure
from shop.orders.status_news import status_news
from shop.orders.tables import ShopOrder
from shop.storage.db import Database
from shop.texts import t
from shop.whatsapp.rules import WINDOW
from shop.whatsapp.tables import WaChat, WaTemplate
from shop.whatsapp.template_book import ORDER_UPDATE
from shop.whatsapp.templates import APPROVED

log = logging.getLogger(__name__)
JOB = "orders.news_retry"
INTERVAL = 60.0
BATCH = 100
# News older than this is no longer news: it stays recorded as undelivered.
MAX_AGE = timedelta(days=14)
RESENT = "resent"  # told later, once the window opened or the template was approved
STALE = "stale"  # its moment passed before it could go (an unpaid reminder of a paid order)
# The payment news, told by orders/news.py PaymentNews: (the message's text, with contact).
_PAYMENT = {"paid": "payment.received", "refunded": "refund.done"}


@dataclass(frozen=True)
class NewsRetry:
    db: Database
    teller: OrderNewsTeller
    clock: Clock
    zone: tzinfo  # the shop's: the unpaid reminder says until when, in its time
    wake_sender: Callable[[], None] | None = None

    async def run_once(self) -> int:
        """Re-tell what can go now; the number of pieces told."""
        now = self.clock.now()
        told = 0
        for news_id in await self._due(now):
            async with self.db.transaction() as session:
                told += await self._retell(session, news_id, now)
        if told and self.wake_sender is not None:
            self.wake_sender()
        return told

    async def _due(self, now: datetime) -> list[int]:
        """Undelivered news, oldest first, whose next try is due, or that a channel opened
        for since its last try: the shopper wrote (and the window is still open), or the
        `order_update` template was approved."""
        last = func.coalesce(col(OrderNews.tried_at), col(OrderNews.created_at))
        approved = exists().where(
            col(WaTemplate.name) == ORDER_UPDATE.name,
            col(WaTemplate.status) == APPROVED,
            col(WaTemplate.updated_at) > last,
        )
        window = and_(
            col(WaChat.last_inbound_at) > last,
            col(WaChat.last_inbound_at) > now - WINDOW,
        )
        scheduled = or_(col(OrderNews.next_try_at).is_(None), col(OrderNews.next_try_at) <= now)
        query = (
            select(OrderNews.id)
            .join(ShopOrder, col(ShopOrder.id) == col(OrderNews.order_id))
            .outerjoin(WaChat, col(WaChat.wa_id) == col(ShopOrder.wa_id))
            .where(
                col(OrderNews.state) == UNDELIVERED,
                col(OrderNews.created_at) >= now - MAX_AGE,
                or_(scheduled, window, approved),
            )
            .order_by(col(OrderNews.created_at), col(OrderNews.id))
            .limit(BATCH)
        )
        async with self.db.sessions() as session:
            return [i for i in (await session.exec(query)).all() if i is not None]

    async def _retell(self, session: AsyncSession, news_id: int, now: datetime) -> int:
        row = await session.get(OrderNews, news_id, with_for_update=True)
        if row is None or row.state != UNDELIVERED:
            return 0  # told meanwhile, by another process
        order = await session.get(ShopOrder, row.order_id)
        if order is None:
            return 0
        news = await self._news(session, order, row.kind)
        if news is None:
            row.state = STALE
            return 0
        told = await self.teller.send(session, order, news, f"{row.key}:again")
        if told.state == UNDELIVERED:
            _failed_try(row, told.reason, now)
            return 0
        row.state, row.channel = RESENT, told.channel
        log.info("order news resent", extra={"order_id": order.id, "kind": row.kind})
        return 1

    async def _news(self, session: AsyncSession, order: ShopOrder, kind: str) -> News | None:
        """The news as it was told, from the order as it is now; None when its moment passed."""
        if kind in _PAYMENT:
            locale = await self.teller.locale(session, order)
            contact = mask_email(order.contact_email) if order.contact_email else None
            body = t(
                _PAYMENT[kind],
                locale,
                number=order.number,
                contact=contact or mask_phone(order.wa_id),
                link=self.teller.link(order),
            )
            return News(kind, body, t(f"news.{kind}.short", locale))
        if kind == "unpaid":
            if order.status != OrderStatus.AWAITING_PAYMENT or order.expires_at <= self.clock.now():
                return None
            until = order.expires_at.astimezone(self.zone).strftime("%d.%m.%Y %H:%M")
            return await status_news(self.teller, session, order, kind, until=until)
        if kind == "canceled_paid":
            return await status_news(self.teller, session, order, "canceled", refund=True)
        return await status_news(self.teller, session, order, kind)


def _failed_try(row: OrderNews, reason: str | None, now: datetime) -> None:
    """One more try went nowhere: the next after its wait, or none after the last one."""
    row.tries += 1
    row.tried_at = now
    row.reason = (reason or row.reason or "")[:200] or None
    row.next_try_at = after_failure(row.tries, now)
    if row.next_try_at is None:
        row.state = FAILED
        log.warning("order news failed", extra={"order_id": row.order_id, "kind": row.kind})
