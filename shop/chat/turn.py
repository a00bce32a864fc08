"""One turn of the conversation: the inputs a handler reads and a shortcut to its decision."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from catalog.money import Money
from shop.chat.decision import CartOp, Decision, Effect
from shop.chat.ids import BUTTON_ID_LIMIT, ROW_ID_LIMIT, Action, pack
from shop.chat.replies import fit
from shop.chat.state import ChatState, Context
from shop.chat.views import Cart, CatalogView, SettingsView
from shop.texts import format_money, t
from shop.whatsapp.messages import (
    BUTTON_TITLE,
    ROW_DESCRIPTION,
    ROW_TITLE,
    FreeFormMessage,
    ListRow,
    ReplyButton,
)


@dataclass(frozen=True)
class Turn:
    state: ChatState
    context: Context
    catalog: CatalogView
    cart: Cart
    settings: SettingsView
    viewed: str | None = None  # the product the previous turn showed on its own card

    def t(self, key: str, **params: object) -> str:
        return t(key, self.settings.locale, **params)

    def money(self, amount: Money) -> str:
        return format_money(amount, self.settings.locale)

    def seen_price(self, amount: Decimal, currency: str) -> str | None:
        """A price as the shopper saw it in WhatsApp, formatted like ours for comparison."""
        try:
            return self.money(Money(amount=amount, currency=currency or self.settings.currency))
        except ValueError:
            return None

    def button(self, act: Action, key: str, **params: object) -> ReplyButton:
        return self.plain_button(act, self.t(key, **params))

    def plain_button(self, act: Action, title: str) -> ReplyButton:
        return ReplyButton(id=pack(act, BUTTON_ID_LIMIT), title=fit(title, BUTTON_TITLE))

    def row(self, act: Action, title: str, description: str = "") -> ListRow:
        return ListRow(
            id=pack(act, ROW_ID_LIMIT),
            title=fit(title, ROW_TITLE),
            description=fit(description, ROW_DESCRIPTION) or None,
        )

    def decide(
        self,
        *replies: FreeFormMessage,
        state: ChatState | None = None,
        context: Context | None = None,
        ops: tuple[CartOp, ...] = (),
        effects: tuple[Effect, ...] = (),
    ) -> Decision:
        """A decision that keeps the current step and context unless told otherwise."""
        return Decision(
            replies=replies,
            next_state=self.state if state is None else state,
            context=self.context if context is None else context,
            cart_ops=ops,
            effects=effects,
        )
