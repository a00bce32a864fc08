"""The languages settings in the chat: a new chat starts in the default language, and with
English not offered the chat speaks Russian only (no menu row, no offer), from the next
message of a process that was already running."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlmodel import select

from shop.orders.tables import ShopOrder
from shop.storage.db import Database
from tests.chat.chat import Shopper, product, seed, texts, titles
from tests.chat.test_chat_turns import cart_message


async def test_new_chats_start_in_the_default_language(
    start_shopper: Callable[[], Awaitable[Shopper]],
) -> None:
    shopper = await start_shopper()
    saved = await shopper.rig.client.put(
        "/api/settings/languages",
        json={"currency": "RUB", "english_offered": True, "default_language": "en"},
    )
    assert saved.status == 200, await saved.text()
    replies = await shopper.text("Здравствуйте")
    assert "Catalog" in titles(replies)
    assert "Русский" in titles(replies)  # the way back to Russian is offered


async def test_without_english_the_chat_speaks_russian_only(
    start_shopper: Callable[[], Awaitable[Shopper]],
) -> None:
    shopper = await start_shopper()
    replies = await shopper.text("hello")
    replies = await shopper.tap(replies, "English")
    assert "Catalog" in titles(replies)
    merchant = await start_shopper()  # another process, where the merchant saves
    saved = await merchant.rig.client.put(
        "/api/settings/languages",
        json={"currency": "RUB", "english_offered": False, "default_language": "ru"},
    )
    assert saved.status == 200, await saved.text()
    replies = await shopper.text("menu please, I want to see the catalog")
    assert "Каталог" in titles(replies)
    assert "English" not in titles(replies)
    assert not any("English" in text for text in texts(replies))


async def test_a_shop_in_another_currency_checks_out_and_quotes_codes_in_it(
    start_shopper: Callable[[], Awaitable[Shopper]], db: Database
) -> None:
    shopper = await start_shopper()
    saved = await shopper.rig.client.put(
        "/api/settings/languages",
        json={"currency": "KZT", "english_offered": True, "default_language": "ru"},
    )
    assert saved.status == 200, await saved.text()
    tea = product("TEA1", "Чай чёрный", "1500.00", "Чай")
    tea.price_currency = "KZT"
    await seed(db, tea)
    await shopper.text("меню")
    message = cart_message(("TEA1", 1, 1500))
    message["order"]["product_items"][0]["currency"] = "KZT"
    replies = await shopper.tap(await shopper.send(message), "Оформить")
    replies = await shopper.tap(replies, "Самовывоз")
    replies = await shopper.tap(replies, "Тверская, 7")
    replies = await shopper.tap(replies, "На номер WhatsApp")
    assert "К оплате: 1\u00a0500,00\u00a0KZT" in "\n".join(texts(replies))
    replies = await shopper.text("НЕТТАКОГО")  # a code typed at the summary is quoted in KZT
    assert replies, "the chat answers a code"
    await shopper.tap(replies, "Подтвердить")
    async with db.sessions() as session:
        [order] = (await session.exec(select(ShopOrder))).all()
    assert (order.currency, order.goods_minor) == ("KZT", 150000)
