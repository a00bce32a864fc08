"""The desk's settings where the chat uses them: the canned replies on a chat's page (the three
defaults until the merchant saves their own, then exactly the saved ones), and an FAQ answer
found by one of its other phrasings."""

from __future__ import annotations

from shop.chat.faq import Faq, FaqItem, answer_for, entries
from tests.chat.chat import Shopper
from tests.desk.desk import chat_of
from tests.desk.test_settings_pages import _post
from tests.whatsapp.rig import Rig


async def test_the_chat_page_offers_the_merchants_canned_replies_once_saved(
    rig: Rig, shopper: Shopper
) -> None:
    await shopper.text("привет")
    await shopper.text("оператор")
    chat, _ = await chat_of(rig)
    before = await (await rig.client.get(f"/admin/chats/{chat.id}")).text()
    assert "<option>Здравствуйте! Чем могу помочь?</option>" in before
    status, _ = await _post(rig.client, "/admin/settings/canned", {"replies": "Заказ уже в пути."})
    assert status == 200
    after = await (await rig.client.get(f"/admin/chats/{chat.id}")).text()
    assert "<option>Заказ уже в пути.</option>" in after
    assert "Здравствуйте! Чем могу помочь?" not in after


def test_an_faq_answer_is_found_by_one_of_its_other_phrasings() -> None:
    item = FaqItem(
        question="Сколько стоит доставка?", phrasings=["когда привезут заказ"], answer="300 ₽"
    )
    known = entries(Faq(items=[item]))
    assert answer_for(known, "Скажите, когда привезут мой заказ?") == "300 ₽"
    assert (
        answer_for(
            entries(Faq(items=[item.model_copy(update={"phrasings": []})])),
            "Скажите, когда привезут мой заказ?",
        )
        is None
    )
