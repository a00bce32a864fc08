"""In real Chromium: the merchant sets the taxes on their page, words in and words out, on a
desktop and a phone; the API then gives the codes YooKassa expects."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer

from tests.web.test_settings_browser import _shoot, sandbox_shop

__all__ = ["sandbox_shop"]
pytestmark = pytest.mark.browser
WIDTHS = {"desktop": 1280, "phone": 390}


async def test_the_taxes_page_saves_words_as_youkassas_codes(
    sandbox_shop: TestServer, browser: Any, tmp_path: Path
) -> None:
    page = await browser.new_page(viewport={"width": 1280, "height": 900})
    await page.goto(str(sandbox_shop.make_url("/admin/settings/taxes")))
    await page.select_option("#f-tax_system_code", label="УСН доходы")
    await page.select_option("#f-vat_code", label="НДС 5\u00a0% (УСН)")
    await page.select_option("#f-payment_subject", label="Товар")
    await page.select_option("#f-receipts", label="Чеки от ЮKassa")
    await page.check("#f-pay_on_delivery")
    async with page.expect_navigation():
        await page.click("button[type=submit]")
    assert await page.is_visible("#saved")
    assert await page.input_value("#f-vat_code") == "7"
    assert await page.is_checked("#f-pay_on_delivery")
    answer = await page.request.get(str(sandbox_shop.make_url("/api/settings/taxes")))
    saved = await answer.json()
    assert (saved["tax_system_code"], saved["vat_code"], saved["receipts"]) == (2, 7, "yookassa")
    for name, width in WIDTHS.items():
        await page.set_viewport_size({"width": width, "height": 900})
        scroll = await page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width  # nothing runs off the side of a phone
        await _shoot(page, f"settings-taxes-{name}", tmp_path)
