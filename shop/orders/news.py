"""Order news for the shopper: what a payment, a refund or a step of the order means, told in
the chat in the transaction that made it.

Inside the shopper's 24-hour window the news is a plain message. Outside it, WhatsApp allows
only an approved template: `order_update` (UTILITY; body {{1}} the order number, {{2}} the
news in one line; a URL button ending in /o/{{1}} whose parameter is the order page's token).
When even that cannot go (no such template, or not approved), the news is recorded as
undelivered in `order_news`, which the merchant's dashboard counts, instead of vanishing.

`PaymentNews` is built by the composition root and given to the payment and refund services as
their outcome hook, so neither service knows about chats; it also writes the history event of
the status change the payment or refund made.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shop.chat.tables import ShopChat
from shop.clock import Clock
from shop.orders import events
from shop.orders.lifecycle_tables import OrderNews
from shop.orders.model import mask_email, mask_phone
from shop.orders.news_schedule import first_try
from shop.orders.payment_tables import PayRefund
from shop.orders.payments import Settled
from shop.orders.tables import ShopOrder
from shop.texts import Locale, locale_of, t
from shop.whatsapp.messages import (
    OutboundMessage,
    TemplateButtonParam,
    TemplateMessage,
    TextMessage,
)
from shop.whatsapp.outbox import Enqueue, Enqueued, EnqueueStatus
from shop.whatsapp.template_book import ORDER_LINK, ORDER_UPDATE

log = logging.getLogger(__name__)

# The templates as the book defines them (shop/whatsapp/template_book.py): body {{1}} the
# order number ({{2}} the news), and a URL button …/o/{{1}} filled with the order's token.
ORDER_LINK_TEMPLATE = ORDER_LINK.name
ORDER_UPDATE_TEMPLATE = ORDER_UPDATE.name
QUEUED, UNDELIVERED = "queued", "undelivered"
# Template parameters may not hold new lines or long runs of spaces; the news is one line,
# without a full stop of its own (the template's sentence goes on after it).
_SHORT_MAX = 300


def order_link_template(order: ShopOrder) -> TemplateMessage:
    return TemplateMessage(
        name=ORDER_LINK_TEMPLATE,
        language="ru",
        body_params=(order.number or "",),
        buttons=(TemplateButtonParam(index=0, sub_type="url", value=order.token),),
    )


def order_update_template(order: ShopOrder, news: str, language: str) -> TemplateMessage:
    return TemplateMessage(
        name=ORDER_UPDATE_TEMPLATE,
        language=language,
        body_params=(order.number or "", " ".join(news.split()).rstrip(" .")[:_SHORT_MAX]),
        buttons=(TemplateButtonParam(index=0, sub_type="url", value=order.token),),
    )


@dataclass(frozen=True)
class News:
    """One piece of news: its kind (for the record), the message, and its one-line form for
    the template."""

    kind: str
    body: str
    short: str


@dataclass(frozen=True)
class Told:
    state: str  # queued or undelivered
    channel: str  # message, template or none
    reason: str | None = None


class OrderNewsTeller:
    """`await teller.tell(session, order, news, key)`: the message inside the window, the
    template outside it, the record either way. `key` makes a replay tell nothing twice."""

    def __init__(self, *, enqueue: Enqueue, public_base_url: str, sandbox: bool = False) -> None:
        self._enqueue = enqueue
        self.base = public_base_url
        self.sandbox = sandbox  # the sandbox's own pickup points name a point in the news

    def link(self, order: ShopOrder) -> str:
        return f"{self.base}/o/{order.token}"

    async def locale(self, session: AsyncSession, order: ShopOrder) -> Locale:
        chat = await session.get(ShopChat, order.chat_id)
        return locale_of(chat.locale if chat is not None else None)

    async def tell(
        self, session: AsyncSession, order: ShopOrder, news: News, key: str, *, at: datetime
    ) -> Told:
        told = await self.send(session, order, news, key)
        if await _recorded(session, key) is None:
            session.add(
                OrderNews(
                    order_id=order.id or 0,
                    kind=news.kind,
                    key=key[:128],
                    state=told.state,
                    channel=told.channel,
                    reason=(told.reason or None) and told.reason[:200],
                    created_at=at,
                    next_try_at=first_try(at) if told.state == UNDELIVERED else None,
                )
            )
        if told.state == UNDELIVERED:
            log.info("order news undelivered", extra={"order_id": order.id, "kind": news.kind})
        return told

    async def send(self, session: AsyncSession, order: ShopOrder, news: News, key: str) -> Told:
        """Queue the news without recording it: the message inside the window, else the
        template (`{key}:t`); orders/news_retry.py re-tells undelivered news with it."""
        result = await self.put(session, TextMessage(body=news.body), order, key)
        if result.status is not EnqueueStatus.WINDOW_CLOSED:
            return _told(result, "message")
        language = await self.locale(session, order)
        template = order_update_template(order, news.short, language)
        result = await self.put(session, template, order, f"{key}:t")
        if result.status is EnqueueStatus.TEMPLATE_UNKNOWN and language != "ru":
            # The shop's own language is the one every shop has its templates in.
            template = order_update_template(order, news.short, "ru")
            result = await self.put(session, template, order, f"{key}:t")
        return _told(result, "template")

    async def put(
        self, session: AsyncSession, message: OutboundMessage, order: ShopOrder, key: str
    ) -> Enqueued:
        return await self._enqueue(session, message, to=order.wa_id, key=key)


def _told(result: Enqueued, channel: str) -> Told:
    if result.queued:
        return Told(QUEUED, channel)
    return Told(UNDELIVERED, "none", f"{result.status}: {result.reason or ''}".strip(": "))


async def _recorded(session: AsyncSession, key: str) -> int | None:
    query = select(OrderNews.id).where(col(OrderNews.key) == key[:128])
    return (await session.exec(query)).first()


async def undelivered(session: AsyncSession, since: datetime) -> int:
    """How much order news since `since` could not be told (the dashboard's warning)."""
    query = (
        select(func.count())
        .select_from(OrderNews)
        .where(col(OrderNews.state) == UNDELIVERED, col(OrderNews.created_at) >= since)
    )
    return int((await session.exec(query)).one())


_TOLD_BY_TELLER = {
    Settled.PAID: ("paid", "payment.received"),
    Settled.REFUNDED: ("refunded", "refund.done"),
}


class PaymentNews:
    """`await news(session, order, settled)`: the history event of the status change a payment
    or refund made, and the shopper's news, in the caller's transaction."""

    def __init__(self, *, teller: OrderNewsTeller, clock: Clock) -> None:
        self.teller = teller
        self.clock = clock

    async def __call__(self, session: AsyncSession, order: ShopOrder, settled: Settled) -> None:
        now = self.clock.now()
        before = await events.last_known(session, order.id or 0)
        if before != order.status:
            events.record(session, order, before, events.SYSTEM, now, reason=str(settled))
        locale = await self.teller.locale(session, order)
        if settled in _TOLD_BY_TELLER:
            kind, key = _TOLD_BY_TELLER[settled]
            contact = (
                mask_email(order.contact_email) if order.contact_email else mask_phone(order.wa_id)
            )
            body = t(
                key, locale, number=order.number, contact=contact, link=self.teller.link(order)
            )
            news = News(kind, body, t(f"news.{kind}.short", locale))
            await self.teller.tell(
                session, order, news, await _news_key(session, order, settled), at=now
            )
            return
        await self._window_only(session, order, settled, locale)

    async def _window_only(
        self, session: AsyncSession, order: ShopOrder, settled: Settled, locale: Locale
    ) -> None:
        """A failed attempt and a payment under review: told inside the window; outside it a
        failed attempt sends the order link, to pay again."""
        key = {Settled.CANCELED: "payment.failed", Settled.MISMATCH: "payment.review"}.get(settled)
        if key is None:
            return
        body = t(key, locale, number=order.number, link=self.teller.link(order))
        news_key = f"pay:{order.id}:{settled}:{order.status}"
        result = await self.teller.put(session, TextMessage(body=body), order, news_key)
        if result.status is EnqueueStatus.WINDOW_CLOSED and settled is Settled.CANCELED:
            result = await self.teller.put(
                session, order_link_template(order), order, f"{news_key}:template"
            )
        if not result.queued:
            log.info("payment news not sent", extra={"order_id": order.id, "why": result.status})


async def _news_key(session: AsyncSession, order: ShopOrder, settled: Settled) -> str:
    """Paid once per order; refunded once per refunded total, so a second partial refund is
    news too (the order's status alone would not tell them apart)."""
    if settled is not Settled.REFUNDED:
        return f"pay:{order.id}:{settled}:{order.status}"
    query = select(func.coalesce(func.sum(PayRefund.amount_minor), 0)).where(
        col(PayRefund.order_id) == order.id, col(PayRefund.status) == "succeeded"
    )
    refunded = int((await session.exec(query)).one())
    return f"pay:{order.id}:refunded:{refunded}"
