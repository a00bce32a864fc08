"""A shopper's message the inbox gave up on: a short apology and the way back to the menu."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from shop.chat.ids import BUTTON_ID_LIMIT, Menu, pack
from shop.chat.tables import ShopChat
from shop.storage.sql import run
from shop.texts import Locale, locale_of, t
from shop.whatsapp.dispatch import FailedMessage
from shop.whatsapp.messages import ReplyButton, ReplyButtons
from shop.whatsapp.outbox import Enqueue

log = logging.getLogger(__name__)
CHAT = ShopChat.__table__  # type: ignore[attr-defined]


class Apology:
    """Registered on the channel's `handlers.failed`; keyed by the message, so said once."""

    def __init__(self, *, business: str, enqueue: Enqueue) -> None:
        self.business, self.enqueue = business, enqueue

    async def __call__(self, session: AsyncSession, failed: FailedMessage) -> None:
        locale = await self._locale(session, failed.wa_id)
        menu = ReplyButton(id=pack(Menu(), BUTTON_ID_LIMIT), title=t("button.menu", locale))
        message = ReplyButtons(body=t("failure.apology", locale), buttons=(menu,))
        key = f"re:{failed.wamid}:sorry"
        result = await self.enqueue(session, message, to=failed.wa_id, key=key)
        if not result.queued:
            log.info(
                "apology not queued", extra={"inbox_id": failed.inbox_id, "why": result.status}
            )

    async def _locale(self, session: AsyncSession, wa_id: str) -> Locale:
        query = select(CHAT.c.locale).where(CHAT.c.business == self.business, CHAT.c.wa_id == wa_id)
        locale = (await run(session, query)).scalar_one_or_none()
        return locale_of(locale)
