"""Delivery saved through `PUT /api/settings/delivery` is what the next checkout offers, in a
process that was already running when it was saved (no restart, no cache to clear)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlmodel import select

from shop.orders.tables import ShopOrder
from shop.storage.db import Database
from tests.chat.chat import Shopper, product, seed, texts, titles
from tests.chat.test_chat_turns import cart_message

DELIVERY = {
    "options": [
        {"kind": "courier", "title": "Курьер до двери", "price": "350.00", "free_from": "5000"},
        {
            "kind": "pickup",
            "title": "У метро",
            "price": "99",
            "points": [
                {
                    "title": "Павильон 12",
                    "address": "Москва, Страстной бульвар, 4",
                    "lat": "55.7652",
                    "lon": "37.6057",
                    "hours": "09:00–22:00",
                }
            ],
        },
    ]
}


async def test_the_next_checkout_in_another_process_offers_what_was_saved(
    start_shopper: Callable[[], Awaitable[Shopper]], db: Database
) -> None:
    await seed(db, product("TEA1", "Чай чёрный", "299.00", "Чай"))
    shopper = await start_shopper()  # running before the change
    merchant = await start_shopper()  # another process, where the merchant saves
    await shopper.text("меню")
    before = await shopper.tap(await shopper.send(cart_message(("TEA1", 1, 299))), "Оформить")
    assert "Самовывоз" in titles(before)  # the sandbox's demo

    saved = await merchant.rig.client.put("/api/settings/delivery", json=DELIVERY)
    assert saved.status == 200

    # The demo's button, tapped after the change, finds its option gone: the new ones instead.
    replies = await shopper.tap(before, "Самовывоз")
    assert titles(replies)[:2] == ["Курьер до двери", "У метро"]
    assert "• Курьер до двери — 350,00\u00a0₽" in "\n".join(texts(replies))
    replies = await shopper.tap(replies, "У метро")  # one point: its pin at once
    for step in ("На номер WhatsApp", "Подтвердить"):
        replies = await shopper.tap(replies, step)
    async with db.sessions() as session:
        [order] = (await session.exec(select(ShopOrder))).all()
    assert (order.delivery_title, order.delivery_minor, order.total_minor) == (
        "У метро",
        9900,
        29900 + 9900,
    )
