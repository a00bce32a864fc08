"""Whole conversations through the sandbox: signed webhooks in, Graph requests out."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from sqlmodel import col, select

from catalog.tables import CatalogProduct
from shop.chat.tables import ShopChat
from shop.clock import FrozenClock
from shop.consent.tables import ConsentRecord
from shop.orders.model import OrderStatus
from shop.orders.tables import ShopOrder, ShopOrderLine
from shop.storage.db import Database
from tests.chat.chat import SHOPPER, Shopper, product, seed, texts, titles

CATALOG = "300000000000001"


def cart_message(*items: tuple[str, int, float]) -> dict[str, Any]:
    return {
        "type": "order",
        "order": {
            "catalog_id": CATALOG,
            "text": "",
            "product_items": [
                {"product_retailer_id": r, "quantity": q, "item_price": p, "currency": "RUB"}
                for r, q, p in items
            ],
        },
    }


async def stock(db: Database, retailer_id: str) -> int | None:
    async with db.sessions() as session:
        query = select(CatalogProduct.quantity).where(
            col(CatalogProduct.retailer_id) == retailer_id
        )
        return (await session.exec(query)).one()


async def orders(db: Database) -> list[ShopOrder]:
    async with db.sessions() as session:
        return list((await session.exec(select(ShopOrder).order_by(col(ShopOrder.id)))).all())


async def test_first_contact_gets_the_menu(shopper: Shopper) -> None:
    replies = await shopper.text("Здравствуйте")
    assert len(replies) == 1
    assert "Здравствуйте!" in texts(replies)[0]
    assert {"Каталог", "Поиск", "Корзина", "Мои заказы", "Позвать человека"} <= set(titles(replies))


async def test_browsing_categories_and_a_product_list(shopper: Shopper, db: Database) -> None:
    await seed(
        db,
        product("TEA1", "Чай чёрный", "299.00", "Чай"),
        product("TEA2", "Чай зелёный", "349.00", "Чай"),
        product("POT1", "Чайник", "1500.00", "Посуда"),
        product("GONE", "Кружка", "200.00", "Посуда", quantity=0),
    )
    menu = await shopper.text("меню")
    categories = await shopper.tap(menu, "Каталог")
    assert titles(categories) == ["Посуда", "Чай"]
    teas = await shopper.tap(categories, "Чай")
    product_lists = [r for r in teas if r.get("interactive", {}).get("type") == "product_list"]
    assert len(product_lists) == 1
    listed = product_lists[0]["interactive"]
    assert listed["header"]["type"] == "text"
    assert listed["action"]["catalog_id"] == CATALOG
    ids = [
        p["product_retailer_id"] for s in listed["action"]["sections"] for p in s["product_items"]
    ]
    assert sorted(ids) == ["TEA1", "TEA2"]


async def test_search_understands_russian_word_forms(shopper: Shopper, db: Database) -> None:
    await seed(db, product("POT1", "Чайник электрический", "1500.00", "Посуда"))
    await shopper.text("меню")
    replies = await shopper.text("чайники")
    kinds = [r.get("interactive", {}).get("type") or r["type"] for r in replies]
    assert "product_list" in kinds or "product" in kinds
    nothing = await shopper.text("телескоп")
    assert any("не нашёл" in t.lower() or "ничего" in t.lower() for t in texts(nothing))


async def test_a_sold_out_product_is_named_and_similar_ones_offered(
    shopper: Shopper, db: Database
) -> None:
    await seed(
        db,
        product("BLUE", "Кружка синяя", "350.00", "Кружки", quantity=0),
        product("RED", "Кружка красная", "350.00", "Кружки", quantity=4),
    )
    await shopper.text("меню")
    replies = await shopper.text("синяя кружка")
    said = "\n".join(texts(replies))
    assert "«Кружка синяя»: сейчас нет в наличии" in said
    assert "ничего не нашлось" not in said
    [listing] = [r for r in replies if r.get("interactive", {}).get("type") == "product_list"]
    sections = listing["interactive"]["action"]["sections"]
    assert [p["product_retailer_id"] for s in sections for p in s["product_items"]] == ["RED"]


async def test_native_cart_is_corrected_from_our_catalog(shopper: Shopper, db: Database) -> None:
    await seed(db, product("TEA1", "Чай чёрный", "299.00", "Чай", quantity=3))
    await shopper.text("меню")
    replies = await shopper.send(cart_message(("TEA1", 5, 250), ("GHOST", 1, 10)))
    said = "\n".join(texts(replies))
    assert "299,00\u00a0₽, а не 250,00\u00a0₽" in said
    assert "GHOST" in said
    assert "3 × 299,00\u00a0₽" in said  # only 3 in stock


async def test_courier_checkout_places_an_order_that_waits_for_payment(
    shopper: Shopper, db: Database
) -> None:
    await seed(db, product("TEA1", "Чай чёрный", "299.00", "Чай", quantity=10))
    await shopper.text("меню")
    replies = await shopper.send(cart_message(("TEA1", 2, 299)))
    replies = await shopper.tap(replies, "Оформить")
    replies = await shopper.tap(replies, "Курьер")
    replies = await shopper.text("Москва, Тверская, 1, кв. 5")
    replies = await shopper.tap(replies, "На номер WhatsApp")
    assert "К оплате: 898,00\u00a0₽" in "\n".join(texts(replies))
    replies = await shopper.tap(replies, "Подтвердить")
    [order] = await orders(db)
    assert order.status == OrderStatus.AWAITING_PAYMENT
    assert (order.total_minor, order.delivery_kind, order.address) == (
        89800,
        "courier",
        "Москва, Тверская, 1, кв. 5",
    )
    links = [r for r in replies if r.get("interactive", {}).get("type") == "cta_url"]
    assert len(links) == 1
    url = links[0]["interactive"]["action"]["parameters"]["url"]
    assert url.endswith(f"/o/{order.token}")
    assert f"Заказ {order.number}" in links[0]["interactive"]["body"]["text"]
    said = "\n".join(texts(replies))
    assert "карт" not in said.lower()  # no payment data in the chat, only the page link
    assert await stock(db, "TEA1") == 8


async def test_pickup_checkout_sends_the_point_as_a_location(
    shopper: Shopper, db: Database
) -> None:
    await seed(db, product("TEA1", "Чай чёрный", "299.00", "Чай"))
    await shopper.text("меню")
    replies = await shopper.send(cart_message(("TEA1", 1, 299)))
    replies = await shopper.tap(replies, "Оформить")
    replies = await shopper.tap(replies, "Самовывоз")
    replies = await shopper.tap(replies, "Тверская, 7")
    locations = [r for r in replies if r["type"] == "location"]
    assert len(locations) == 1
    assert locations[0]["location"]["name"] == "Тверская, 7"
    replies = await shopper.tap(replies, "На e-mail")
    replies = await shopper.text("anna@example.ru")
    replies = await shopper.tap(replies, "Подтвердить")
    [order] = await orders(db)
    assert (order.delivery_kind, order.pickup_point, order.contact_email) == (
        "pickup",
        "tverskaya",
        "anna@example.ru",
    )


async def test_the_cart_survives_a_restart_and_a_closed_window(
    start_shopper: Callable[[], Awaitable[Shopper]], clock: FrozenClock, db: Database
) -> None:
    await seed(db, product("TEA1", "Чай чёрный", "299.00", "Чай"))
    first = await start_shopper()
    await first.text("меню")
    await first.send(cart_message(("TEA1", 2, 299)))
    await first.rig.client.close()
    clock.advance(timedelta(hours=30))  # the shopper disappears past the 24-hour window
    again = await start_shopper()
    await again.rig.control("POST", "clock", {"advance_seconds": 30 * 3600})
    replies = await again.text("корзина")
    assert "2 × 299,00\u00a0₽" in "\n".join(texts(replies))


async def test_two_devices_at_once_lose_and_duplicate_nothing(
    shopper: Shopper, db: Database
) -> None:
    await seed(
        db,
        product("TEA1", "Чай чёрный", "299.00", "Чай"),
        product("POT1", "Чайник", "1500.00", "Посуда"),
    )
    await shopper.text("меню")
    await asyncio.gather(
        shopper.rig.control("POST", f"shoppers/{SHOPPER}/messages", cart_message(("TEA1", 1, 299))),
        shopper.rig.control(
            "POST", f"shoppers/{SHOPPER}/messages", cart_message(("POT1", 1, 1500))
        ),
    )
    replies = await shopper.settle()
    said = texts(replies)
    assert sum("Получил вашу корзину" in t for t in said) == 2
    async with shopper.rig.services.db.sessions() as session:
        chat = (await session.exec(select(ShopChat))).one()
    cart_text = "\n".join(texts(await shopper.text("корзина")))
    assert ("Чайник" in cart_text) != (
        "Чай чёрный" in cart_text
    )  # the later cart replaced the first
    assert chat.wa_id == SHOPPER


async def test_talking_to_a_person_pauses_the_bot_until_menu(shopper: Shopper) -> None:
    menu = await shopper.text("меню")
    replies = await shopper.tap(menu, "Позвать человека")
    assert replies
    assert await shopper.text("где мой заказ?") == []
    async with shopper.rig.services.db.sessions() as session:
        chat = (await session.exec(select(ShopChat))).one()
    assert chat.operator_requested_at is not None
    back = await shopper.text("меню")
    assert "Каталог" in titles(back)


async def test_stop_words_withdraw_consent_with_one_short_confirmation(shopper: Shopper) -> None:
    menu = await shopper.text("меню")
    await shopper.tap(menu, "Новости и скидки")
    replies = await shopper.text("СТОП!")
    assert len(replies) == 1
    assert "отписались" in texts(replies)[0]
    async with shopper.rig.services.db.sessions() as session:
        kinds = [
            r.kind
            for r in (
                await session.exec(select(ConsentRecord).order_by(col(ConsentRecord.id)))
            ).all()
        ]
    assert kinds[-1] == "withdrawn"


async def test_my_orders_lists_orders_with_their_page_links(shopper: Shopper, db: Database) -> None:
    await seed(db, product("TEA1", "Чай чёрный", "299.00", "Чай"))
    await shopper.text("меню")
    replies = await shopper.send(cart_message(("TEA1", 1, 299)))
    for step in ("Оформить", "Самовывоз", "Тверская, 7", "На номер WhatsApp", "Подтвердить"):
        replies = await shopper.tap(replies, step)
    [order] = await orders(db)
    menu = await shopper.text("меню")
    listed = "\n".join(texts(await shopper.tap(menu, "Мои заказы")))
    assert order.number is not None
    assert order.number in listed
    assert "ждёт оплаты" in listed
    assert f"/o/{order.token}" in listed
    async with db.sessions() as session:
        lines = (await session.exec(select(ShopOrderLine))).all()
    assert [(ln.retailer_id, ln.quantity) for ln in lines] == [("TEA1", 1)]
