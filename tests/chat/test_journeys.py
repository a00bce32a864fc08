"""More whole conversations through the sandbox: the bot's own cart edits, a question about a
product, a restart in the middle of checkout, consent after the first order, and long lists
paged within Meta's limits (the sandbox refuses any message Meta would refuse)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlmodel import col, select

from shop.chat.tables import ShopCartLine
from shop.consent.tables import ConsentRecord
from shop.orders.model import OrderStatus
from shop.orders.tables import ShopOrder
from shop.storage.db import Database
from tests.chat.chat import Shopper, product, seed, texts, titles
from tests.chat.test_chat_turns import CATALOG, cart_message


async def cart_lines(db: Database) -> list[tuple[str, int]]:
    async with db.sessions() as session:
        query = select(ShopCartLine).order_by(col(ShopCartLine.retailer_id))
        return [(ln.retailer_id, ln.quantity) for ln in (await session.exec(query)).all()]


def about(retailer_id: str, question: str) -> dict[str, Any]:
    """A text the shopper typed as a reply to one of our product messages."""
    return {
        "type": "text",
        "text": {"body": question},
        "context": {
            "from": "79000000000",
            "id": "wamid.OURS",
            "referred_product": {"catalog_id": CATALOG, "product_retailer_id": retailer_id},
        },
    }


def interactive_kinds(replies: list[dict[str, Any]]) -> list[str]:
    return [r.get("interactive", {}).get("type") or r["type"] for r in replies]


async def test_a_reply_to_a_product_offers_it_and_its_button_adds_it(
    shopper: Shopper, db: Database
) -> None:
    # A question replying to a product goes to a person (tests/desk/test_product_question.py).
    await seed(db, product("KET1", "Чайник стальной", "1500.00", "Посуда", quantity=5))
    await shopper.text("меню")
    replies = await shopper.send(about("KET1", "Хочу такой"))
    said = "\n".join(texts(replies))
    assert "«Чайник стальной»" in said
    assert "1\u00a0500,00\u00a0₽" in said
    replies = await shopper.tap(replies, "В корзину")
    assert "Добавил «Чайник стальной» (в корзине 1 шт.)" in "\n".join(texts(replies))
    assert await cart_lines(db) == [("KET1", 1)]


async def test_the_bots_own_edits_change_remove_and_clear_lines(
    shopper: Shopper, db: Database
) -> None:
    await seed(
        db,
        product("TEA1", "Чай чёрный", "299.00", "Чай", quantity=4),
        product("POT1", "Чайник", "1500.00", "Посуда"),
    )
    await shopper.text("меню")
    replies = await shopper.send(cart_message(("TEA1", 1, 299), ("POT1", 1, 1500)))
    replies = await shopper.tap(replies, "Изменить")
    assert {"Чай чёрный", "Чайник", "Очистить корзину"} <= set(titles(replies))
    replies = await shopper.tap(replies, "Чай чёрный")
    replies = await shopper.tap(replies, "+1")
    assert await cart_lines(db) == [("POT1", 1), ("TEA1", 2)]
    replies = await shopper.tap(await shopper.tap(replies, "Изменить"), "Чай чёрный")
    replies = await shopper.text("9")  # a typed quantity, capped by the stock of 4
    said = "\n".join(texts(replies))
    assert "осталось только 4 шт." in said
    assert "4 × 299,00\u00a0₽" in said
    assert await cart_lines(db) == [("POT1", 1), ("TEA1", 4)]
    replies = await shopper.tap(await shopper.tap(replies, "Изменить"), "Чайник")
    replies = await shopper.tap(replies, "Убрать")
    assert "Убрал из корзины «Чайник»" in "\n".join(texts(replies))
    assert await cart_lines(db) == [("TEA1", 4)]
    replies = await shopper.tap(await shopper.tap(replies, "Изменить"), "Очистить корзину")
    assert "Корзина очищена" in "\n".join(texts(replies))
    assert await cart_lines(db) == []


async def test_checkout_goes_on_after_a_restart_in_its_middle(
    start_shopper: Callable[[], Awaitable[Shopper]], db: Database
) -> None:
    await seed(db, product("TEA1", "Чай чёрный", "299.00", "Чай"))
    first = await start_shopper()
    await first.text("меню")
    replies = await first.send(cart_message(("TEA1", 3, 299)))
    replies = await first.tap(await first.tap(replies, "Оформить"), "Курьер")
    assert "Напишите адрес доставки" in "\n".join(texts(replies))
    await first.rig.client.close()  # the service stops while the shopper is typing the address

    again = await start_shopper()
    replies = await again.text("Казань, Баумана, 12")
    replies = await again.tap(replies, "На номер WhatsApp")
    assert "Казань, Баумана, 12" in "\n".join(texts(replies))
    await again.tap(replies, "Подтвердить")
    async with db.sessions() as session:
        [order] = (await session.exec(select(ShopOrder))).all()
    assert (order.status, order.address, order.delivery_kind) == (
        OrderStatus.AWAITING_PAYMENT,
        "Казань, Баумана, 12",
        "courier",
    )


async def test_consent_is_asked_once_after_the_first_order_and_stored_with_its_source(
    shopper: Shopper, db: Database
) -> None:
    await seed(db, product("TEA1", "Чай чёрный", "299.00", "Чай"))
    await shopper.text("меню")

    async def buy() -> list[dict[str, Any]]:
        replies = await shopper.send(cart_message(("TEA1", 1, 299)))
        for step in ("Оформить", "Самовывоз", "Тверская, 7", "На номер WhatsApp", "Подтвердить"):
            replies = await shopper.tap(replies, step)
        return replies

    first = await buy()
    assert "Да, присылайте" in titles(first)
    await shopper.tap(first, "Да, присылайте")
    second = await buy()
    assert "Да, присылайте" not in titles(second)  # asked once, not after every order
    async with db.sessions() as session:
        records = (await session.exec(select(ConsentRecord))).all()
    assert [(r.shopper, r.purpose, r.kind, r.note) for r in records] == [
        (shopper.wa_id, "marketing", "granted", "after_order")
    ]
    assert records[0].occurred_at.tzinfo is not None


async def test_long_category_and_product_lists_page_within_metas_limits(
    shopper: Shopper, db: Database
) -> None:
    many = [product(f"C{i:02}", f"Товар {i}", "100.00", f"Категория {i:02}") for i in range(12)]
    shelf = [product(f"S{i:02}", f"Свеча {i}", "250.00", "Свечи") for i in range(35)]
    await seed(db, *many, *shelf)
    categories = await shopper.tap(await shopper.text("меню"), "Каталог")
    first_page = titles(categories)
    assert len(first_page) == 10
    assert first_page[-1] == "Дальше →"
    second_page = titles(await shopper.tap(categories, "Дальше →"))
    assert second_page[-1] == "← В начало"
    shown = set(first_page[:-1]) | set(second_page[:-1])
    assert shown == {f"Категория {i:02}" for i in range(12)} | {"Свечи"}

    candles = await shopper.tap(await shopper.tap(categories, "Дальше →"), "Свечи")
    assert interactive_kinds(candles).count("product_list") == 1
    more = await shopper.tap(candles, "Ещё товары")
    listed = [
        item["product_retailer_id"]
        for reply in candles + more
        if reply.get("interactive", {}).get("type") == "product_list"
        for section in reply["interactive"]["action"]["sections"]
        for item in section["product_items"]
    ]
    assert sorted(listed) == [f"S{i:02}" for i in range(35)]  # 30 then 5, none twice
    stats = await shopper.rig.control("GET", "stats")
    assert stats["refused"] == {}
    assert stats["accepted"] > 0


async def test_a_courier_address_sent_as_a_location_reaches_the_order(
    shopper: Shopper, db: Database
) -> None:
    await seed(db, product("TEA1", "Чай чёрный", "299.00", "Чай"))
    await shopper.text("меню")
    replies = await shopper.send(cart_message(("TEA1", 1, 299)))
    await shopper.tap(await shopper.tap(replies, "Оформить"), "Курьер")
    pin = {"latitude": 55.7601, "longitude": 37.6187, "name": "Офис", "address": "Тверская, 1"}
    replies = await shopper.send({"type": "location", "location": pin})
    replies = await shopper.tap(replies, "На номер WhatsApp")
    assert "Офис, Тверская, 1" in "\n".join(texts(replies))
    await shopper.tap(replies, "Подтвердить")
    async with db.sessions() as session:
        [order] = (await session.exec(select(ShopOrder))).all()
    assert (order.delivery_kind, order.address) == ("courier", "Офис, Тверская, 1")
    assert (order.latitude, order.longitude) == ("55.7601", "37.6187")
