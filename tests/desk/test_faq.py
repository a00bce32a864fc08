"""The FAQ bot: the merchant's answers matched with the catalog's search terms, «Это помогло?»,
and a "no" that hands the chat to a person."""

from __future__ import annotations

from shop.chat.faq import Faq, FaqItem, answer_for, entries
from tests.chat.chat import Shopper, texts, titles
from tests.desk.desk import chat_of
from tests.whatsapp.rig import Rig

FAQ = {
    "items": [
        {"question": "Сколько стоит доставка?", "answer": "Доставка по Москве — 300 ₽."},
        {"question": "Как вернуть товар?", "answer": "Вернуть можно в течение 14 дней."},
        {"question": "Какой адрес магазина?", "answer": "Москва, Тверская, 7."},
        {"question": "Как оплатить заказ?", "answer": "Картой или СБП по ссылке на заказ."},
    ]
}


def test_a_question_matches_in_another_word_form_and_an_unrelated_text_does_not() -> None:
    known = entries(Faq(items=[FaqItem(**item) for item in FAQ["items"]]))
    assert answer_for(known, "а сколько стоит ваша доставку") == "Доставка по Москве — 300 ₽."
    assert answer_for(known, "подскажите адрес магазина") == "Москва, Тверская, 7."
    assert answer_for(known, "чайник электрический") is None


async def test_the_bot_answers_from_the_faq_and_asks_whether_it_helped(
    rig: Rig, shopper: Shopper
) -> None:
    assert (await rig.client.put("/api/settings/faq", json=FAQ)).status == 200
    await shopper.text("привет")
    replies = await shopper.text("Сколько у вас стоит доставка?")
    assert texts(replies) == ["Доставка по Москве — 300 ₽.", "Это помогло?"]
    assert titles(replies[-1:]) == ["Да", "Позвать человека"]
    glad = await shopper.tap(replies, "Да")
    assert texts(glad) == ["Отлично! Если появятся вопросы, просто напишите."]
    _, desk = await chat_of(rig)
    assert desk is None  # the bot closed it alone


async def test_a_no_hands_the_chat_to_a_person_in_the_right_group(
    rig: Rig, shopper: Shopper
) -> None:
    await rig.client.put("/api/settings/faq", json=FAQ)
    await shopper.text("привет")
    replies = await shopper.text("Как оплатить заказ?")
    assert texts(replies)[0] == "Картой или СБП по ссылке на заказ."
    await shopper.tap(replies, "Позвать человека")
    _, desk = await chat_of(rig)
    assert desk is not None
    assert (desk.state, desk.group_key) == ("waiting", "support")


async def test_a_bad_faq_is_refused_with_the_field(rig: Rig) -> None:
    bad = await rig.client.put(
        "/api/settings/faq", json={"items": [{"question": "?", "answer": ""}]}
    )
    assert bad.status == 400
    assert (await bad.json())["field"].startswith("items.0.")
    assert (await (await rig.client.get("/api/settings/faq")).json()) == {"items": []}
