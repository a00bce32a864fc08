"""Random conversations keep the cart and the checkout sound; the chat context survives storage."""

from __future__ import annotations

import json
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from shop.chat import ids
from shop.chat.decision import PlaceOrder
from shop.chat.intents import CartItem, CartSent, Intent, LocationShared, Text
from shop.chat.state import ChatState, Context

from .helpers import SETTINGS, SHOP, Chat, pick, tap

SKUS = ["KET1", "KET2", "MUG1", "OLD1", "GONE", "GHOST"]
actions = st.one_of(
    st.sampled_from(
        [
            ids.Menu(),
            ids.Categories(),
            ids.ViewCart(),
            ids.EditCart(),
            ids.Clear(),
            ids.Checkout(),
            ids.Delivery("pickup"),
            ids.Delivery("courier"),
            ids.Pickup("a"),
            ids.ContactPhone(),
            ids.ContactEmail(),
            ids.Confirm(),
            ids.CancelCheckout(),
            ids.Operator(),
            ids.StartSearch(),
        ]
    ),
    st.builds(ids.Add, st.sampled_from(SKUS), st.integers(-1, 8)),
    st.builds(ids.SetQty, st.sampled_from(SKUS), st.integers(-2, 8)),
    st.builds(ids.Remove, st.sampled_from(SKUS)),
    st.builds(ids.EditLine, st.sampled_from(SKUS)),
)
cart_items = st.builds(
    CartItem,
    st.sampled_from(SKUS),
    st.integers(0, 9),
    st.sampled_from([Decimal("350"), Decimal("890"), Decimal("2490"), Decimal("1")]),
    st.sampled_from(["RUB", "USD"]),
)
intents: st.SearchStrategy[Intent] = st.one_of(
    actions.map(tap),
    actions.map(pick),
    st.sampled_from(["меню", "чайник", "3", "да", "ул. Ленина, 5", "a@b.ru", "???"]).map(Text),
    st.builds(CartSent, st.lists(cart_items, max_size=4).map(tuple)),
    st.just(LocationShared(Decimal("55.7"), Decimal("37.6"))),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(intents, min_size=1, max_size=30))
def test_any_conversation_keeps_the_cart_sound(messages: list[Intent]) -> None:
    chat = Chat()
    for message in messages:
        before_state, before_cart = chat.state, chat.cart
        decision = chat.send(message)
        skus = [ln.retailer_id for ln in chat.cart.lines]
        assert len(skus) == len(set(skus)), "one line per product"
        for ln in chat.cart.lines:
            product = SHOP.product(ln.retailer_id)
            assert product is not None
            assert product.offerable
            assert ln.unit_price == product.price
            assert 0 < ln.quantity <= (product.stock or SETTINGS.max_quantity)
        for effect in decision.effects:
            if isinstance(effect, PlaceOrder):
                assert before_state is ChatState.CHECKOUT_CONFIRM
                assert before_cart.lines
                option = next(
                    o for o in SETTINGS.delivery_options if o.id == effect.delivery.option_id
                )
                assert effect.expected_total == before_cart.total(SETTINGS.currency) + option.price


@given(
    st.builds(
        Context,
        delivery=st.none() | st.text(max_size=10),
        lat=st.none() | st.decimals(allow_nan=False, allow_infinity=False, places=6),
        address=st.none() | st.text(max_size=50),
        consent_asked=st.booleans(),
        editing=st.none() | st.text(max_size=10),
    )
)
def test_context_survives_a_json_round_trip(context: Context) -> None:
    assert Context.load(json.loads(json.dumps(context.dump()))) == context


def test_context_from_an_older_release_loads_with_defaults() -> None:
    assert Context.load({"delivery": "pickup", "retired_field": 1}) == Context(delivery="pickup")
    assert Context.load(None) == Context()
