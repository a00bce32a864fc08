"""Menu decisions: a person, my orders, consent asked once, odd messages and stale buttons."""

from __future__ import annotations

from decimal import Decimal

from shop.chat import ids
from shop.chat.decision import (
    PlaceOrder,
    RecordConsent,
    ReleaseOperator,
    RequestOperator,
    ShowMyOrders,
)
from shop.chat.intents import (
    ButtonTap,
    CartItem,
    CartSent,
    LocationShared,
    MediaSent,
    TemplateButton,
    Unsupported,
)
from shop.chat.state import ChatState, Context
from shop.chat.views import Cart
from shop.whatsapp.messages import ListMessage

from .helpers import Chat, buttons, line, pick, tap, texts


def place_order(chat: Chat) -> None:
    chat.send(tap(ids.Checkout()))
    chat.send(tap(ids.Delivery("pickup")))
    chat.send(tap(ids.Pickup("a")))
    chat.send(tap(ids.ContactPhone()))


def test_talk_to_a_person_pauses_the_bot_and_says_so_honestly() -> None:
    chat = Chat(cart=Cart((line("KET1"),)))
    decision = chat.send(pick(ids.Operator()))
    assert decision.effects == (RequestOperator(),)
    assert decision.next_state is ChatState.WAITING_OPERATOR
    assert "не буду отвечать автоматически" in texts(decision)
    assert "напишите «меню»" in texts(decision)


def test_while_waiting_for_a_person_questions_get_no_automatic_reply() -> None:
    chat = Chat(state=ChatState.WAITING_OPERATOR)
    for message in ("Алло?", "Есть чайники?"):
        decision = chat.send(message)
        assert decision.replies == ()
        assert decision.effects == ()
    assert chat.state is ChatState.WAITING_OPERATOR


def test_while_waiting_a_native_cart_is_still_kept_silently() -> None:
    chat = Chat(state=ChatState.WAITING_OPERATOR)
    decision = chat.send(CartSent((CartItem("MUG1", 9, Decimal("350"), "RUB"),)))
    assert decision.replies == ()
    assert chat.cart == Cart((line("MUG1", 3),))
    assert chat.state is ChatState.WAITING_OPERATOR


def test_menu_word_returns_from_the_person_to_the_bot() -> None:
    chat = Chat(state=ChatState.WAITING_OPERATOR)
    decision = chat.send("меню")
    assert decision.effects == (ReleaseOperator(),)
    assert chat.state is ChatState.MENU


def test_my_orders_is_an_effect_for_storage_to_answer() -> None:
    decision = Chat().send(pick(ids.MyOrders()))
    assert decision.effects == (ShowMyOrders(),)
    assert decision.replies == ()


def test_consent_is_asked_after_the_first_order_only_once() -> None:
    chat = Chat(cart=Cart((line("KET1"),)))
    place_order(chat)
    first = chat.send(tap(ids.Confirm()))
    assert isinstance(first.effects[0], PlaceOrder)
    assert buttons(first) == [
        ids.ConsentAnswer(True, "after_order"),
        ids.ConsentAnswer(False, "after_order"),
    ]
    assert chat.context.consent_asked
    chat.send(tap(ids.Add("KET1")))
    place_order(chat)
    second = chat.send(tap(ids.Confirm()))
    assert isinstance(second.effects[0], PlaceOrder)
    assert buttons(second) == []


def test_consent_answer_is_recorded_with_its_source() -> None:
    chat = Chat()
    decision = chat.send(tap(ids.ConsentAnswer(True, "after_order")))
    assert decision.effects == (RecordConsent(True, "after_order"),)
    assert "Спасибо" in texts(decision)
    refused = chat.send(tap(ids.ConsentAnswer(False, "after_order")))
    assert refused.effects == (RecordConsent(False, "after_order"),)
    assert "не будем" in texts(refused)


def test_consent_from_the_menu() -> None:
    chat = Chat()
    decision = chat.send(pick(ids.AskConsent()))
    assert buttons(decision) == [ids.ConsentAnswer(True, "menu"), ids.ConsentAnswer(False, "menu")]
    assert chat.send(tap(ids.ConsentAnswer(True, "menu"))).effects == (RecordConsent(True, "menu"),)
    assert chat.context.consent_asked


def test_a_forged_consent_source_is_recorded_as_menu() -> None:
    decision = Chat().send(ButtonTap(ids.pack(ids.ConsentAnswer(True, "import"))))
    assert decision.effects == (RecordConsent(True, "menu"),)


def test_media_is_answered_with_what_the_bot_understands() -> None:
    decision = Chat().send(MediaSent("image", "Такой есть?"))
    assert "понимаю только текст" in texts(decision)
    assert ids.Categories() in buttons(decision)


def test_unsupported_message_is_answered_too() -> None:
    assert "понимаю только текст" in texts(Chat().send(Unsupported("reaction")))


def test_a_location_outside_checkout_is_thanked_and_the_menu_shown() -> None:
    decision = Chat().send(LocationShared(Decimal(1), Decimal(2)))
    assert "геолокацию" in texts(decision)
    assert decision.next_state is ChatState.MENU


def test_a_stale_or_foreign_button_shows_the_menu() -> None:
    decision = Chat().send(TemplateButton("REORDER:42"))
    assert "кнопка уже не работает" in texts(decision)
    assert decision.next_state is ChatState.MENU


def test_a_template_quick_reply_with_our_id_acts_like_the_button() -> None:
    chat = Chat(cart=Cart((line("KET1"),)))
    decision = chat.send(TemplateButton("cart"))
    assert decision.next_state is ChatState.CART
    assert "Итого: 2\u00a0490,00\u00a0₽" in texts(decision)


def test_menu_resets_a_half_done_checkout_but_keeps_the_cart_and_consent() -> None:
    chat = Chat(
        state=ChatState.CHECKOUT_CONTACT,
        cart=Cart((line("KET1"),)),
        context=Context(delivery="courier", address="ул. Ленина, 1", consent_asked=True),
    )
    decision = chat.send("меню")
    assert decision.cart_ops == ()
    assert chat.context == Context(consent_asked=True)
    assert isinstance(decision.replies[0], ListMessage)
