"""The chat's state machine: steps as a StrEnum, the carried context and allowed transitions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from enum import StrEnum
from typing import cast

from pydantic import TypeAdapter


class ChatState(StrEnum):
    NEW = "new"
    MENU = "menu"
    BROWSING = "browsing"
    SEARCHING = "searching"
    CART = "cart"
    CHECKOUT_DELIVERY = "checkout_delivery"
    CHECKOUT_PICKUP = "checkout_pickup"
    CHECKOUT_ADDRESS = "checkout_address"
    CHECKOUT_CONTACT = "checkout_contact"
    CHECKOUT_EMAIL = "checkout_email"
    CHECKOUT_PAYMENT = "checkout_payment"  # how to pay, when paying on delivery is offered
    CHECKOUT_CONFIRM = "checkout_confirm"
    WAITING_OPERATOR = "waiting_operator"


CHECKOUT = frozenset(
    {
        ChatState.CHECKOUT_DELIVERY,
        ChatState.CHECKOUT_PICKUP,
        ChatState.CHECKOUT_ADDRESS,
        ChatState.CHECKOUT_CONTACT,
        ChatState.CHECKOUT_EMAIL,
        ChatState.CHECKOUT_PAYMENT,
        ChatState.CHECKOUT_CONFIRM,
    }
)
_FREE = frozenset({ChatState.MENU, ChatState.BROWSING, ChatState.SEARCHING, ChatState.CART})

# Where each step may lead. The menu and browsing steps reach each other and start
# checkout; inside checkout the shopper may go back and forth; any step may return to the
# menu or hand the chat to a person, and a person's chat only returns to the menu.
TRANSITIONS: dict[ChatState, frozenset[ChatState]] = {
    **{s: _FREE | {ChatState.CHECKOUT_DELIVERY} for s in (ChatState.NEW, *_FREE)},
    **dict.fromkeys(CHECKOUT, _FREE | CHECKOUT),
    ChatState.WAITING_OPERATOR: frozenset({ChatState.WAITING_OPERATOR, ChatState.MENU}),
}
for _state in ChatState:
    if _state is not ChatState.WAITING_OPERATOR:
        TRANSITIONS[_state] = TRANSITIONS[_state] | {ChatState.WAITING_OPERATOR, ChatState.MENU}


def can_move(current: ChatState, following: ChatState) -> bool:
    return following in TRANSITIONS[current]


@dataclass(frozen=True)
class Context:
    """What the chat remembers between messages besides its step (stored as JSON later)."""

    delivery: str | None = None  # chosen delivery option id
    pickup: str | None = None  # chosen pickup point id
    address: str | None = None
    lat: Decimal | None = None  # a courier address sent as a location
    lon: Decimal | None = None
    note: str | None = None  # the shopper's note from the native cart
    email: str | None = None  # None: the receipt goes to the WhatsApp number
    contact_chosen: bool = False
    pay_on_delivery: bool = False  # shop/chat/handlers/payway.py
    pay_chosen: bool = False
    query: str | None = None  # last search, for "more results"
    editing: str | None = None  # cart line whose quantity a typed number sets
    consent_asked: bool = False
    languages_offered: tuple[str, ...] = ()  # each language is offered once per chat
    promo: str | None = None  # the promo code accepted at the summary (shop/chat/handlers/promo.py)
    promo_off_minor: int = 0  # what it takes off the goods, as the summary showed it
    misses: int = 0  # turns in a row the bot did not understand (shop/chat/handover.py)
    # The product a single card showed this turn: a question right after it is about it
    # (shop/chat/handover.py); the next turn starts without it.
    viewed: str | None = None

    def dump(self) -> dict[str, object]:
        """JSON-ready form for the chat's row (Decimals as strings)."""
        return cast(dict[str, object], _CONTEXT.dump_python(self, mode="json"))

    @classmethod
    def load(cls, data: Mapping[str, object] | None) -> Context:
        """The stored form back; unknown keys (from an older release) are ignored."""
        known = {k: v for k, v in (data or {}).items() if k in _FIELDS}
        return _CONTEXT.validate_python(known)

    def without_checkout(self) -> Context:
        return replace(
            self,
            delivery=None,
            pickup=None,
            address=None,
            lat=None,
            lon=None,
            email=None,
            contact_chosen=False,
            pay_on_delivery=False,
            pay_chosen=False,
            editing=None,
            promo=None,
            promo_off_minor=0,
        )


_CONTEXT = TypeAdapter(Context)
_FIELDS = frozenset(f.name for f in fields(Context))
