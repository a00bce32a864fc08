"""A shopper's question about a product goes to a person who is told the product: a question
right after the product's own card, or replying to a product. A plain search still searches,
a plain reply to a product is still interest, and the FAQ still answers what it knows."""

from __future__ import annotations

from dataclasses import replace

import pytest

from shop.chat import ids
from shop.chat.decision import ProductAsked, RequestOperator
from shop.chat.faq import Faq, FaqItem, entries
from shop.chat.handover import is_question
from shop.chat.intents import Text
from shop.chat.state import ChatState

from .helpers import SETTINGS, Chat, buttons, pick, tap, texts

KETTLE = ProductAsked("KET1", "Чайник электрический Bosch")


def handed_over(decision: object) -> RequestOperator | None:
    effects = getattr(decision, "effects", ())
    return next((e for e in effects if isinstance(e, RequestOperator)), None)


@pytest.mark.parametrize(
    "text",
    ["А он тёплый?", "Есть 42 размер", "Какой объём", "сколько гарантия", "Можно примерить"],
)
def test_a_question_ends_with_a_mark_or_starts_with_a_question_word(text: str) -> None:
    assert is_question(text)


@pytest.mark.parametrize("text", ["чайник bosch", "кеды белые 42", "хочу такой", "", "?"])
def test_a_search_or_a_wish_is_no_question(text: str) -> None:
    assert not is_question(text)


def test_a_question_right_after_a_products_card_goes_to_a_person_naming_it() -> None:
    chat = Chat()
    chat.send(tap(ids.ShowProduct("KET1")))
    decision = chat.send("А какой у него объём?")
    assert handed_over(decision) == RequestOperator("product_question", KETTLE)
    assert decision.next_state is ChatState.WAITING_OPERATOR


def test_a_question_replying_to_a_product_goes_to_a_person_naming_it() -> None:
    decision = Chat().send(Text("А какой объём?", referred_product="KET1"))
    assert handed_over(decision) == RequestOperator("product_question", KETTLE)


def test_the_single_result_of_a_search_counts_as_viewing_it() -> None:
    chat = Chat()
    chat.send(pick(ids.StartSearch()))
    chat.send("bosch")
    assert chat.context.viewed == "KET1"
    assert handed_over(chat.send("Есть в белом цвете?")) == RequestOperator(
        "product_question", KETTLE
    )


def test_only_the_turn_right_after_the_card_counts() -> None:
    chat = Chat()
    chat.send(tap(ids.ShowProduct("KET1")))
    chat.send(tap(ids.ViewCart()))
    assert chat.context.viewed is None
    decision = chat.send("Какой объём?")
    assert handed_over(decision) is None


def test_a_plain_search_after_a_card_still_searches() -> None:
    chat = Chat()
    chat.send(tap(ids.ShowProduct("KET1")))
    decision = chat.send("чайник")
    assert handed_over(decision) is None
    assert decision.next_state is ChatState.SEARCHING
    assert decision.context.query == "чайник"


def test_a_plain_reply_to_a_product_is_still_interest_with_a_person_one_tap_away() -> None:
    decision = Chat().send(Text("Хочу такой", referred_product="KET1"))
    assert handed_over(decision) is None
    assert buttons(decision)[:2] == [ids.Add("KET1"), ids.Operator()]


def test_a_menu_word_or_a_command_with_a_mark_stays_what_it_is() -> None:
    for word in ("меню?", "корзина?"):
        chat = Chat()
        chat.send(tap(ids.ShowProduct("KET1")))
        assert handed_over(chat.send(word)) is None


def test_the_faq_answers_a_product_question_it_knows() -> None:
    faq = Faq(items=[FaqItem(question="Какая гарантия?", answer="Гарантия 1 год.")])
    chat = Chat(settings=replace(SETTINGS, faq=entries(faq)))
    chat.send(tap(ids.ShowProduct("KET1")))
    decision = chat.send("Какая гарантия?")
    assert handed_over(decision) is None
    assert "Гарантия 1 год." in texts(decision)


def test_a_question_about_a_sold_out_product_is_answered_with_similar_ones() -> None:
    decision = Chat().send(Text("Когда будет?", referred_product="GONE"))
    assert handed_over(decision) is None
    assert "нет в наличии" in texts(decision)


def test_inside_checkout_a_question_is_the_steps_answer() -> None:
    chat = Chat(state=ChatState.CHECKOUT_ADDRESS)
    decision = chat.send(Text("Можно к подъезду?", referred_product="KET1"))
    assert handed_over(decision) is None
