"""The reconciliation page as an accountant reads it in real Chromium: the totals, the
operations and their statuses in Russian words, money as `1 350,00 ₽`, the discounts and the
payments on delivery apart from YooKassa's totals, and no sideways scroll on a phone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer

from shop.storage.db import Database
from tests.access.test_roles_web import shop
from tests.orders.conftest import fake
from tests.orders.test_merchant import paid
from tests.promo.browser import phone_view, shot, sign_in_at

__all__ = ["fake", "shop"]
pytestmark = pytest.mark.browser
NBSP = "\u00a0"
CODES = ("orders_paid", "payments_net", "succeeded", "paid_on_delivery", "discounts", "RUB")


async def test_the_reconciliation_page_shows_words_and_money_as_an_accountant_reads_them(
    shop: TestServer, db: Database, browser: Any, tmp_path: Path
) -> None:
    order = await paid(shop, db)
    url = f"http://127.0.0.1:{shop.port}/admin/reconciliation"
    page = await browser.new_page(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    await sign_in_at(page, url)
    await shot(page, tmp_path, "reconciliation-page.png")

    totals = page.locator("#totals li")
    paid_orders = totals.filter(has=page.locator("text=Оплачено заказов"))
    assert await paid_orders.locator("b").inner_text() == f"1{NBSP}350,00{NBSP}₽"
    net = await page.locator("#totals [data-total='payments_net'] b").inner_text()
    assert net == f"1{NBSP}302,75{NBSP}₽"  # the fake keeps 3.5 %
    apart = await page.locator("#apart").inner_text()
    assert "Скидки по промокодам" in apart
    assert "Оплачено при получении" in apart
    operations = page.locator("#operations tr", has=page.locator(f"text={order.number}"))
    assert "Оплачен" in await operations.first.inner_text()
    payment = page.locator("#operations tr", has=page.locator("text=Платёж"))
    assert f"47,25{NBSP}₽" in await payment.inner_text()
    assert await page.locator("#csv-download").get_attribute("href") is not None
    shown = await page.locator("main, body").first.inner_text()
    assert [code for code in CODES if code in shown] == []
    assert "1350.00" not in shown

    phone = await phone_view(browser, page, url)  # asserts no sideways scroll at 390 px
    await shot(phone, tmp_path, "reconciliation-page-phone.png")
    await phone.close()
    await page.close()
