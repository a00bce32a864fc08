"""The promo codes page in real Chromium: the owner creates a code (a wrong value is shown
beside its field in Russian), finds it by search, and switches it off after the page asked
(the pages run no script, so the question is the page's own)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from shop.settings import load_settings
from shop.web.app import create_app
from tests.promo.browser import phone_view, shot, sign_in_at
from tests.web.conftest import ADMIN_TOKEN

pytestmark = pytest.mark.browser


async def _submit(page: Any, selector: str) -> None:
    async with page.expect_navigation():
        await page.click(selector)


async def test_the_owner_creates_finds_and_switches_off_a_promo_code(
    aiohttp_server: Any, database_url: str, browser: Any, tmp_path: Path
) -> None:
    settings = load_settings(database_url=database_url, admin_token=ADMIN_TOKEN)
    server = await aiohttp_server(create_app(settings, run_worker=False), host="127.0.0.1")
    base = f"http://127.0.0.1:{server.port}"
    page = await browser.new_page(viewport={"width": 1280, "height": 900})
    await sign_in_at(page, f"{base}/admin/promo-codes")
    assert "Промокодов пока нет" in await page.text_content("#empty")

    await page.fill("#code", "summer10")
    await page.fill("#value", "150")
    await page.fill("#min_total", "1 000")
    await _submit(page, "#create")
    assert "от 1 до 100" in await page.text_content("#problem-value")
    assert await page.input_value("#code") == "summer10"  # the form keeps what was typed

    await page.fill("#value", "10")
    await page.fill("#min_total", "1000")
    await page.fill("#ends", "2099-08-31")
    await page.fill("#total_limit", "100")
    await page.fill("#per_shopper_limit", "1")
    await page.check("#first_order_only")
    await _submit(page, "#create")
    assert "Промокод SUMMER10 создан" in await page.text_content("#created")
    row = await page.text_content("#code-SUMMER10")
    assert row is not None
    assert "10\u00a0%" in row
    assert "1\u00a0000,00\u00a0₽" in row
    assert "только первый заказ" in row
    assert "0 из 100" in row
    assert "по 31.08.2099" in row  # the last day counts whole, in shop time
    assert "Действует" in row
    await page.select_option("#kind", "amount")
    await page.fill("#code", "MINUS300")
    await page.fill("#value", "300,00")
    await _submit(page, "#create")
    await shot(page, tmp_path, "promo-codes-1280.png")

    await page.fill("#q", "summ")
    await _submit(page, "#find")
    assert await page.locator("#codes tbody tr").count() == 1
    # The page runs no script (its CSP says so): the question is asked by the page itself.
    question = page.locator("#confirm-SUMMER10 form")
    assert not await question.is_visible()
    await page.click("#disable-SUMMER10")
    assert "Отключить промокод SUMMER10?" in await question.inner_text()
    assert "Действует" in (await page.text_content("#code-SUMMER10") or "")  # not yet
    await shot(page, tmp_path, "promo-codes-confirm.png")
    await _submit(page, "#confirm-disable-SUMMER10")
    assert "Отключён" in (await page.text_content("#code-SUMMER10") or "")

    phone = await phone_view(browser, page, f"{base}/admin/promo-codes")
    await shot(phone, tmp_path, "promo-codes-390.png")
