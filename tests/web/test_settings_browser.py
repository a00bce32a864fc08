"""In real Chromium: the merchant sets up delivery on its page, and a shopper's next checkout
in the sandbox chat offers exactly that; both settings pages on a desktop and a phone."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from sqlmodel import select

from shop.orders.tables import ShopOrder
from shop.sandbox_mode import with_sandbox_endpoints
from shop.settings import load_settings
from shop.storage.db import Database
from shop.web.app import create_app
from tests.chat.chat import product, seed
from tests.chat.chat_page import ChatPage

pytestmark = pytest.mark.browser
WAIT = 20_000  # ms: replies go through webhooks, the inbox, the outbox and the Graph fake
WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.fixture
async def sandbox_shop(aiohttp_server: Any, unused_tcp_port: int, database_url: str) -> TestServer:
    base = f"http://127.0.0.1:{unused_tcp_port}"
    settings = with_sandbox_endpoints(load_settings(database_url=database_url), base)
    server: TestServer = await aiohttp_server(create_app(settings), port=unused_tcp_port)
    return server


async def _shoot(page: Any, name: str, tmp_path: Path) -> None:
    shot = tmp_path / f"{name}.png"
    await page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    if keep := os.environ.get("VITRINA_KEEP_SCREENSHOTS"):
        shot.replace(Path(keep) / shot.name)


async def test_delivery_set_up_on_the_page_is_offered_at_the_next_checkout(
    sandbox_shop: TestServer, db: Database, browser: Any, tmp_path: Path
) -> None:
    await seed(db, product("TEA1", "Чай чёрный", "299.00", "Чай"))
    page = await browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(WAIT)
    await page.goto(str(sandbox_shop.make_url("/admin/settings/delivery")))
    # The sandbox's demo is shown until saved: replace it with the merchant's own.
    await page.check("input[name='o0.remove']")
    await page.check("input[name='o1.remove']")
    await page.click("#add-option > summary")  # the empty forms are folded until asked for
    await page.select_option("select[name='o2.kind']", "pickup")
    await page.fill("input[name='o2.title']", "У метро Пушкинская")
    await page.fill("input[name='o2.price']", "99")
    await page.click("#o2 summary")  # a new option's points are folded until asked for
    await page.click("#o2 .add-point > summary")
    await page.fill("input[name='o2.p0.title']", "Павильон 12")
    await page.fill("input[name='o2.p0.address']", "Москва, Страстной бульвар, 4")
    await page.fill("input[name='o2.p0.lat']", "55,7652")
    await page.fill("input[name='o2.p0.lon']", "37,6057")
    await page.fill("input[name='o2.p0.hours']", "09:00–22:00")
    await page.fill("input[name='o3.title']", "Курьер до двери")
    await page.fill("input[name='o3.price']", "350")
    await page.fill("input[name='o3.free_from']", "5 000")
    async with page.expect_navigation():
        await page.click("button[type=submit]:has-text('Сохранить')")
    assert await page.is_visible("#saved")
    assert await page.input_value("input[name='o0.title']") == "У метро Пушкинская"
    for name, width in WIDTHS.items():
        await page.set_viewport_size({"width": width, "height": 900})
        await _shoot(page, f"settings-delivery-{name}", tmp_path)

    await page.set_viewport_size({"width": 420, "height": 900})
    await page.goto(str(sandbox_shop.make_url("/sandbox/chat")))

    chat = ChatPage(page)
    tap = chat.tap
    await chat.to_checkout("Чай", "TEA1")
    offered = page.locator('button.reply[data-title="Курьер до двери"]')
    await offered.last.wait_for()
    assert await page.locator('button.reply[data-title="Самовывоз"]').count() == 0
    await tap("У метро Пушкинская")
    await tap("На номер WhatsApp")
    await tap("Подтвердить")
    await page.locator("a.cta").last.wait_for()
    async with db.sessions() as session:
        order = (await session.exec(select(ShopOrder))).one()
    assert (order.delivery_title, order.delivery_minor) == ("У метро Пушкинская", 9900)
    assert order.total_minor == 29900 + 9900
    await page.close()


async def test_the_shop_page_on_a_desktop_and_a_phone(
    sandbox_shop: TestServer, browser: Any, tmp_path: Path
) -> None:
    page = await browser.new_page(viewport={"width": 1280, "height": 900})
    await page.goto(str(sandbox_shop.make_url("/admin/settings/shop")))
    await page.fill("#f-name", "Лавка Вари")
    await page.fill("#f-inn", "7707083894")
    async with page.expect_navigation():
        await page.click("button[type=submit]:has-text('Сохранить')")
    assert "ИНН — 10 цифр" in (await page.text_content("#e-inn") or "")
    for name, width in WIDTHS.items():
        await page.set_viewport_size({"width": width, "height": 900})
        overflow = await page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not overflow, f"the shop page scrolls sideways at {width} px"
        await _shoot(page, f"settings-shop-{name}", tmp_path)
    await page.close()


async def test_on_a_phone_the_empty_add_forms_of_delivery_are_folded_until_asked_for(
    sandbox_shop: TestServer, browser: Any
) -> None:
    page = await browser.new_page(viewport={"width": 390, "height": 900})
    page.set_default_timeout(WAIT)
    await page.goto(str(sandbox_shop.make_url("/admin/settings/delivery")))
    assert await page.is_visible("#o0")  # the sandbox's saved options come first
    assert not await page.is_visible("#o2")  # a new option's empty form is folded
    if not await page.is_visible("#o0 .add-point > summary"):  # a courier's points are folded
        await page.click("#o0 details.points > summary")
    assert await page.is_visible("#o0 .add-point > summary")
    assert not await page.is_visible("#o0 .add-point .point")
    await page.click("#o0 .add-point > summary")  # no script: the browser opens it
    assert await page.is_visible("input[name='o0.p0.title'], input[name='o0.p1.title']")
    await page.click("#add-option > summary")
    assert await page.is_visible("input[name='o2.title']")
    assert await page.evaluate("document.documentElement.scrollWidth") <= 390
    await page.close()
