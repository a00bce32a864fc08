"""The chat's checkout under the tax settings: e-mail-only receipts ask for an address instead
of offering the phone, and an order paid on delivery is confirmed in the chat with no link."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlmodel import select

from shop.orders.payment_tables import PayAttempt
from shop.orders.tables import ShopOrder
from shop.storage.db import Database
from tests.chat.chat import Shopper, product, seed, texts, titles
from tests.chat.conftest import clock, start_shopper
from tests.chat.test_chat_turns import cart_message

__all__ = ["clock", "start_shopper"]

DEFAULTS: dict[str, Any] = {
    "tax_system_code": 2,
    "vat_code": 1,
    "delivery_vat_code": None,
    "payment_subject": "commodity",
    "payment_mode": "full_prepayment",
    "receipts": "register",
    "pay_on_delivery": False,
}


async def _to_contact(shopper: Shopper, db: Database, **taxes: Any) -> list[dict[str, Any]]:
    """Saves the tax settings, fills a cart and picks a pickup point: the contact step."""
    saved = await shopper.rig.client.put("/api/settings/taxes", json={**DEFAULTS, **taxes})
    assert saved.status == 200
    await seed(db, product("TEA1", "Чай чёрный", "299.00", "Чай"))
    await shopper.text("меню")
    replies = await shopper.tap(await shopper.send(cart_message(("TEA1", 1, 299))), "Оформить")
    replies = await shopper.tap(replies, "Самовывоз")
    return await shopper.tap(replies, "Тверская, 7")


async def _order(db: Database) -> ShopOrder:
    async with db.sessions() as session:
        [order] = (await session.exec(select(ShopOrder))).all()
    return order


async def test_yookassa_receipts_ask_for_an_email_politely_until_it_is_right(
    start_shopper: Callable[[], Awaitable[Shopper]], db: Database
) -> None:
    shopper = await start_shopper()
    replies = await _to_contact(shopper, db, receipts="yookassa")
    assert "Чек придёт на электронную почту" in "\n".join(texts(replies))
    assert "На номер WhatsApp" not in titles(replies)
    replies = await shopper.text("anna@mail")
    assert "опечатка" in "\n".join(texts(replies))
    assert titles(replies) == []  # no phone offered instead
    replies = await shopper.text("Anna@Mail.ru")
    assert "anna@mail.ru" in "\n".join(texts(replies))
    await shopper.tap(replies, "Подтвердить")
    order = await _order(db)
    assert (order.contact_email, order.status) == ("anna@mail.ru", "awaiting_payment")


async def test_own_register_receipts_still_offer_the_whatsapp_number(
    start_shopper: Callable[[], Awaitable[Shopper]], db: Database
) -> None:
    shopper = await start_shopper()
    replies = await _to_contact(shopper, db)
    assert "На номер WhatsApp" in titles(replies)
    replies = await shopper.tap(replies, "На номер WhatsApp")
    assert "Оплата:" not in "\n".join(texts(replies))  # paying on delivery is not offered
    await shopper.tap(replies, "Подтвердить")
    assert (await _order(db)).payment_method == "online"


async def test_an_order_paid_on_delivery_is_confirmed_in_the_chat_without_a_payment_link(
    start_shopper: Callable[[], Awaitable[Shopper]], db: Database
) -> None:
    shopper = await start_shopper()
    replies = await _to_contact(shopper, db, pay_on_delivery=True)
    replies = await shopper.tap(replies, "На номер WhatsApp")
    assert "Как вам удобнее оплатить заказ?" in texts(replies)
    replies = await shopper.text("потом")  # not a choice: asked again
    assert titles(replies) == ["Онлайн сейчас", "При получении"]
    replies = await shopper.tap(replies, "При получении")
    assert "Оплата: при получении, наличными или картой" in "\n".join(texts(replies))
    replies = await shopper.tap(replies, "Подтвердить")
    said = "\n".join(texts(replies))
    assert "подтверждён. Оплата при получении" in said
    order = await _order(db)
    assert (order.status, order.payment_method) == ("confirmed", "on_delivery")
    assert order.number is not None
    assert order.number in said
    async with db.sessions() as session:
        assert (await session.exec(select(PayAttempt))).all() == []
