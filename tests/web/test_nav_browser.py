"""The merchant navigation in real Chromium: a row of links on a wide screen, folded into
«Меню» on a phone (no script), every link reachable both ways."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from shop.settings import load_settings
from shop.web.app import create_app
from tests.orders.test_order_list_browser import keep

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 390])
async def test_the_navigation_folds_into_a_menu_on_a_phone_only(
    aiohttp_server: Any, database_url: str, browser: Any, tmp_path: Path, width: int
) -> None:
    settings = load_settings(database_url=database_url)
    server = await aiohttp_server(create_app(settings, run_worker=False), host="127.0.0.1")
    page = await browser.new_page(viewport={"width": width, "height": 900})
    await page.goto(f"http://127.0.0.1:{server.port}/admin/orders")
    orders = "header a[href='/admin/orders']"
    assert await page.is_visible("header a.brand")
    if width < 600:
        assert await page.is_visible("#menu > summary")
        assert not await page.is_visible(orders)  # folded: the page starts near the top
        header = await page.eval_on_selector("header", "h => h.getBoundingClientRect().height")
        assert header < 160, header  # not eight rows of links
        await keep(page, tmp_path, f"nav-{width}.png")
        await page.click("#menu > summary")  # opened by the browser, no script
    else:
        assert not await page.is_visible("#menu > summary")
        header = await page.eval_on_selector("header", "h => h.getBoundingClientRect().height")
        assert header < 160, header  # the links stand in a row, as before
    assert await page.is_visible(orders)
    await keep(page, tmp_path, f"nav-open-{width}.png")
    async with page.expect_navigation():
        await page.click("header a[href='/admin/catalog']")
    assert page.url.endswith("/admin/catalog")
    assert await page.evaluate("document.documentElement.scrollWidth") <= width
    await page.close()
