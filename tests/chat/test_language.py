"""The chat's language: chosen from the menu or a typed word, offered once to English writers."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from shop.chat import ids
from shop.chat.decision import Decision, SetLocale
from shop.chat.language import written_in
from shop.chat.state import ChatState, Context
from shop.texts import Locale
from shop.whatsapp.messages import ListMessage, ReplyButtons

from .helpers import SETTINGS, Chat, buttons, pick, tap, texts

ENGLISH = replace(SETTINGS, locale="en")


def rows(decision: Decision) -> dict[str, str]:
    """Titles of the menu rows by their packed ids."""
    found: dict[str, str] = {}
    for reply in decision.replies:
        if isinstance(reply, ListMessage):
            found.update({r.id: r.title for s in reply.sections for r in s.rows})
    return found


def offers(decision: Decision) -> list[ReplyButtons]:
    """Replies offering English (a button to it beside one to stay)."""
    english = ids.pack(ids.Language("en"))
    return [
        r
        for r in decision.replies
        if isinstance(r, ReplyButtons) and english in {b.id for b in r.buttons}
    ]


def test_the_russian_menu_has_an_english_row_that_switches_the_chat() -> None:
    chat = Chat()
    menu = chat.send("меню")
    assert rows(menu)[ids.pack(ids.Language("en"), ids.ROW_ID_LIMIT)] == "English"
    decision = chat.send(pick(ids.Language("en")))
    assert decision.effects == (SetLocale("en"),)
    assert decision.next_state is ChatState.MENU
    assert "Sure, let us continue in English." in texts(decision)
    assert "Catalog" in rows(decision).values()
    assert rows(decision)[ids.pack(ids.Language("ru"), ids.ROW_ID_LIMIT)] == "Русский"


def test_an_english_chat_speaks_english_and_has_a_russian_row_back() -> None:
    chat = Chat(settings=ENGLISH)
    assert "Your cart is empty." in texts(chat.send(tap(ids.ViewCart())))
    decision = chat.send(pick(ids.Language("ru")))
    assert decision.effects == (SetLocale("ru"),)
    assert "Хорошо, продолжаем на русском." in texts(decision)
    assert "Каталог" in rows(decision).values()


@pytest.mark.parametrize(("typed", "locale"), [("English", "en"), ("по-английски", "en")])
def test_a_typed_language_word_switches_too(typed: str, locale: Locale) -> None:
    assert Chat().send(typed).effects == (SetLocale(locale),)


def test_choosing_the_current_language_changes_nothing_but_shows_the_menu() -> None:
    decision = Chat().send(tap(ids.Language("ru")))
    assert decision.effects == ()
    assert "Хорошо, продолжаем на русском." in texts(decision)


def test_an_unknown_language_id_keeps_the_chats_language() -> None:
    decision = Chat().send(tap(ids.Language("de")))
    assert decision.effects == ()
    assert "Каталог" in rows(decision).values()


def test_a_first_message_in_english_is_offered_english_once_not_forced() -> None:
    chat = Chat(state=ChatState.NEW)
    decision = chat.send("Hello, do you have mugs?")
    assert decision.effects == ()  # the chat stays Russian until the shopper taps
    assert "Здравствуйте" in texts(decision)
    [offer] = offers(decision)
    assert offer.body == "It looks like you write in English. Shall we continue in English?"
    assert [b.title for b in offer.buttons] == ["English", "Русский"]
    assert buttons(decision)[-2:] == [ids.Language("en"), ids.Language("ru")]
    assert chat.context.languages_offered == ("en",)
    again = chat.send("Where is my order please?")
    assert offers(again) == []


def test_declining_the_offer_keeps_russian_and_it_is_not_repeated() -> None:
    chat = Chat(state=ChatState.NEW)
    chat.send("hi")
    declined = chat.send(tap(ids.Language("ru")))
    assert declined.effects == ()
    assert offers(chat.send("I want to buy a kettle")) == []


def test_a_later_english_sentence_is_offered_english() -> None:
    chat = Chat()
    decision = chat.send("do you have any blue mugs?")
    assert len(offers(decision)) == 1


@pytest.mark.parametrize("text", ["Bosch", "The North Face", "iPhone 15 Pro", "cart", "KET1"])
def test_latin_product_names_are_not_taken_for_english(text: str) -> None:
    assert offers(Chat().send(text)) == []


def test_an_english_address_during_checkout_is_data_not_a_language() -> None:
    chat = Chat(state=ChatState.CHECKOUT_ADDRESS, context=Context(delivery="courier"))
    decision = chat.send("Flat 5, 1 Tverskaya street, Moscow, please ring the bell")
    assert offers(decision) == []


def test_while_a_person_is_called_no_offer_is_made() -> None:
    chat = Chat(state=ChatState.WAITING_OPERATOR)
    assert chat.send("hello, is anyone there?").replies == ()


def test_an_english_chat_writing_russian_is_offered_russian_once() -> None:
    chat = Chat(settings=ENGLISH)
    decision = chat.send("Покажите, пожалуйста, чайники")
    offer = decision.replies[-1]
    assert isinstance(offer, ReplyButtons)
    assert offer.body == "Похоже, вы пишете по-русски. Продолжим на русском?"
    assert buttons(decision)[-2:] == [ids.Language("ru"), ids.Language("en")]
    assert chat.context.languages_offered == ("ru",)


@pytest.mark.parametrize(
    ("text", "first", "found"),
    [
        ("Hi", True, "en"),
        ("Hi", False, None),
        ("I\u2019m here", True, "en"),
        ("hello, do you deliver?", False, "en"),
        ("I'm looking for a kettle", False, "en"),
        ("Bosch", True, None),
        ("Apple iPhone for kids", False, None),
        ("Привет", True, "ru"),
        ("чайник Bosch", False, None),
        ("нужен чайник", False, "ru"),
        ("", True, None),
        ("123", True, None),
    ],
)
def test_which_language_a_text_is_in(text: str, first: bool, found: str | None) -> None:
    assert written_in(text, first=first) == found


def test_the_offered_languages_survive_the_chats_stored_form() -> None:
    stored = json.loads(json.dumps(Context(languages_offered=("en",)).dump()))
    assert Context.load(stored).languages_offered == ("en",)
    assert Context.load({}).languages_offered == ()  # a chat stored by an older release
