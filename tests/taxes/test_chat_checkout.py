"""The chat's checkout under the tax settings: e-mail-only receipts ask for an address instead
of offering the phone, and an order paid on delivery is confirmed in the chat with no link."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from sqlmodel import select

from payments.reconcile import MOSCOW, Period
from payments.reconcile_render import report_dict
from shop.access.tables import AuditEvent
from shop.accounting.reconciliation import build_report
from shop.clock import FrozenClock
from shop.orders.payment_tables import PayAttempt
from shop.orders.tables import ShopOrder
from shop.storage.db import Database
from tests.chat.chat import Shopper, product, seed, texts, titles
from tests.chat.conftest import clock, start_shopper
from tests.chat.test_chat_turns import cart_message
from tests.fakes import FakeYooKassa

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


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match
    return match.group(1)


async def _confirmed_on_delivery(shopper: Shopper, db: Database) -> ShopOrder:
    replies = await _to_contact(shopper, db, pay_on_delivery=True)
    replies = await shopper.tap(replies, "На номер WhatsApp")
    replies = await shopper.tap(replies, "При получении")
    await shopper.tap(replies, "Подтвердить")
    return await _order(db)


async def _mark(shopper: Shopper, order_id: int | None) -> int:
    page = await (await shopper.rig.client.get("/admin/settings/taxes")).text()
    answer = await shopper.rig.client.post(
        f"/admin/orders/{order_id}/paid-on-delivery",
        data={"csrf": _csrf(page)},
        allow_redirects=False,
    )
    return answer.status


async def test_paid_on_delivery_end_to_end_marked_once_audited_and_reconciled_apart(
    start_shopper: Callable[[], Awaitable[Shopper]], db: Database, clock: FrozenClock
) -> None:
    shopper = await start_shopper()
    order = await _confirmed_on_delivery(shopper, db)
    assert [await _mark(shopper, order.id) for _ in range(2)] == [303, 303]  # a double click
    paid = await _order(db)
    assert paid.paid_at is not None
    assert paid.status == "confirmed"  # the money is noted; the order's steps are unchanged
    async with db.sessions() as session:
        events = (await session.exec(select(AuditEvent))).all()
    assert [(e.action, e.subject) for e in events] == [("order.paid_on_delivery", paid.number)]
    assert events[0].detail == "299,00\u00a0₽"
    day = clock.now().astimezone(MOSCOW).date()
    report = report_dict(
        await build_report(db, FakeYooKassa(), Period(day, day), as_of=clock.now())
    )
    assert [o["order_number"] for o in report["on_delivery"]] == [paid.number]
    assert report["totals"]["paid_on_delivery"] == "299.00"
    assert all(row["order_id"] != str(paid.id) for row in report["rows"])
    assert report["discrepancies"] == []  # not "paid with no payment at YooKassa"
    shopper_page = await (await shopper.rig.client.get(f"/o/{paid.token}")).text()
    assert "Оплата при получении — наличными или картой." in shopper_page
    assert 'id="pay"' not in shopper_page
    replies = await shopper.tap(await shopper.text("меню"), "Мои заказы")
    own = re.search(r"/a/([A-Za-z0-9_-]{32})", "\n".join(texts(replies)))
    assert own is not None
    own_page = await (await shopper.rig.client.get(f"/a/{own.group(1)}")).text()
    assert "Оплата при получении — наличными или картой." in own_page


async def test_the_order_page_offers_the_action_until_the_payment_is_noted(
    start_shopper: Callable[[], Awaitable[Shopper]], db: Database
) -> None:
    shopper = await start_shopper()
    order = await _confirmed_on_delivery(shopper, db)
    page = await (await shopper.rig.client.get(f"/admin/orders/{order.id}")).text()
    assert "Оплата при получении" in page
    assert 'id="cod-paid"' in page
    assert await _mark(shopper, order.id) == 303
    page = await (await shopper.rig.client.get(f"/admin/orders/{order.id}")).text()
    assert "Оплачен при получении" in page
    assert 'id="cod-paid"' not in page


async def test_an_online_order_cannot_be_marked_paid_on_delivery(
    start_shopper: Callable[[], Awaitable[Shopper]], db: Database
) -> None:
    shopper = await start_shopper()
    replies = await _to_contact(shopper, db)
    replies = await shopper.tap(replies, "На номер WhatsApp")
    await shopper.tap(replies, "Подтвердить")
    order = await _order(db)
    assert await _mark(shopper, order.id) == 409
    assert (await _order(db)).paid_at is None
