"""A shopper who writes English through the sandbox: offered English once, switches, shops in
English to the order link, and switches back from the menu; the choice is kept on the chat."""

from __future__ import annotations

from sqlmodel import col, select

from shop.chat.tables import ShopChat
from shop.storage.db import Database
from tests.chat.chat import SHOPPER, Shopper, product, seed, texts, titles
from tests.chat.test_chat_turns import cart_message


async def locale(db: Database) -> str:
    async with db.sessions() as session:
        query = select(ShopChat.locale).where(col(ShopChat.wa_id) == SHOPPER)
        return (await session.exec(query)).one()


async def test_an_english_writer_is_offered_english_and_keeps_it(
    shopper: Shopper, db: Database
) -> None:
    await seed(db, product("TEA1", "Green tea", "1299.00", "Tea", quantity=10))
    first = await shopper.text("Hello! Do you have green tea?")
    said = "\n".join(texts(first))
    assert "Здравствуйте!" in said  # not switched by itself
    assert "It looks like you write in English. Shall we continue in English?" in said
    assert {"English", "Русский"} <= set(titles(first))
    assert await locale(db) == "ru"

    switched = await shopper.tap(first, "English")
    assert "Sure, let us continue in English." in "\n".join(texts(switched))
    assert {"Catalog", "Search", "Cart", "My orders", "Русский"} <= set(titles(switched))
    assert await locale(db) == "en"

    again = await shopper.text("where is my order please")
    assert "It looks like you write in English" not in "\n".join(texts(again))

    cart = await shopper.send(cart_message(("TEA1", 2, 1299)))
    said = "\n".join(texts(cart))
    assert "I got your cart." in said
    assert "Total: RUB\u00a02,598.00" in said
    delivery = await shopper.tap(cart, "Check out")
    said = "\n".join(texts(delivery))
    assert "How should we deliver the order?" in said
    # The sandbox's demo options are the shop's own texts: in the chat's language.
    assert "• Courier — RUB\u00a0300.00" in said
    assert "• Pickup — free" in said
    assert "Курьер" not in said
    address = await shopper.tap(delivery, "Courier")
    assert "Type the delivery address" in "\n".join(texts(address))
    contact = await shopper.text("Moscow, Tverskaya street 1, flat 5")
    assert "Where should we send the receipt?" in "\n".join(texts(contact))
    summary = await shopper.tap(contact, "To WhatsApp number")
    placed = await shopper.tap(summary, "Confirm")
    assert any(t.startswith("Order A-") and "awaits payment" in t for t in texts(placed))

    stopped = await shopper.text("STOP")
    assert "You have unsubscribed from promotions." in "\n".join(texts(stopped))

    menu = await shopper.text("menu")
    back = await shopper.tap(menu, "Русский")
    assert "Хорошо, продолжаем на русском." in "\n".join(texts(back))
    assert "Каталог" in titles(back)
    assert await locale(db) == "ru"
