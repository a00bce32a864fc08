"""Wiring of shopping: the conversation handler on the channel, chat news about payments."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sqlmodel.ext.asyncio.session import AsyncSession

from shop.chat.apology import Apology
from shop.chat.catalog_view import CatalogCache
from shop.chat.handler import ShopIdentity, ShoppingConversation
from shop.chat.tables import ShopChat
from shop.orders.payments import Settled
from shop.orders.tables import ShopOrder
from shop.texts import Locale, t
from shop.web.order_page import mask_email, mask_phone
from shop.whatsapp.messages import TemplateButtonParam, TemplateMessage, TextMessage
from shop.whatsapp.outbox import EnqueueStatus

if TYPE_CHECKING:
    from shop.runtime import Runtime

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


async def install(runtime: Runtime) -> None:
    channel = runtime.channel
    if channel is None:
        return
    settings = runtime.settings
    identity = ShopIdentity(
        business=settings.whatsapp_phone_number_id or "",
        catalog_id=settings.whatsapp_catalog_id or "",
        public_base_url=settings.public_base_url,
        sandbox=settings.sandbox,
        currency=settings.shop_currency,
    )
    conversation = ShoppingConversation(
        identity=identity,
        enqueue=channel.enqueue,
        zone=settings.zone,
        # A large catalog is rebuilt on a reading connection of its own, off the turn.
        catalog=CatalogCache(read=runtime.db.read_connection),
    )
    channel.handlers.inbound.append(conversation.handle)
    channel.handlers.failed.append(Apology(business=identity.business, enqueue=channel.enqueue))
    runtime.shopping = conversation
    if runtime.order_payments is None:
        return

    async def tell_shopper(session: AsyncSession, order: ShopOrder, settled: Settled) -> None:
        key = _NEWS.get(settled)
        if key is None:
            return
        chat = await session.get(ShopChat, order.chat_id)
        locale: Locale = "en" if chat is not None and chat.locale == "en" else "ru"
        contact = (
            mask_email(order.contact_email) if order.contact_email else mask_phone(order.wa_id)
        )
        link = f"{settings.public_base_url}/o/{order.token}"
        body = t(key, locale, number=order.number, contact=contact, link=link)
        news_key = f"pay:{order.id}:{settled}:{order.status}"
        result = await channel.enqueue(
            session, TextMessage(body=body), to=order.wa_id, key=news_key
        )
        if result.status is EnqueueStatus.WINDOW_CLOSED and settled is Settled.CANCELED:
            # Outside the 24-hour window only a template may go: the order link, to pay again.
            result = await channel.enqueue(
                session, order_link_template(order), to=order.wa_id, key=f"{news_key}:template"
            )
        if not result.queued:
            log.info("payment news not sent", extra={"order_id": order.id, "why": result.status})

    runtime.order_payments.on_outcome = tell_shopper
    if runtime.order_refunds is not None:
        runtime.order_refunds.on_outcome = tell_shopper
