"""decide() for every step × intent kind: valid replies, allowed moves, silence when paused."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from shop.chat import ids
from shop.chat.decide import decide
from shop.chat.decision import RecordConsent, ReleaseOperator
from shop.chat.intents import (
    CartItem,
    CartSent,
    Intent,
    LocationShared,
    MediaSent,
    TemplateButton,
    Text,
    Unsupported,
)
from shop.chat.routing import ACTIONS, ROUTES
from shop.chat.state import TRANSITIONS, ChatState, Context
from shop.chat.views import Cart
from shop.texts import Locale

from .helpers import SETTINGS, SHOP, line, pick, tap

ALL_ACTIONS: list[ids.Action] = [
    ids.Menu(),
    ids.Categories(1),
    ids.CategoryPage("kettles"),
    ids.WholeCatalog(),
    ids.StartSearch(),
    ids.SearchPage(1),
    ids.ShowProduct("KET1"),
    ids.Add("KET1"),
    ids.SetQty("KET1", 2),
    ids.EditLine("KET1"),
    ids.Remove("KET1"),
    ids.ViewCart(),
    ids.EditCart(),
    ids.Clear(),
    ids.Checkout(),
    ids.Delivery("courier"),
    ids.PickupPage(0),
    ids.Pickup("a"),
    ids.ContactPhone(),
    ids.ContactEmail(),
    ids.Confirm(),
    ids.PayWay(True),
    ids.CancelCheckout(),
    ids.MyOrders(),
    ids.AboutShop(),
    ids.ReturnStart(),
    ids.ReturnOrder(7, "A-10007"),
    ids.ReturnReason(7, "defect"),
    ids.Operator(),
    ids.Csat(5),
    ids.FaqHelped(),
    ids.AskConsent(),
    ids.ConsentAnswer(True, "menu"),
    ids.Language("en"),
]
INTENTS: list[Intent] = [
    Text("меню"),
    Text("чайник"),
    Text("абырвалг"),
    Text("Москва, ул. Ленина, 5"),
    Text("buyer@example.ru"),
    Text("да"),
    Text("Hello, do you have mugs?"),
    Text("3"),
    Text(""),
    Text("А он тёплый?", referred_product="MUG1"),
    *(tap(a) for a in ALL_ACTIONS),
    pick(ids.CategoryPage("mugs")),
    TemplateButton("cart"),
    TemplateButton("REORDER:42"),
    CartSent((CartItem("MUG1", 1, Decimal("350"), "RUB"),)),
    LocationShared(Decimal("55.7"), Decimal("37.6"), "Дом", "ул. Тверская, 1"),
    MediaSent("image"),
    Unsupported("reaction"),
]
# A context each step can really be in, so checkout steps are tested from where they are.
CONTEXTS: dict[ChatState, Context] = {
    ChatState.CHECKOUT_PICKUP: Context(delivery="pickup"),
    ChatState.CHECKOUT_ADDRESS: Context(delivery="courier"),
    ChatState.CHECKOUT_CONTACT: Context(delivery="courier", address="ул. Тверская, 1"),
    ChatState.CHECKOUT_EMAIL: Context(delivery="courier", address="ул. Тверская, 1"),
    ChatState.CHECKOUT_PAYMENT: Context(delivery="pickup", pickup="a", contact_chosen=True),
    ChatState.CHECKOUT_CONFIRM: Context(
        delivery="pickup", pickup="a", contact_chosen=True, query="чайник"
    ),
    ChatState.CART: Context(editing="KET1"),
}
CARTS = {"empty": Cart(), "full": Cart((line("KET1", 2), line("MUG1")))}


def test_every_action_has_a_handler() -> None:
    assert {type(a) for a in ALL_ACTIONS} == set(ACTIONS)


def test_every_intent_kind_has_a_default_route() -> None:
    kinds = {type(i).kind for i in INTENTS}
    assert all((None, kind) in ROUTES for kind in kinds)


def test_every_step_has_its_transitions() -> None:
    assert set(TRANSITIONS) == set(ChatState)


@pytest.mark.parametrize("locale", ["ru", "en"])
@pytest.mark.parametrize("cart", CARTS.values(), ids=CARTS.keys())
@pytest.mark.parametrize("state", list(ChatState))
@pytest.mark.parametrize("intent", INTENTS, ids=repr)
def test_every_step_answers_every_intent_within_the_rules(
    state: ChatState, intent: Intent, cart: Cart, locale: Locale
) -> None:
    context = CONTEXTS.get(state, Context())
    settings = replace(SETTINGS, locale=locale)
    decision = decide(state, intent, SHOP, cart, settings, context)
    # decide() itself refuses moves outside TRANSITIONS; replies refuse broken limits.
    assert decision.next_state in TRANSITIONS[state]
    if state is ChatState.WAITING_OPERATOR:
        assert decision.replies == () or isinstance(decision.effects[0], ReleaseOperator)
    else:
        assert decision.replies or decision.effects, "the shopper is never left without an answer"


@pytest.mark.parametrize("state", [s for s in ChatState if s is not ChatState.WAITING_OPERATOR])
def test_menu_word_leads_to_the_menu_from_every_step(state: ChatState) -> None:
    decision = decide(state, Text("Меню"), SHOP, CARTS["full"], SETTINGS, CONTEXTS.get(state))
    assert decision.next_state is ChatState.MENU
    assert decision.context.delivery is None


@pytest.mark.parametrize("intent", INTENTS, ids=repr)
def test_the_bot_is_silent_while_a_person_is_called(intent: Intent) -> None:
    decision = decide(ChatState.WAITING_OPERATOR, intent, SHOP, CARTS["full"], SETTINGS)
    if intent == Text("меню"):
        assert decision.next_state is ChatState.MENU
        assert decision.effects == (ReleaseOperator(),)
    else:
        assert decision.replies == ()
        assert decision.next_state is ChatState.WAITING_OPERATOR
        assert not any(isinstance(e, RecordConsent) for e in decision.effects)
