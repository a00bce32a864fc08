"""A return end to end in real Chromium: the shopper asks on the sandbox chat page, a person
accepts it on the order page with a refund by lines, and the order is returned."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from aiohttp.test_utils import TestServer
from sqlmodel import select

from shop.orders import events
from shop.orders.payment_tables import PayRefund
from shop.orders.tables import ShopOrder
from shop.storage.db import Database
from tests.chat.chat import product, seed
from tests.chat.chat_page import ChatPage
from tests.chat.test_chat_page import WAIT, sandbox_shop
from tests.orders.conftest import shopper_acts
from tests.orders.test_order_list_browser import keep

__all__ = ["sandbox_shop"]
pytestmark = pytest.mark.browser


async def place_pay_and_hand_over(shop: TestServer, db: Database, chat: ChatPage) -> ShopOrder:
    await chat.to_checkout("Чай", "TEA1")
    for step in ("Самовывоз", "Тверская, 7", "На номер WhatsApp", "Подтвердить"):
        await chat.tap(step)
    await chat.page.locator("a.cta").last.wait_for()
    async with db.sessions() as session:
        order = (await session.exec(select(ShopOrder))).one()
    async with httpx.AsyncClient(base_url=str(shop.make_url("/"))) as client:
        pay = await client.post(f"/o/{order.token}/pay")
        await shopper_acts(pay.headers["location"], "pay")
        await client.get(f"/o/{order.token}?from=pay")
        for status in ("confirmed", "ready_for_pickup", "delivered"):
            moved = await client.post(f"/api/orders/{order.id}/status", json={"status": status})
            assert moved.status_code == 200, moved.text
    return order


async def test_a_shopper_asks_for_a_return_and_the_shop_accepts_it_with_a_refund(
    sandbox_shop: TestServer, db: Database, browser: Any, tmp_path: Path
) -> None:
    await seed(db, product("TEA1", "Чай чёрный", "299.00", "Чай"))
    phone = await browser.new_page(viewport={"width": 420, "height": 900})
    phone.set_default_timeout(WAIT)
    await phone.goto(str(sandbox_shop.make_url("/sandbox/chat")))
    chat = ChatPage(phone)
    order = await place_pay_and_hand_over(sandbox_shop, db, chat)

    await chat.say("меню")
    await chat.tap("Мои заказы")
    await chat.tap("Вернуть товар")
    await chat.tap(order.number or "")
    await chat.tap("Брак или повреждение")
    await phone.get_by_text("Просьбу о возврате по заказу").last.wait_for()
    await keep(phone, tmp_path, "return-chat.png")
    await phone.close()

    for width in (390, 1280):
        desk = await browser.new_page(viewport={"width": width, "height": 900})
        desk.set_default_timeout(WAIT)
        await desk.goto(str(sandbox_shop.make_url(f"/admin/orders/{order.id}")))
        assert await desk.text_content("#order-status") == "Запрошен возврат"
        reason = await desk.text_content("#return-reason")
        assert reason is not None
        assert "Брак или повреждение" in reason
        assert await desk.evaluate("document.documentElement.scrollWidth") <= width
        await keep(desk, tmp_path, f"order-return-{width}.png")
        if width == 390:
            await desk.close()
    await desk.fill('input[name="qty:TEA1"]', "1")
    async with desk.expect_navigation():
        await desk.click("#refund")
    assert await desk.text_content("#refund-amount") == "299,00\u00a0₽"
    await keep(desk, tmp_path, "order-return-confirm.png")
    async with desk.expect_navigation():
        await desk.click("#confirm-refund")
    assert await desk.text_content("#order-status") == "Возвращён"
    await keep(desk, tmp_path, "order-returned.png")
    await desk.close()

    async with db.sessions() as session:
        refunds = (await session.exec(select(PayRefund))).all()
        history = await events.history(session, order.id or 0)
    assert [(r.status, r.amount_minor) for r in refunds] == [("succeeded", 29900)]
    assert [e.to_status for e in history][-2:] == ["return_requested", "returned"]
    assert history[-1].actor_kind == "staff"
