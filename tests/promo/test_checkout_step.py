"""The summary's «Есть промокод?» as decisions: a code accepted, refused, and the order."""

from __future__ import annotations

from dataclasses import replace

from catalog.money import Money
from shop.chat import ids
from shop.chat.decision import PlaceOrder
from shop.chat.state import ChatState
from shop.chat.views import Cart
from shop.promo.rules import Accepted, PromoKind, PromoTerms, Refusal, Refused
from tests.chat.helpers import SETTINGS, Chat, line, tap, texts

FULL = Cart((line("KET1", 2), line("MUG1")))  # 4 980 + 350 = 5 330
TERMS = PromoTerms(id=1, code="SALE", kind=PromoKind.PERCENT, value=10)


def at_summary(chat: Chat) -> Chat:
    chat.send(tap(ids.Checkout()))
    chat.send(tap(ids.Delivery("courier")))
    chat.send("Москва, ул. Тверская, д. 1, кв. 5")
    chat.send(tap(ids.ContactPhone()))
    return chat


def test_the_summary_asks_for_a_promo_code() -> None:
    chat = at_summary(Chat(cart=FULL))
    assert chat.state is ChatState.CHECKOUT_CONFIRM
    assert "Есть промокод? Отправьте его сообщением." in texts(chat.last)  # type: ignore[arg-type]


def test_an_accepted_code_shows_the_discount_and_goes_with_the_order() -> None:
    chat = at_summary(Chat(cart=FULL))
    chat.settings = replace(SETTINGS, promo=Accepted(TERMS, Money.rub("533"), 1))
    decision = chat.send("sale")
    shown = texts(decision)
    assert "Промокод SALE применён: скидка 533,00\u00a0₽." in shown
    assert "Скидка по промокоду SALE: −533,00\u00a0₽" in shown
    assert "5\u00a0097,00\u00a0₽" in shown  # 5 330 + 300 courier − 533
    assert decision.next_state is ChatState.CHECKOUT_CONFIRM
    chat.settings = SETTINGS
    placed = chat.send(tap(ids.Confirm()))
    order = next(e for e in placed.effects if isinstance(e, PlaceOrder))
    assert order.promo == "SALE"
    assert order.expected_total == Money.rub("5097")
    assert chat.context.promo is None  # the code went with the order


def test_a_refused_code_says_why_with_the_minimum_as_money() -> None:
    chat = at_summary(Chat(cart=FULL))
    refused = Refused("SALE", Refusal.BELOW_MINIMUM, minimum=Money.rub("10000"))
    chat.settings = replace(SETTINGS, promo=refused)
    decision = chat.send("SALE")
    shown = texts(decision)
    assert "Промокод SALE действует для заказа от 10\u00a0000,00\u00a0₽." in shown
    assert "Сейчас товаров на 5\u00a0330,00\u00a0₽." in shown
    assert chat.context.promo is None
    assert decision.next_state is ChatState.CHECKOUT_CONFIRM


def test_starting_checkout_again_forgets_the_code() -> None:
    chat = at_summary(Chat(cart=FULL))
    chat.settings = replace(SETTINGS, promo=Accepted(TERMS, Money.rub("533"), 1))
    chat.send("SALE")
    chat.settings = SETTINGS
    chat.send(tap(ids.Checkout()))
    assert chat.context.promo is None
    assert chat.context.promo_off_minor == 0
