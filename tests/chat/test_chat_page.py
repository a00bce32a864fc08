"""A person shops end to end on the sandbox chat page, in real Chromium."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from sqlmodel import select

from shop.orders.model import OrderStatus
from shop.orders.tables import ShopOrder
from shop.sandbox_mode import with_sandbox_endpoints
from shop.settings import load_settings
from shop.storage.db import Database
from shop.web.app import create_app
from tests.chat.chat import product, seed
from tests.chat.chat_page import ChatPage

WAIT = 20_000  # ms: replies go through webhooks, the inbox, the outbox and the Graph fake


@pytest.fixture
async def sandbox_shop(aiohttp_server: Any, unused_tcp_port: int, database_url: str) -> TestServer:
    base = f"http://127.0.0.1:{unused_tcp_port}"
    settings = with_sandbox_endpoints(load_settings(database_url=database_url), base)
    server: TestServer = await aiohttp_server(create_app(settings), port=unused_tcp_port)
    return server


@pytest.mark.browser
async def test_a_person_finds_a_product_builds_a_cart_and_places_an_order(
    sandbox_shop: TestServer, db: Database, browser: Any, tmp_path: Path
) -> None:
    await seed(db, product("TEA1", "Чай чёрный", "299.00", "Чай"))
    page = await browser.new_page(viewport={"width": 420, "height": 900})
    page.set_default_timeout(WAIT)
    await page.goto(str(sandbox_shop.make_url("/sandbox/chat")))

    chat = ChatPage(page)
    tap = chat.tap
    await chat.to_checkout("Чай", "TEA1")
    await tap("Самовывоз")
    await tap("Тверская, 7")
    await tap("На номер WhatsApp")
    await tap("Подтвердить")
    link = page.locator("a.cta").last
    await link.wait_for()
    href = await link.get_attribute("href")
    await page.screenshot(path=str(tmp_path / "chat.png"), full_page=True)
    async with db.sessions() as session:
        order = (await session.exec(select(ShopOrder))).one()
    assert href is not None
    assert href.endswith(f"/o/{order.token}")
    assert order.status == OrderStatus.AWAITING_PAYMENT
    assert order.total_minor == 29900
    await page.close()
