"""«Вернуть товар» from «Мои заказы»: the shopper picks a shipped or received order and a
reason, and the order becomes `return_requested` through the order lifecycle (its history,
the staff's order page and the shopper's news); the reply invites photos, which the desk
keeps as transcript media and the order page shows beside the reason.

The steps are buttons and list rows (ids.ReturnStart, ReturnOrder, ReturnReason), decided
purely like every other tap (`on_start`, `on_order`, `on_reason`); the storage work is the
`ShopperReturns` service the handler is given by the composition root.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shop.chat import ids
from shop.chat.decision import AskReturn, Decision, ShowReturns
from shop.chat.state import ChatState
from shop.chat.turn import Turn
from shop.orders.events import SHOPPER
from shop.orders.lifecycle import Ask, OrderLifecycle
from shop.orders.model import WITH_SHOPPER, OrderStatus
from shop.orders.shopper_link import link_token
from shop.orders.tables import ShopOrder
from shop.texts import Locale, t
from shop.whatsapp.messages import (
    ListMessage,
    ListRow,
    ListSection,
    OutboundMessage,
    ReplyButton,
    ReplyButtons,
    TextMessage,
)

REASONS = ("size", "defect", "wrong", "other")
MOST = 10  # a list message holds ten rows


def on_start(turn: Turn, act: ids.ReturnStart) -> Decision:
    return turn.decide(state=ChatState.MENU, effects=(ShowReturns(),))


def on_order(turn: Turn, act: ids.ReturnOrder) -> Decision:
    rows = tuple(
        ListRow(
            id=ids.pack(ids.ReturnReason(act.order, code)), title=turn.t(f"returns.reason.{code}")
        )
        for code in REASONS
    )
    reply = ListMessage(
        body=turn.t("returns.why", number=act.number),
        button=turn.t("returns.why_button"),
        sections=(ListSection(rows=rows),),
    )
    return turn.decide(reply, state=ChatState.MENU)


def on_reason(turn: Turn, act: ids.ReturnReason) -> Decision:
    code = act.code if act.code in REASONS else "other"
    return turn.decide(state=ChatState.MENU, effects=(AskReturn(act.order, code),))


class ShopperReturns:
    """The storage side of the chat's orders: the page link, the returnable orders, the ask."""

    def __init__(self, *, lifecycle: OrderLifecycle, public_base_url: str) -> None:
        self.lifecycle, self.base = lifecycle, public_base_url

    async def my_orders_extra(
        self, session: AsyncSession, chat_id: int, locale: Locale, now: datetime
    ) -> tuple[str, list[OutboundMessage]]:
        """The line with the shopper's own page, and the return button when one may ask."""
        link = f"{self.base}/a/{await link_token(session, chat_id, now)}"
        extra: list[OutboundMessage] = []
        if await self._returnable(session, chat_id):
            button = ReplyButton(id=ids.pack(ids.ReturnStart()), title=t("returns.button", locale))
            extra.append(ReplyButtons(body=t("returns.offer", locale), buttons=(button,)))
        return t("account.link", locale, link=link), extra

    async def choices(self, session: AsyncSession, chat_id: int, locale: Locale) -> OutboundMessage:
        orders = await self._returnable(session, chat_id)
        if not orders:
            return TextMessage(body=t("returns.none", locale))
        rows = tuple(
            ListRow(
                id=ids.pack(ids.ReturnOrder(o.id or 0, o.number or "")),
                title=o.number or "",
                description=t(f"status.{o.status}", locale),
            )
            for o in orders
        )
        return ListMessage(
            body=t("returns.pick", locale),
            button=t("returns.pick_button", locale),
            sections=(ListSection(rows=rows),),
        )

    async def ask(
        self, session: AsyncSession, chat_id: int, effect: AskReturn, locale: Locale
    ) -> list[OutboundMessage]:
        """The order becomes `return_requested`; the lifecycle tells the shopper so."""
        order = await session.get(ShopOrder, effect.order_id, with_for_update=True)
        if order is None or order.chat_id != chat_id:
            return [TextMessage(body=t("returns.none", locale))]
        reason = t(f"returns.reason.{effect.code}", "ru")
        decision = await self.lifecycle.apply(
            session, order, Ask(OrderStatus.RETURN_REQUESTED, SHOPPER, reason)
        )
        if decision.target is None:
            status = t(f"status.{order.status}", locale)
            return [
                TextMessage(body=t("returns.refused", locale, number=order.number, status=status))
            ]
        # The lifecycle queued the news that the request is in; photos go to the desk's media.
        return [TextMessage(body=t("return_photos.invite", locale))]

    async def _returnable(self, session: AsyncSession, chat_id: int) -> list[ShopOrder]:
        query = (
            select(ShopOrder)
            .where(
                col(ShopOrder.chat_id) == chat_id,
                col(ShopOrder.status).in_([s.value for s in WITH_SHOPPER]),
            )
            .order_by(col(ShopOrder.created_at).desc())
            .limit(MOST)
        )
        return list((await session.exec(query)).all())
