"""The languages settings in the chat: a new chat starts in the default language, and with
English not offered the chat speaks Russian only (no menu row, no offer), from the next
message of a process that was already running."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from tests.chat.chat import Shopper, texts, titles


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
