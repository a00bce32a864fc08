"""The orders list in real Chromium: a merchant finds an order by a phone typed their way."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import httpx
import pytest

from shop.settings import load_settings
from shop.storage.db import Database
from shop.web.app import create_app
from tests.catalog.conftest import PAYLOADS
from tests.orders.conftest import place

pytestmark = pytest.mark.browser


async def keep(page: Any, tmp_path: Path, name: str) -> None:
    """A full-page screenshot (kept in VITRINA_KEEP_SCREENSHOTS when set)."""
    shot = tmp_path / name
    await page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    if folder := os.environ.get("VITRINA_KEEP_SCREENSHOTS"):
        shot.replace(Path(folder) / name)


@pytest.mark.parametrize("width", [1280, 390])
async def test_a_merchant_finds_an_order_by_phone_on_the_page(
    aiohttp_server: Any, database_url: str, db: Database, browser: Any, tmp_path: Path, width: int
) -> None:
    for shopper in range(3):  # phones 79001234567, …568, …569
        await place(db, shopper=shopper)
    settings = load_settings(database_url=database_url)
    server = await aiohttp_server(create_app(settings, run_worker=False), host="127.0.0.1")
    page = await browser.new_page(viewport={"width": width, "height": 900})
    await page.goto(f"http://127.0.0.1:{server.port}/admin/orders")
    assert len(await page.locator("#orders tbody tr").all()) == 3

    await page.fill("#q", "8 (900) 123-45-68")
    async with page.expect_navigation():
        await page.click("#find")
    rows = await page.locator("#orders tbody tr").all_inner_texts()
    assert len(rows) == 1
    assert "A-10002" in rows[0]
    assert "+7\u00a0900\u00a0123-45-68" in rows[0]
    assert "Ждёт оплаты" in rows[0]
    assert await page.input_value("#q") == "8 (900) 123-45-68"  # the form keeps the search
    # On a phone the page never scrolls sideways: a wide table scrolls inside its frame.
    assert await page.evaluate("document.documentElement.scrollWidth") <= width
    await keep(page, tmp_path, f"orders-{width}.png")

    async with page.expect_navigation():
        await page.click("#orders a")
    assert await page.text_content("#order-status") == "Ждёт оплаты"
    assert await page.evaluate("document.documentElement.scrollWidth") <= width
    await keep(page, tmp_path, f"order-{width}.png")

    feed = (PAYLOADS / "meta_feed.csv").read_bytes()
    async with httpx.AsyncClient(timeout=60) as client:  # a loaded machine, not a measure
        answer = await client.post(
            f"http://127.0.0.1:{server.port}/api/catalog/imports", content=feed
        )
    assert answer.is_success, answer.text
    await page.goto(f"http://127.0.0.1:{server.port}/admin/catalog")
    assert len(await page.locator("#products tbody tr").all()) == 4
    assert await page.evaluate("document.documentElement.scrollWidth") <= width
    await keep(page, tmp_path, f"catalog-{width}.png")
    await page.close()
