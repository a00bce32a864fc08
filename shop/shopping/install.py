"""Wiring of shopping: the conversation handler on the channel, chat news about payments."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sqlmodel.ext.asyncio.session import AsyncSession

from shop.channel.messages import TextMessage
from shop.payflow.service import Settled
from shop.shopping.handler import ShopIdentity, ShoppingConversation
from shop.shopping.tables import ShopChat, ShopOrder
from shop.texts import Locale, t
from shop.web.order_page import mask_email, mask_phone

if TYPE_CHECKING:
    from shop.runtime import Runtime

log = logging.getLogger(__name__)
_NEWS = {
    Settled.PAID: "payment.received",
    Settled.CANCELED: "payment.failed",
    Settled.MISMATCH: "payment.review",
    Settled.REFUNDED: "refund.done",
}


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
    )
    conversation = ShoppingConversation(
        identity=identity, enqueue=channel.enqueue, zone=settings.zone
    )
    channel.handlers.inbound.append(conversation.handle)
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
        result = await channel.enqueue(
            session,
            TextMessage(body=body),
            to=order.wa_id,
            key=f"pay:{order.id}:{settled}:{order.status}",
        )
        if not result.queued:
            log.info("payment news not sent", extra={"order_id": order.id, "why": result.status})

    runtime.order_payments.on_outcome = tell_shopper
    if runtime.order_refunds is not None:
        runtime.order_refunds.on_outcome = tell_shopper
