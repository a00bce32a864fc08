"""A promo code from the chat to the books: the shopper types it at the summary, the order
keeps the discount, YooKassa is asked for the discounted amount with a receipt whose lines
sum to it, and the reconciliation shows the discount."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from decimal import Decimal

from sqlmodel import select

from payments.reconcile import MOSCOW, Period
from payments.reconcile_render import report_dict
from shop.accounting.reconciliation import build_report
from shop.clock import FrozenClock
from shop.orders.payment_tables import PayAttempt
from shop.orders.payments import OrderPayments, PayConfig
from shop.orders.tables import ShopOrder
from shop.promo import manage
from shop.storage.db import Database
from tests.chat.chat import Shopper, product, seed, texts
from tests.chat.conftest import clock, start_shopper
from tests.chat.test_chat_turns import cart_message
from tests.fakes import FakeYooKassa

__all__ = ["clock", "start_shopper"]


async def test_a_code_typed_at_the_summary_is_charged_receipted_and_reconciled(
    start_shopper: Callable[[], Awaitable[Shopper]], db: Database, clock: FrozenClock
) -> None:
    shopper = await start_shopper()
    await seed(db, product("TEA1", "Чай чёрный", "299.00", "Чай"))
    doc = manage.validated({"code": "CHAI15", "kind": "percent", "percent": 15, "min_total": "500"})
    async with db.transaction() as session:
        await manage.create(session, doc, clock.now())
    await shopper.text("меню")
    replies = await shopper.tap(await shopper.send(cart_message(("TEA1", 3, 299))), "Оформить")
    replies = await shopper.tap(replies, "Самовывоз")
    replies = await shopper.tap(replies, "Тверская, 7")
    replies = await shopper.tap(replies, "На номер WhatsApp")
    assert "Есть промокод? Отправьте его сообщением." in "\n".join(texts(replies))

    replies = await shopper.text("chai 15")  # typed with a space, in lower case
    said = "\n".join(texts(replies))
    assert "Промокод CHAI15 применён: скидка 134,55\u00a0₽." in said  # 15 % of 897,00
    assert "762,45\u00a0₽" in said
    await shopper.tap(replies, "Подтвердить")
    async with db.sessions() as session:
        [order] = (await session.exec(select(ShopOrder))).all()
    assert (order.goods_minor, order.discount_minor, order.total_minor) == (89700, 13455, 76245)
    shopper_page = await (await shopper.rig.client.get(f"/o/{order.token}")).text()
    assert "Скидка по промокоду" in shopper_page
    assert "−134,55 ₽" in shopper_page
    merchant_page = await (await shopper.rig.client.get(f"/admin/orders/{order.id}")).text()
    assert 'id="discount"' in merchant_page
    assert "−134,55 ₽" in merchant_page

    yookassa = FakeYooKassa()
    payments = OrderPayments(
        db=db,
        gateway=yookassa,
        clock=clock,
        config=PayConfig(public_base_url="https://shop.example"),
    )
    assert await payments.link_for(order.token)
    [payment] = yookassa.books.payments.values()
    assert payment["amount"]["value"] == "762.45"  # the fake also checks the receipt's sum
    async with db.sessions() as session:
        [attempt] = (await session.exec(select(PayAttempt))).all()
    items = json.loads(attempt.receipt_json or "{}")["items"]
    total = sum(Decimal(i["amount"]["value"]) * Decimal(i["quantity"]) for i in items)
    assert total == Decimal("762.45")
    assert {i["amount"]["value"] for i in items} == {"254.15"}  # 762,45 / 3 exactly

    yookassa.pay(payment["id"])
    await payments.observe(payment["id"])
    day = clock.now().astimezone(MOSCOW).date()
    report = report_dict(await build_report(db, yookassa, Period(day, day), as_of=clock.now()))
    assert report["totals"]["discounts"] == "134.55"
    assert report["totals"]["payments_gross"] == "762.45"
