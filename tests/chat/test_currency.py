"""A shop in another currency than roubles: the conversation's money is all in the shop's one."""

from __future__ import annotations

from decimal import Decimal

from catalog.money import Money
from shop.chat import ids
from shop.chat.decision import PlaceOrder
from shop.chat.intents import CartItem, CartSent
from shop.chat.views import Cart, DeliveryKind, DeliveryOption, ProductView, SettingsView

from .helpers import Chat, catalog, tap, texts

NBSP = "\u00a0"


def euros(amount: str) -> Money:
    return Money(amount=Decimal(amount), currency="EUR")


TEA = ProductView("TEA1", "Чай зелёный", euros("12.50"), "tea", "Чай")
COURIER = DeliveryOption("courier", DeliveryKind.COURIER, "Курьер", euros("5"))
EURO_SHOP = SettingsView(currency="EUR", delivery_options=(COURIER,))


def test_an_empty_cart_totals_zero_in_the_currency_asked_for() -> None:
    assert Cart().total("EUR") == euros("0")


def test_a_cart_checkout_and_order_in_euros_never_mix_in_roubles() -> None:
    chat = Chat(catalog=catalog(TEA), settings=EURO_SHOP)
    decision = chat.send(CartSent((CartItem("TEA1", 2, Decimal("12.50"), "EUR"),)))
    said = texts(decision)
    assert f"25,00{NBSP}EUR" in said
    assert "стоит" not in said  # the price seen in the cart is the catalog's, not "changed"
    assert f"• Курьер — 5,00{NBSP}EUR" in texts(chat.send(tap(ids.Checkout())))
    chat.send(tap(ids.Delivery("courier")))
    chat.send("Berlin, Unter den Linden 1, 10117")
    summary = texts(chat.send(tap(ids.ContactPhone())))
    assert f"К оплате: 30,00{NBSP}EUR" in summary
    [order] = [e for e in chat.send(tap(ids.Confirm())).effects if isinstance(e, PlaceOrder)]
    assert order.expected_total == euros("30.00")
