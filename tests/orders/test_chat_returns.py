"""«Мои заказы» in the chat: the link to the shopper's own page, and «Вернуть товар» that
turns a received order into a return request with its reason; the page itself, /a/{token}."""

from __future__ import annotations

import re

from sqlmodel import col, select

from shop.orders import events
from shop.orders.tables import ShopOrder
from shop.storage.db import Database
from tests.chat.chat import Shopper, product, seed, texts, titles
from tests.chat.conftest import clock, rig, shopper
from tests.chat.test_chat_turns import cart_message
from tests.whatsapp.rig import Rig

__all__ = ["clock", "rig", "shopper"]


async def placed(shopper: Shopper, db: Database) -> ShopOrder:
    await seed(db, product("TEA1", "Чай чёрный", "299.00", "Чай"))
    await shopper.text("меню")
    replies = await shopper.send(cart_message(("TEA1", 1, 299)))
    for step in ("Оформить", "Самовывоз", "Тверская, 7", "На номер WhatsApp", "Подтвердить"):
        replies = await shopper.tap(replies, step)
    async with db.sessions() as session:
        return (await session.exec(select(ShopOrder))).one()


async def set_status(db: Database, order_id: int | None, status: str) -> None:
    async with db.transaction() as session:
        order = await session.get(ShopOrder, order_id)
        assert order is not None
        order.status = status


async def test_my_orders_gives_the_own_page_and_no_return_before_shipping(
    shopper: Shopper, db: Database, rig: Rig
) -> None:
    order = await placed(shopper, db)
    menu = await shopper.text("меню")
    replies = await shopper.tap(menu, "Мои заказы")
    listed = "\n".join(texts(replies))
    assert "Вернуть товар" not in titles(replies)
    found = re.search(r"/a/([A-Za-z0-9_-]{32})", listed)
    assert found is not None
    page = await rig.client.get(f"/a/{found.group(1)}")
    html = await page.text()
    assert page.status == 200
    assert order.number is not None
    assert order.number in html
    assert "Ждёт оплаты" in html
    assert "+7 *** ***-45-67" in html
    assert "79001234567" not in html
    assert page.headers["Cache-Control"] == "no-store"
    token = found.group(1)
    wrong_token = token[:-1] + ("y" if token[-1] != "y" else "z")
    wrong = await rig.client.get(f"/a/{wrong_token}")
    assert (wrong.status, await wrong.text()) == (404, "Not found")
    again = "\n".join(texts(await shopper.tap(await shopper.text("меню"), "Мои заказы")))
    assert f"/a/{found.group(1)}" in again  # one link per chat


async def test_a_received_order_is_returned_from_the_chat_with_a_reason(
    shopper: Shopper, db: Database
) -> None:
    order = await placed(shopper, db)
    await set_status(db, order.id, "delivered")
    replies = await shopper.tap(await shopper.text("меню"), "Мои заказы")
    replies = await shopper.tap(replies, "Вернуть товар")
    assert order.number is not None
    replies = await shopper.tap(replies, order.number)
    assert texts(replies) == [f"Почему вы хотите вернуть заказ {order.number}?"]
    replies = await shopper.tap(replies, "Брак или повреждение")
    assert texts(replies) == [
        f"Просьбу о возврате по заказу {order.number} получили. "
        "Сотрудник магазина свяжется с вами.",
        "Если есть фото товара, пришлите их сюда — мы приложим их к заявке.",
    ]
    async with db.sessions() as session:
        asked = await session.get(ShopOrder, order.id)
        history = await events.history(session, order.id or 0)
    assert asked is not None
    assert asked.status == "return_requested"
    assert [(e.from_status, e.to_status, e.actor_kind, e.reason) for e in history] == [
        ("delivered", "return_requested", "shopper", "Брак или повреждение")
    ]
    replies = await shopper.tap(await shopper.text("меню"), "Мои заказы")
    assert "Вернуть товар" not in titles(replies)  # asked once; nothing else to return


async def test_a_stale_return_row_is_refused_politely(shopper: Shopper, db: Database) -> None:
    order = await placed(shopper, db)
    await set_status(db, order.id, "shipped")
    replies = await shopper.tap(await shopper.text("меню"), "Мои заказы")
    replies = await shopper.tap(replies, "Вернуть товар")
    assert order.number is not None
    reasons = await shopper.tap(replies, order.number)
    await set_status(db, order.id, "returned")  # the shop finished it meanwhile
    answer = await shopper.tap(reasons, "Не подошёл размер")
    assert texts(answer) == [f"Вернуть заказ {order.number} сейчас нельзя: он возвращён."]
    async with db.sessions() as session:
        statuses = (
            await session.exec(select(ShopOrder.status).where(col(ShopOrder.id) == order.id))
        ).all()
    assert statuses == ["returned"]
