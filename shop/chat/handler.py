"""The shopper's message → one decision → cart, order, consent and replies, in one transaction.

Registered as an inbound handler of the channel: the inbox worker calls it for each message of
a chat in order, inside the transaction that marks the message processed, so a crash at any
point either keeps everything or nothing. Replies go to the outbox keyed by the inbound wamid,
so a replayed message never produces a second reply.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import cast
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession as AnySession
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from catalog.money import Money
from shop.chat.carts import (
    CartRow,
    Chat,
    cart_for,
    chat_for,
    chat_state,
    load_cart,
    save_cart,
    save_chat,
    store_state,
)
from shop.chat.catalog_view import CatalogCache
from shop.chat.decide import decide
from shop.chat.decision import (
    AskReturn,
    Decision,
    Effect,
    PlaceOrder,
    RecordConsent,
    ReleaseOperator,
    RequestOperator,
    SetLocale,
    ShowMyOrders,
    ShowReturns,
    ShowShop,
)
from shop.chat.faq import faq_of_turn
from shop.chat.handover import OperatorHook
from shop.chat.intents import ButtonTap, TemplateButton, Text, intent_of
from shop.chat.returns import ShopperReturns
from shop.chat.state import ChatState
from shop.chat.views import Cart, SettingsView
from shop.consent import rules as consent
from shop.consent import store
from shop.delivery.options import delivery_setup
from shop.orders.checkout import OrderRefused, PlacedOrder, place_order
from shop.orders.tables import ShopOrder
from shop.promo.quote import quote
from shop.promo.rules import Verdict
from shop.promo.wording import refusal_text
from shop.reminders.scheduler import CART_PAYLOAD
from shop.reminders.tables import NudgeSend
from shop.shop_profile.card import about_shop
from shop.shop_profile.languages import current as shop_languages
from shop.taxes.settings import checkout_terms, taxes_of_turn
from shop.texts import Locale, format_money, locale_of, t
from shop.whatsapp.dispatch import InboundEvent
from shop.whatsapp.messages import BODY, TEXT_BODY, CtaUrlMessage, OutboundMessage, TextMessage
from shop.whatsapp.outbox import Enqueue

log = logging.getLogger(__name__)
MY_ORDERS = 5


@dataclass(frozen=True)
class ShopIdentity:
    business: str  # the WhatsApp phone number id the chat is with
    catalog_id: str
    public_base_url: str
    sandbox: bool
    currency: str = "RUB"  # the shop's one currency (SHOP_CURRENCY): carts, delivery, orders


class ShoppingConversation:
    def __init__(
        self,
        *,
        identity: ShopIdentity,
        enqueue: Enqueue,
        zone: ZoneInfo,
        catalog: CatalogCache | None = None,
        operator: OperatorHook | None = None,
        returns: ShopperReturns | None = None,
    ) -> None:
        self.identity, self.enqueue, self.zone = identity, enqueue, zone
        self.catalog = catalog or CatalogCache()
        self.operator = operator  # the desk, told of handovers (shop/chat/handover.py)
        self.returns = returns  # the shopper's page link and returns (shop/chat/returns.py)

    async def handle(self, session: AnySession, event: InboundEvent) -> None:
        """The channel's handler signature; our sessions are always SQLModel sessions."""
        await self(cast(AsyncSession, session), event)

    async def __call__(self, session: AsyncSession, event: InboundEvent) -> None:
        now = event.at
        chat = await chat_for(session, self.identity.business, event.wa_id, now, event.profile_name)
        chat.last_inbound_at = max(chat.last_inbound_at or now, now)
        await self._turn(session, chat, event)
        await save_chat(session, chat)

    async def _turn(self, session: AsyncSession, chat: Chat, event: InboundEvent) -> None:
        now = event.at
        intent = intent_of(event.message)
        # The shop's currency and languages, as saved on the languages page (or the defaults).
        languages, _ = await shop_languages(session, self.identity.currency)
        chat.locale = languages.spoken(chat.locale, new=chat.state == ChatState.NEW)
        locale = locale_of(chat.locale)
        answer = await self._consent_word(session, chat, intent, now)
        if answer is not None:
            if answer:
                await self._send(session, chat, event, [TextMessage(body=answer)])
            return
        if isinstance(intent, TemplateButton) and intent.payload == CART_PAYLOAD:
            await _clicked(session, chat.wa_id, now)
        state, context = chat_state(chat)
        currency = languages.currency
        cart_row = await cart_for(session, chat.id, now, currency)
        cart = await load_cart(session, cart_row)
        options, points = await delivery_setup(
            session, sandbox=self.identity.sandbox, currency=currency, locale=locale
        )
        view = SettingsView(
            locale=locale,
            languages=languages.locales,
            currency=currency,
            delivery_options=options,
            pickup_points=points,
            catalog_id=self.identity.catalog_id,
            promo=await self._promo(session, chat, state, intent, cart, now),
            **checkout_terms(await taxes_of_turn(session)),
            faq=await faq_of_turn(session),
        )
        catalog = await self.catalog.view(session)
        decision = decide(state, intent, catalog, cart, view, context)
        cart = await save_cart(session, cart_row, cart, decision.cart_ops, now)
        messages: list[OutboundMessage] = list(decision.replies)
        next_state = decision.next_state
        for effect in decision.effects:
            extra, next_state = await self._effect(
                session, effect, chat, cart_row, decision, view, now, next_state
            )
            # An effect's outcome follows the reply that announced it ("placing your order…").
            at = 1 if isinstance(effect, PlaceOrder) else len(messages)
            messages[at:at] = extra
        store_state(chat, next_state, decision.context, now)
        await self._send(session, chat, event, messages)

    async def _promo(
        self,
        session: AsyncSession,
        chat: Chat,
        state: ChatState,
        intent: object,
        cart: Cart,
        now: datetime,
    ) -> Verdict | None:
        """The verdict on a code typed at the summary (the decision finds it in its view)."""
        if state is not ChatState.CHECKOUT_CONFIRM or not isinstance(intent, Text):
            return None
        # The cart is in the shop's currency of this turn (the languages page may have set it).
        currency = cart.lines[0].unit_price.currency if cart.lines else self.identity.currency
        goods = cart.total(currency)
        units = sum(line.quantity for line in cart.lines)
        return await quote(
            session,
            intent.body,
            wa_id=chat.wa_id,
            goods=goods,
            units=units,
            now=now,
            zone=self.zone,
        )

    async def _send(
        self,
        session: AsyncSession,
        chat: Chat,
        event: InboundEvent,
        messages: list[OutboundMessage],
    ) -> None:
        for i, message in enumerate(messages):
            key = f"re:{event.message.id}:{i}"
            result = await self.enqueue(session, message, to=chat.wa_id, key=key)
            if not result.queued:
                log.warning("reply not queued", extra={"chat_id": chat.id, "why": result.status})

    async def _consent_word(
        self, session: AsyncSession, chat: Chat, intent: object, now: datetime
    ) -> str | None:
        """STOP / СТОП / resume, or the reminder's opt-out button: recorded at once.

        None: not a consent message. "": recorded, nothing to say. Else the confirmation.
        """
        if isinstance(intent, Text):
            event = consent.event_from_text(chat.wa_id, intent.body, now)
        elif isinstance(intent, TemplateButton | ButtonTap):
            event = consent.event_from_button(chat.wa_id, intent.payload, now)
        else:
            event = None
        if event is None:
            return None
        before = await store.state_of(session, chat.wa_id)
        await store.append(session, event, now)
        after = await store.state_of(session, chat.wa_id)
        if not consent.needs_confirmation(before, after, event):
            return ""
        return consent.confirmation(event.kind, chat.locale)

    async def _effect(
        self,
        session: AsyncSession,
        effect: Effect,
        chat: Chat,
        cart_row: CartRow,
        decision: Decision,
        view: SettingsView,
        now: datetime,
        state: ChatState,
    ) -> tuple[list[OutboundMessage], ChatState]:
        locale = view.locale
        if isinstance(effect, PlaceOrder):
            cart = await load_cart(session, cart_row)
            result = await place_order(
                session,
                chat=chat,
                cart_row=cart_row,
                cart=cart,
                effect=effect,
                settings=view,
                now=now,
            )
            if isinstance(result, OrderRefused):
                text = t(f"order.refused.{result.reason.value}", locale)
                if result.promo is not None:
                    why = refusal_text(result.promo, locale, goods=cart.total(view.currency))
                    text = t("promo.order_refused", locale, why=why)
                return [TextMessage(body=text)], ChatState.CART
            return [self._order_link(result, locale, on_delivery=effect.pay_on_delivery)], state
        if isinstance(effect, RequestOperator):
            chat.operator_requested_at = now
            if self.operator is not None:
                away = await self.operator.requested(
                    session, chat.id, chat.wa_id, effect.reason, effect.product
                )
                return list(away), state
        elif isinstance(effect, ReleaseOperator):
            chat.operator_requested_at = None
            if self.operator is not None:
                await self.operator.released(session, chat.id, chat.wa_id)
        elif isinstance(effect, RecordConsent):
            await self._record_consent(session, chat, effect, now)
        elif isinstance(effect, SetLocale):
            chat.locale = effect.locale  # save_chat writes it; later texts read it
        elif isinstance(effect, ShowMyOrders):
            return await self._my_orders_and_returns(session, chat, locale, now), state
        elif isinstance(effect, ShowShop):
            return await about_shop(session, locale), state
        elif isinstance(effect, ShowReturns) and self.returns is not None:
            return [await self.returns.choices(session, chat.id, locale)], state
        elif isinstance(effect, AskReturn) and self.returns is not None:
            return await self.returns.ask(session, chat.id, effect, locale), state
        return [], state

    async def _my_orders_and_returns(
        self, session: AsyncSession, chat: Chat, locale: Locale, now: datetime
    ) -> list[OutboundMessage]:
        """The orders, the link to the shopper's own page, and «Вернуть товар» when it fits."""
        listed = await self._my_orders(session, chat, locale)
        if self.returns is None:
            return [listed]
        line, extra = await self.returns.my_orders_extra(session, chat.id, locale, now)
        return [TextMessage(body=f"{listed.body}\n\n{line}"[:TEXT_BODY]), *extra]

    def _order_link(
        self, order: PlacedOrder, locale: Locale, *, on_delivery: bool = False
    ) -> OutboundMessage:
        link = f"{self.identity.public_base_url}/o/{order.token}"
        key = "payway.placed" if on_delivery else "order.placed"  # no payment link to follow
        body = t(key, locale, number=order.number, total=order.total, link=link)
        return CtaUrlMessage(
            body=body[:BODY], display_text=t("button.open_order", locale), url=link
        )

    async def _record_consent(
        self, session: AsyncSession, chat: Chat, effect: RecordConsent, now: datetime
    ) -> None:
        kind = consent.ConsentKind.GRANTED if effect.granted else consent.ConsentKind.WITHDRAWN
        event = consent.ConsentEvent(chat.wa_id, kind, consent.ConsentSource.CHAT_BUTTON, now)
        await store.append(session, event, now, note=effect.source)

    async def _my_orders(self, session: AsyncSession, chat: Chat, locale: Locale) -> TextMessage:
        query = (
            select(ShopOrder)
            .where(col(ShopOrder.chat_id) == chat.id)
            .order_by(col(ShopOrder.created_at).desc())
            .limit(MY_ORDERS)
        )
        orders = (await session.exec(query)).all()
        if not orders:
            return TextMessage(body=t("orders.none", locale))
        lines = [t("orders.title", locale)]
        for order in orders:
            lines.append(
                t(
                    "orders.line",
                    locale,
                    number=order.number,
                    date=order.created_at.astimezone(self.zone).strftime("%d.%m.%Y"),
                    status=t(f"status.{order.status}", locale),
                    total=format_money(Money.from_minor(order.total_minor, order.currency), locale),
                    link=f"{self.identity.public_base_url}/o/{order.token}",
                )
            )
        return TextMessage(body="\n\n".join(lines)[:TEXT_BODY])


async def _clicked(session: AsyncSession, wa_id: str, now: datetime) -> None:
    """The reminder's "back to the cart" button: the latest reminder counts as clicked."""
    query = (
        select(NudgeSend)
        .where(col(NudgeSend.wa_id) == wa_id, col(NudgeSend.status) == "queued")
        .order_by(col(NudgeSend.claimed_at).desc())
        .limit(1)
    )
    latest = (await session.exec(query)).first()
    if latest is not None and latest.clicked_at is None:
        latest.clicked_at = now
