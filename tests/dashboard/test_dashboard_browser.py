"""The dashboard and the doctor page in real Chromium, at a desktop's and a phone's width:
after a sandbox purchase the figures show it, a catalog sync error raises a red banner that
links to the products refused, and the go-live check passes against the sandbox."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer

from shop.clock import utcnow
from shop.sandbox_mode import with_sandbox_endpoints
from shop.settings import load_settings
from shop.storage.db import Database
from shop.web.app import create_app
from tests.dashboard.rows import product
from tests.dashboard.test_pages import STRONG, broken, fake
from tests.orders.lifecycle_rig import open_window
from tests.orders.test_merchant import paid
from tests.orders.test_order_list_browser import keep

__all__ = ["fake"]
pytestmark = pytest.mark.browser
NBSP = "\u00a0"


async def fits(page: Any, width: int) -> None:
    """Nothing makes the page scroll sideways."""
    assert await page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [1280, 390])
async def test_the_dashboard_after_a_purchase_then_a_sync_error_then_the_doctor(
    aiohttp_server: Any,
    fake: TestServer,
    database_url: str,
    db: Database,
    browser: Any,
    tmp_path: Path,
    width: int,
) -> None:
    base = str(fake.make_url("")).rstrip("/")
    settings = with_sandbox_endpoints(load_settings(database_url=database_url), base)
    server = await aiohttp_server(create_app(settings, run_worker=False), host="127.0.0.1")
    await open_window(db, "79001234567", utcnow())  # the shopper just wrote: news goes as text
    await paid(server, db)  # paid through the fake YooKassa, 1 350,00 ₽
    page = await browser.new_page(viewport={"width": width, "height": 900})
    home = f"http://127.0.0.1:{server.port}/admin"
    await page.goto(home)

    orders = page.locator("#dashboard-orders")
    assert await orders.locator(".today").inner_text() == "1\nСегодня"
    assert await page.locator("#dashboard-paid_share .today").inner_text() == f"100{NBSP}%\nСегодня"
    revenue = await page.locator("#dashboard-revenue .week").inner_text()
    assert revenue == f"1{NBSP}350,00{NBSP}₽\n7 дней"
    assert await page.locator("#all-clear").is_visible()
    await fits(page, width)

    async with db.transaction() as session:
        session.add(product(1, "new", None, "new"))  # Meta refused it as it is now
    await page.reload()
    banner = page.locator("#banner-sync")
    assert await banner.is_visible()
    assert "Каталог WhatsApp не принял 1 товар." in await banner.inner_text()
    assert "Что сделать:" in await banner.inner_text()
    assert await page.locator("#dashboard-sync_errors .now").inner_text() == "1"
    await fits(page, width)
    await keep(page, tmp_path, f"dashboard-{width}.png")

    async with page.expect_navigation():
        await banner.locator("a").click()
    assert page.url.endswith("/admin/catalog?state=error")

    await page.goto(home)
    async with page.expect_navigation():
        await page.click("#doctor-link")
    assert page.url.endswith("/admin/doctor")
    assert await page.text_content("#summary") == "Все проверки пройдены: магазин готов к работе."
    assert await page.locator("#checks .check").count() >= 12  # each line of `shop doctor`
    assert await page.locator("#checks .check.failed").count() == 0
    await fits(page, width)
    await keep(page, tmp_path, f"doctor-{width}.png")
    await page.close()


async def test_the_doctor_page_on_a_phone_lists_each_failure_with_its_fix(
    aiohttp_server: Any, fake: TestServer, database_url: str, browser: Any, tmp_path: Path
) -> None:
    settings = load_settings(database_url=database_url, **broken(fake))
    server = await aiohttp_server(create_app(settings, run_worker=False), host="127.0.0.1")
    page = await browser.new_page(viewport={"width": 390, "height": 844})
    await page.goto(f"http://127.0.0.1:{server.port}/admin/doctor")
    assert "/admin/login" in page.url
    await page.fill("#token", STRONG)
    async with page.expect_navigation():
        await page.click("#login")
    assert page.url.endswith("/admin/doctor")
    failed = page.locator("#checks .check.failed")
    count = await failed.count()
    assert count >= 8
    total = await page.locator("#checks .check").count()
    assert await page.text_content("#summary") == f"Не пройдено {count} проверок из {total}."
    for n in range(count):
        assert "Что сделать:" in await failed.nth(n).inner_text()
    assert "не HTTPS" in await failed.first.inner_text()
    await fits(page, 390)
    await keep(page, tmp_path, "doctor-failed-390.png")
    await page.close()
