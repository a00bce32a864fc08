"""Checkout decisions: delivery, pickup, address, receipt contact, summary and the order."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from catalog.money import Money
from shop.chat import ids
from shop.chat.decision import (
    DeliveryChoice,
    PlaceOrder,
    ReceiptContact,
    ReplaceCart,
)
from shop.chat.intents import LocationShared, Text
from shop.chat.state import ChatState, Context
from shop.chat.views import Cart, DeliveryKind, DeliveryOption, SettingsView
from shop.whatsapp.messages import ListMessage, LocationMessage, ReplyButtons

from .helpers import PICKUP, POINT_A, POINT_B, SHOP, Chat, buttons, catalog, line, tap, texts

FULL = Cart((line("KET1", 2), line("MUG1")))  # 4 980 + 350 = 5 330


def at_contact(chat: Chat) -> Chat:
    chat.send(tap(ids.Checkout()))
    chat.send(tap(ids.Delivery("courier")))
    chat.send("Москва, ул. Тверская, д. 1, кв. 5")
    return chat


def test_checkout_offers_the_merchants_delivery_options() -> None:
    chat = Chat(cart=FULL)
    decision = chat.send(tap(ids.Checkout()))
    assert decision.next_state is ChatState.CHECKOUT_DELIVERY
    assert buttons(decision) == [ids.Delivery("pickup"), ids.Delivery("courier")]
    assert "• Самовывоз — бесплатно" in texts(decision)
    assert "• Курьер — 300,00\u00a0₽" in texts(decision)


def test_more_than_three_delivery_options_become_a_list() -> None:
    options = tuple(
        DeliveryOption(f"d{i}", DeliveryKind.COURIER, f"Курьер {i}", Money.rub(100 * i))
        for i in range(4)
    )
    decision = Chat(cart=FULL, settings=SettingsView(delivery_options=options)).send(
        tap(ids.Checkout())
    )
    assert isinstance(decision.replies[0], ListMessage)
    assert buttons(decision) == [ids.Delivery(f"d{i}") for i in range(4)]


def test_checkout_of_an_empty_cart_shows_the_empty_cart() -> None:
    decision = Chat().send(tap(ids.Checkout()))
    assert decision.next_state is ChatState.CART
    assert "Корзина пуста" in texts(decision)


def test_checkout_without_configured_delivery_offers_a_person() -> None:
    decision = Chat(cart=FULL, settings=SettingsView()).send(tap(ids.Checkout()))
    assert decision.next_state is ChatState.CART
    assert buttons(decision) == [ids.Operator()]


def test_checkout_rechecks_the_cart_against_the_catalog_first() -> None:
    chat = Chat(cart=Cart((line("MUG1", 1, "300"), line("KET1"))))
    decision = chat.send(tap(ids.Checkout()))
    assert decision.next_state is ChatState.CART
    assert decision.cart_ops == (ReplaceCart((line("MUG1"), line("KET1"))),)
    assert "стоит 350,00\u00a0₽, а не 300,00\u00a0₽" in texts(decision)
    assert "нажмите «Оформить» ещё раз" in texts(decision)
    assert chat.send(tap(ids.Checkout())).next_state is ChatState.CHECKOUT_DELIVERY


def test_pickup_with_several_points_lists_them_then_sends_the_location() -> None:
    chat = Chat(cart=FULL)
    chat.send(tap(ids.Checkout()))
    decision = chat.send(tap(ids.Delivery("pickup")))
    assert decision.next_state is ChatState.CHECKOUT_PICKUP
    assert buttons(decision) == [ids.Pickup("a"), ids.Pickup("b")]
    decision = chat.send(tap(ids.Pickup("b")))
    assert decision.replies[0] == LocationMessage(
        latitude=float(POINT_B.lat),
        longitude=float(POINT_B.lon),
        name="Склад",
        address="ул. Заводская, 7",
    )
    assert decision.next_state is ChatState.CHECKOUT_CONTACT
    assert chat.context.pickup == "b"


def test_pickup_with_one_point_skips_the_list() -> None:
    settings = SettingsView(delivery_options=(PICKUP,), pickup_points=(POINT_A,))
    chat = Chat(cart=FULL, settings=settings)
    chat.send(tap(ids.Checkout()))
    decision = chat.send(tap(ids.Delivery("pickup")))
    assert isinstance(decision.replies[0], LocationMessage)
    assert decision.next_state is ChatState.CHECKOUT_CONTACT


def test_many_pickup_points_are_paged() -> None:
    points = tuple(replace(POINT_A, id=f"p{i}", title=f"Пункт {i}") for i in range(12))
    chat = Chat(cart=FULL, settings=SettingsView(delivery_options=(PICKUP,), pickup_points=points))
    chat.send(tap(ids.Checkout()))
    first = chat.send(tap(ids.Delivery("pickup")))
    assert buttons(first)[-1] == ids.PickupPage(1)
    second = chat.send(tap(ids.PickupPage(1)))
    assert buttons(second) == [
        ids.Pickup("p9"),
        ids.Pickup("p10"),
        ids.Pickup("p11"),
        ids.PickupPage(0),
    ]


def test_courier_address_typed() -> None:
    chat = at_contact(Chat(cart=FULL))
    assert chat.state is ChatState.CHECKOUT_CONTACT
    assert chat.context.address == "Москва, ул. Тверская, д. 1, кв. 5"


def test_courier_address_too_short_is_asked_again() -> None:
    chat = Chat(cart=FULL)
    chat.send(tap(ids.Checkout()))
    chat.send(tap(ids.Delivery("courier")))
    decision = chat.send("дом")
    assert decision.next_state is ChatState.CHECKOUT_ADDRESS
    assert "слишком короткий" in texts(decision)


def test_courier_address_sent_as_a_location() -> None:
    chat = Chat(cart=FULL)
    chat.send(tap(ids.Checkout()))
    chat.send(tap(ids.Delivery("courier")))
    decision = chat.send(LocationShared(Decimal("55.75"), Decimal("37.61"), "Офис", "Тверская, 1"))
    assert decision.next_state is ChatState.CHECKOUT_CONTACT
    assert chat.context.address == "Офис, Тверская, 1"
    assert (chat.context.lat, chat.context.lon) == (Decimal("55.75"), Decimal("37.61"))


def test_courier_address_as_a_bare_pin() -> None:
    chat = Chat(cart=FULL)
    chat.send(tap(ids.Checkout()))
    chat.send(tap(ids.Delivery("courier")))
    chat.send(LocationShared(Decimal("55.75"), Decimal("37.61")))
    assert chat.context.address == "Точка на карте: 55.75, 37.61"


def test_receipt_to_the_whatsapp_number_by_default_button() -> None:
    chat = at_contact(Chat(cart=FULL))
    decision = chat.send(tap(ids.ContactPhone()))
    assert decision.next_state is ChatState.CHECKOUT_CONFIRM
    assert "Чек: этот номер WhatsApp" in texts(decision)


def test_receipt_by_email_is_validated() -> None:
    chat = at_contact(Chat(cart=FULL))
    assert chat.send(tap(ids.ContactEmail())).next_state is ChatState.CHECKOUT_EMAIL
    bad = chat.send("ivan@mail")
    assert bad.next_state is ChatState.CHECKOUT_EMAIL
    assert "не похоже на e-mail" in texts(bad)
    good = chat.send("Ivan.Petrov@Mail.ru")
    assert good.next_state is ChatState.CHECKOUT_CONFIRM
    assert chat.context.email == "ivan.petrov@mail.ru"


def test_an_email_typed_at_the_contact_step_is_accepted() -> None:
    chat = at_contact(Chat(cart=FULL))
    assert chat.send("buyer@example.ru").next_state is ChatState.CHECKOUT_CONFIRM


def test_summary_shows_lines_delivery_contact_and_grand_total() -> None:
    chat = at_contact(Chat(cart=FULL))
    decision = chat.send(tap(ids.ContactPhone()))
    body = texts(decision)
    assert "1. Чайник электрический Bosch — 2 × 2\u00a0490,00\u00a0₽ = 4\u00a0980,00\u00a0₽" in body
    assert "Доставка: Курьер — 300,00\u00a0₽" in body
    assert "Москва, ул. Тверская, д. 1, кв. 5" in body
    assert "К оплате: 5\u00a0630,00\u00a0₽" in body
    assert buttons(decision) == [ids.Confirm(), ids.Checkout(), ids.CancelCheckout()]


def test_confirmation_places_the_order_with_delivery_and_contact() -> None:
    chat = at_contact(Chat(cart=FULL, context=Context(note="Позвоните")))
    chat.send(tap(ids.ContactEmail()))
    chat.send("buyer@example.ru")
    decision = chat.send(tap(ids.Confirm()))
    assert decision.effects == (
        PlaceOrder(
            DeliveryChoice("courier", None, "Москва, ул. Тверская, д. 1, кв. 5"),
            ReceiptContact("buyer@example.ru"),
            Money.rub("5630"),
            "Позвоните",
        ),
    )
    assert decision.next_state is ChatState.MENU
    assert chat.context.delivery is None
    assert chat.context.note is None
    assert "Оформляю заказ" in texts(decision)


def test_pickup_order_carries_the_point_and_the_whatsapp_contact() -> None:
    chat = Chat(cart=FULL)
    chat.send(tap(ids.Checkout()))
    chat.send(tap(ids.Delivery("pickup")))
    chat.send(tap(ids.Pickup("a")))
    chat.send(tap(ids.ContactPhone()))
    (order,) = chat.send("да").effects
    assert order == PlaceOrder(
        DeliveryChoice("pickup", "a"), ReceiptContact(None), Money.rub("5330")
    )
    assert order.contact.uses_phone


def test_other_text_at_confirmation_shows_the_summary_again() -> None:
    chat = at_contact(Chat(cart=FULL))
    chat.send(tap(ids.ContactPhone()))
    decision = chat.send("подумаю")
    assert decision.effects == ()
    assert decision.next_state is ChatState.CHECKOUT_CONFIRM


def test_confirmation_rechecks_the_catalog_and_stops_on_a_change() -> None:
    chat = at_contact(Chat(cart=FULL))
    chat.send(tap(ids.ContactPhone()))
    chat.catalog = catalog(*(p for p in (SHOP.product(s) for s in ("KET1", "KET2")) if p))
    decision = chat.send(tap(ids.Confirm()))
    assert decision.effects == ()
    assert decision.next_state is ChatState.CART
    assert decision.cart_ops == (ReplaceCart((line("KET1", 2),)),)
    assert "артикула MUG1 нет в каталоге" in texts(decision)


@pytest.mark.parametrize("state", [ChatState.MENU, ChatState.CART, ChatState.CHECKOUT_CONTACT])
def test_a_stale_confirm_outside_the_summary_restarts_checkout(state: ChatState) -> None:
    decision = Chat(cart=FULL, state=state).send(tap(ids.Confirm()))
    assert decision.effects == ()
    assert decision.next_state is ChatState.CHECKOUT_DELIVERY


def test_a_stale_delivery_button_outside_checkout_restarts_checkout() -> None:
    decision = Chat(cart=FULL, state=ChatState.MENU).send(tap(ids.Delivery("courier")))
    assert decision.next_state is ChatState.CHECKOUT_DELIVERY


def test_change_delivery_from_the_summary() -> None:
    chat = at_contact(Chat(cart=FULL))
    chat.send(tap(ids.ContactPhone()))
    decision = chat.send(tap(ids.Checkout()))
    assert decision.next_state is ChatState.CHECKOUT_DELIVERY
    assert chat.context.address is None


def test_cancel_keeps_the_cart() -> None:
    chat = at_contact(Chat(cart=FULL))
    decision = chat.send(tap(ids.CancelCheckout()))
    assert decision.next_state is ChatState.CART
    assert decision.cart_ops == ()
    assert "корзина сохранена" in texts(decision)
    assert chat.context == Context()


def test_text_where_a_delivery_button_is_expected_asks_again() -> None:
    chat = Chat(cart=FULL)
    chat.send(tap(ids.Checkout()))
    decision = chat.send(Text("курьером пожалуйста"))
    assert decision.next_state is ChatState.CHECKOUT_DELIVERY
    assert isinstance(decision.replies[0], ReplyButtons)


def test_unknown_delivery_option_asks_again() -> None:
    chat = Chat(cart=FULL)
    chat.send(tap(ids.Checkout()))
    decision = chat.send(tap(ids.Delivery("drone")))
    assert decision.next_state is ChatState.CHECKOUT_DELIVERY


def test_delivery_is_free_from_the_merchants_threshold() -> None:
    courier = DeliveryOption(
        "c", DeliveryKind.COURIER, "Курьер", Money.rub(300), free_from=Money.rub(5000)
    )
    settings = SettingsView(delivery_options=(courier,))
    above = Chat(cart=FULL, settings=settings)  # 5 330 of goods
    assert "• Курьер — бесплатно" in texts(above.send(tap(ids.Checkout())))
    below = Chat(cart=Cart((line("MUG1"),)), settings=settings)
    assert "• Курьер — 300,00\u00a0₽" in texts(below.send(tap(ids.Checkout())))
    chat = Chat(cart=FULL, settings=settings)
    chat.send(tap(ids.Checkout()))
    chat.send(tap(ids.Delivery("c")))
    chat.send("Москва, ул. Тверская, д. 1, кв. 5")
    chat.send(tap(ids.ContactPhone()))
    [effect] = chat.send(tap(ids.Confirm())).effects
    assert isinstance(effect, PlaceOrder)
    assert effect.expected_total == Money.rub("5330")


def test_each_pickup_option_offers_its_own_points() -> None:
    near = DeliveryOption("near", DeliveryKind.PICKUP, "Рядом", Money.rub(0))
    far = DeliveryOption("far", DeliveryKind.PICKUP, "Далеко", Money.rub(100))
    points = (replace(POINT_A, option="near"), replace(POINT_B, option="far"))
    chat = Chat(
        cart=FULL, settings=SettingsView(delivery_options=(near, far), pickup_points=points)
    )
    chat.send(tap(ids.Checkout()))
    decision = chat.send(tap(ids.Delivery("far")))
    [pin] = [r for r in decision.replies if isinstance(r, LocationMessage)]
    assert pin.name == POINT_B.title
    chat.state = ChatState.CHECKOUT_PICKUP
    assert chat.send(tap(ids.Pickup("a"))).next_state is ChatState.CHECKOUT_DELIVERY
