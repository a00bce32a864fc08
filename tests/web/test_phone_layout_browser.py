"""Two merchant pages whose layout is the point, in real Chromium on a 390 px phone and a
1280 px desktop: the catalog's upload form fits the width with its «Режим» choice whole, and
the reminders' funnel chart keeps its words readable however narrow the screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer

from tests.access.test_roles_web import shop
from tests.orders.conftest import fake
from tests.promo.browser import shot, sign_in_at

__all__ = ["fake", "shop"]
pytestmark = pytest.mark.browser
SMALLEST_TEXT = 12  # px on the screen: below it a phone's chart labels are a squint

# The rendered size of each chart text: its font size times the SVG's scale on the screen.
_TEXT_SIZES = """() => [...document.querySelectorAll('.chart svg text')].map(
  (el) => parseFloat(getComputedStyle(el).fontSize) * el.getScreenCTM().a)"""
_BOX = "(el) => { const b = el.getBoundingClientRect(); return [b.left, b.right]; }"


@pytest.mark.parametrize("width", [390, 1280])
async def test_the_upload_form_and_the_funnel_fit_the_screen(
    shop: TestServer, browser: Any, tmp_path: Path, width: int
) -> None:
    base = f"http://127.0.0.1:{shop.port}"
    page = await browser.new_page(viewport={"width": width, "height": 844 if width < 400 else 900})
    await sign_in_at(page, f"{base}/admin/catalog")
    assert await page.evaluate("document.documentElement.scrollWidth") <= width
    form_left, form_right = await page.eval_on_selector("#upload-form", _BOX)
    for control in ("#mode", "#file", "#submit"):
        left, right = await page.eval_on_selector(control, _BOX)
        assert form_left < left < right < form_right, control  # whole, inside the card
    # The choices' words are whole on the screen: wrapped within the card, not cut off.
    for choice in await page.locator("#mode label").all():
        assert await choice.evaluate("(el) => el.scrollWidth <= el.clientWidth")
        left, right = await choice.evaluate(_BOX)
        assert form_left < left < right < form_right
    words = await page.locator("#mode").inner_text()
    assert "полный — товары, которых нет в файле, скрываются" in words
    assert await page.is_checked("#mode input[value=full]")  # the default, as before
    if width < 400:  # on a phone the file and the button take the card's width
        for control in ("#file", "#submit"):
            left, right = await page.eval_on_selector(control, _BOX)
            assert right - left > (form_right - form_left) * 0.8, control
    await shot(page, tmp_path, f"catalog-form-{width}.png")

    await page.goto(f"{base}/admin/nudges")
    assert await page.evaluate("document.documentElement.scrollWidth") <= width
    sizes = await page.evaluate(_TEXT_SIZES)
    assert len(sizes) >= 6  # the funnel's stages are labelled
    assert min(sizes) >= SMALLEST_TEXT
    await shot(page, tmp_path, f"nudges-{width}.png")
    await page.close()
