"""«О магазине» in the chat: the saved profile under the logo (an image message with a caption,
accepted by the sandbox's Cloud API checks), a text without a logo, and a polite line before
the merchant saved one."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from shop.chat import ids
from shop.chat.decision import ShowShop
from shop.shop_profile.card import card_messages
from shop.shop_profile.model import ShopProfile
from shop.whatsapp.messages import CAPTION, ImageMessage, TextMessage
from tests.chat.chat import Shopper, texts
from tests.chat.helpers import Chat, pick

PROFILE = {
    "name": "Лавка Вари",
    "legal_name": "ИП Иванова В. П.",
    "inn": "500100732259",
    "phone": "+7 900 123-45-67",
    "hours": "пн–пт 10:00–19:00",
    "logo_url": "https://shop.example/logo.png",
}


async def test_about_the_shop_shows_the_logo_with_the_profile_as_its_caption(
    start_shopper: Callable[[], Awaitable[Shopper]],
) -> None:
    shopper = await start_shopper()
    replies = await shopper.tap(await shopper.text("меню"), "О магазине")
    assert "ещё не рассказал о себе" in texts(replies)[0]
    saved = await shopper.rig.client.put("/api/settings/shop", json=PROFILE)
    assert saved.status == 200, await saved.text()
    replies = await shopper.tap(await shopper.text("меню"), "О магазине")
    [image] = [r for r in replies if r.get("type") == "image"]
    assert image["image"]["link"] == "https://shop.example/logo.png"
    caption = image["image"]["caption"]
    assert caption.splitlines()[0] == "Лавка Вари"
    assert "Часы работы: пн–пт 10:00–19:00" in caption
    assert "Телефон: +79001234567" in caption
    assert "Продавец: ИП Иванова В. П., ИНН 500100732259" in caption


def test_without_a_logo_or_with_a_long_profile_the_card_is_a_text() -> None:
    plain = ShopProfile(name="Лавка", hours="круглосуточно")
    [text] = card_messages(plain, "en")
    assert isinstance(text, TextMessage)
    assert text.body == "Лавка\nOpening hours: круглосуточно"
    long = ShopProfile(name="Лавка", address="д" * 300, logo_url="https://a.ru/l.png")
    assert isinstance(card_messages(long, "ru")[0], ImageMessage)
    longer = long.model_copy(update={"hours": "ч" * CAPTION})
    assert isinstance(card_messages(longer, "ru")[0], TextMessage)  # no caption beyond 1024


def test_the_menu_row_asks_the_caller_for_the_profile() -> None:
    decision = Chat().send(pick(ids.AboutShop()))
    assert decision.effects == (ShowShop(),)
    assert decision.replies == ()
