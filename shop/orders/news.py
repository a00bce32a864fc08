"""Payment news for the shopper: what a settled payment or refund means, told in the chat.

Built by the composition root with the outbox's `enqueue` and given to the payment and refund
services as their outcome hook, so neither service knows about chats and no feature reaches
into another to wire it.
"""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession

from shop.chat.tables import ShopChat
from shop.orders.model import mask_email, mask_phone
from shop.orders.payments import Settled
from shop.orders.tables import ShopOrder
from shop.texts import locale_of, t
from shop.whatsapp.messages import (
    OutboundMessage,
    TemplateButtonParam,
    TemplateMessage,
    TextMessage,
)
from shop.whatsapp.outbox import Enqueue, Enqueued, EnqueueStatus

log = logging.getLogger(__name__)

_NEWS = {
    Settled.PAID: "payment.received",
    Settled.CANCELED: "payment.failed",
    Settled.MISMATCH: "payment.review",
    Settled.REFUNDED: "refund.done",
}
ORDER_LINK_TEMPLATE = "order_link"  # UTILITY: body {{1}} = order number, URL button …/o/{{1}}


def order_link_template(order: ShopOrder) -> TemplateMessage:
    return TemplateMessage(
        name=ORDER_LINK_TEMPLATE,
        language="ru",
        body_params=(order.number or "",),
        buttons=(TemplateButtonParam(index=0, sub_type="url", value=order.token),),
    )


class PaymentNews:
    """`await news(session, order, settled)` queues the shopper's message in the caller's
    transaction, so the news leaves exactly when the order's new state commits."""

    def __init__(self, *, enqueue: Enqueue, public_base_url: str) -> None:
        self._enqueue = enqueue
        self._base = public_base_url

    async def __call__(self, session: AsyncSession, order: ShopOrder, settled: Settled) -> None:
        key = _NEWS.get(settled)
        if key is None:
            return
        chat = await session.get(ShopChat, order.chat_id)
        locale = locale_of(chat.locale if chat is not None else None)
        contact = (
            mask_email(order.contact_email) if order.contact_email else mask_phone(order.wa_id)
        )
        link = f"{self._base}/o/{order.token}"
        body = t(key, locale, number=order.number, contact=contact, link=link)
        news_key = f"pay:{order.id}:{settled}:{order.status}"
        result = await self._send(session, TextMessage(body=body), order, news_key)
        if result.status is EnqueueStatus.WINDOW_CLOSED and settled is Settled.CANCELED:
            # Outside the 24-hour window only a template may go: the order link, to pay again.
            result = await self._send(
                session, order_link_template(order), order, f"{news_key}:template"
            )
        if not result.queued:
            log.info("payment news not sent", extra={"order_id": order.id, "why": result.status})

    async def _send(
        self, session: AsyncSession, message: OutboundMessage, order: ShopOrder, key: str
    ) -> Enqueued:
        return await self._enqueue(session, message, to=order.wa_id, key=key)
