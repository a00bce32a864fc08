"""The order's path in real Chromium: the owner confirms, packs and ships an order with its
tracking, a cancel of a paid order shows its amount first, and the shopper's own page shows
the parcel. Screenshots are kept with VITRINA_KEEP_SCREENSHOTS."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer

from shop.clock import utcnow
from shop.orders.shopper_link import link_token
from shop.storage.db import Database
from tests.orders.conftest import fake
from tests.orders.lifecycle_rig import reload
from tests.orders.test_merchant import paid, shop
from tests.orders.test_order_list_browser import keep

__all__ = ["fake", "shop"]
pytestmark = pytest.mark.browser


async def test_the_owner_ships_an_order_and_the_shopper_sees_the_parcel(
    shop: TestServer, db: Database, browser: Any, tmp_path: Path
) -> None:
    order = await paid(shop, db)
    other = await paid(shop, db, shopper=1)
    page = await browser.new_page(viewport={"width": 1280, "height": 900})
    await page.goto(str(shop.make_url(f"/admin/orders/{order.id}")))
    assert await page.locator("#status-form button").all_inner_texts() == [
        "Подтвердить",
        "Отменить заказ…",
    ]
    await keep(page, tmp_path, "order-actions-1280.png")
    for step in ("confirmed", "assembling"):
        async with page.expect_navigation():
            await page.click(f"#step-{step}")
    await page.fill("#carrier", "Почта России")
    await page.fill("#tracking-number-input", "RA123456789RU")
    await page.fill("#tracking-url-input", "https://www.pochta.ru/tracking#RA123456789RU")
    async with page.expect_navigation():
        await page.click("#step-shipped")
    assert await page.text_content("#order-status") == "Отправлен"
    assert await page.text_content("#tracking-number") == "RA123456789RU"
    await keep(page, tmp_path, "order-shipped-1280.png")

    await page.goto(str(shop.make_url(f"/admin/orders/{other.id}")))
    await page.fill("#step-reason", "нет в наличии")
    async with page.expect_navigation():
        await page.click("#step-canceled")
    assert await page.text_content("#cancel-amount") == "1\u00a0350,00\u00a0₽"
    await keep(page, tmp_path, "order-cancel-confirm.png")
    async with page.expect_navigation():
        await page.click("#confirm-cancel")
    assert await page.text_content("#order-status") == "Отменён"
    await page.close()
    assert (await reload(db, other.id)).status == "canceled"

    async with db.transaction() as session:
        token = await link_token(session, order.chat_id, utcnow())
    phone = await browser.new_page(viewport={"width": 390, "height": 800})
    await phone.goto(str(shop.make_url(f"/a/{token}")))
    card = await phone.locator(f"#order-{order.number}").inner_text()
    assert "Отправлен" in card
    assert "Почта России RA123456789RU" in card
    assert "1\u00a0350,00\u00a0₽ — оплачен" in card
    assert await phone.evaluate("document.documentElement.scrollWidth") <= 390
    await keep(phone, tmp_path, "shopper-orders-390.png")
    await phone.close()
