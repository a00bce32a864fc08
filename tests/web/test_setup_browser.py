"""In real Chromium: the reminders and the currency-and-languages pages save, show each refusal
beside its field and fit a phone; courier zones set up on the delivery page are what a
shopper picks from in the sandbox chat, and the zone's price reaches the order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from sqlmodel import select

from shop.orders.tables import ShopOrder
from shop.storage.db import Database
from tests.chat.chat import product, seed
from tests.chat.chat_page import ChatPage
from tests.web.test_settings_browser import WAIT, WIDTHS, _shoot, sandbox_shop

pytestmark = pytest.mark.browser
__all__ = ["sandbox_shop"]  # the sandbox service fixture of the settings pages' browser tests


async def _save(page: Any) -> None:
    async with page.expect_navigation():
        await page.click("button[type=submit]:has-text('Сохранить')")


async def _fits_a_phone(page: Any, name: str, tmp_path: Path) -> None:
    for size, width in WIDTHS.items():
        await page.set_viewport_size({"width": width, "height": 900})
        overflow = await page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not overflow, f"{name} scrolls sideways at {width} px"
        await _shoot(page, f"{name}-{size}", tmp_path)
    await page.set_viewport_size({"width": 1280, "height": 900})


async def test_the_reminders_page_saves_and_marks_each_wrong_field(
    sandbox_shop: TestServer, browser: Any, tmp_path: Path
) -> None:
    page = await browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(WAIT)
    await page.goto(str(sandbox_shop.make_url("/admin/settings/reminders")))
    assert await page.is_visible("#unsaved")
    assert await page.input_value("#f-s0\\.after_hours") == "1"
    await page.fill("#f-s0\\.after_hours", "0,5")
    await page.fill("#f-cap_30d", "3")
    await page.fill("#f-holidays", "01.01.2027, 07.01.2027")
    await _save(page)
    assert await page.is_visible("#saved")
    assert await page.input_value("#f-s0\\.after_hours") == "0,5"
    assert await page.input_value("#f-holidays") == "01.01.2027, 07.01.2027"
    await page.fill("#f-s1\\.after_hours", "сутки")
    await page.fill("#f-quiet_until", "")
    await page.fill("#f-guard_opt_out_percent", "120")
    await _save(page)
    assert "нужно число" in (await page.text_content("#e-s1\\.after_hours") or "")
    assert "и начало, и конец" in (await page.text_content("#e-quiet_until") or "")
    assert "не больше 100" in (await page.text_content("#e-guard_opt_out_percent") or "")
    await _fits_a_phone(page, "settings-reminders", tmp_path)
    await page.goto(str(sandbox_shop.make_url("/admin/settings/reminders")))
    assert await page.input_value("#f-s1\\.after_hours") == "24"  # nothing half-saved
    assert await page.input_value("#f-cap_30d") == "3"
    await page.close()


async def test_the_languages_page_saves_and_refuses_a_currency_still_in_use(
    sandbox_shop: TestServer, db: Database, browser: Any, tmp_path: Path
) -> None:
    page = await browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(WAIT)
    await page.goto(str(sandbox_shop.make_url("/admin/settings/languages")))
    await page.select_option("#f-default_language", "en")
    await _save(page)
    assert await page.is_visible("#saved")
    assert await page.input_value("#f-default_language") == "en"
    await seed(db, product("TEA1", "Чай чёрный", "299.00", "Чай"))
    await page.select_option("#f-currency", "KZT")
    await _save(page)
    assert "пока в RUB" in (await page.text_content("#e-currency") or "")
    await page.select_option("#f-currency", "RUB")
    await page.uncheck("#f-english_offered")
    await _save(page)
    assert "только если он предложен" in (await page.text_content("#e-default_language") or "")
    assert await page.is_checked("#f-english_offered") is False  # as the merchant left it
    await _fits_a_phone(page, "settings-languages", tmp_path)
    await page.close()


async def test_zones_set_up_on_the_page_are_picked_in_the_chat_and_priced_in_the_order(
    sandbox_shop: TestServer, db: Database, browser: Any, tmp_path: Path
) -> None:
    await seed(db, product("TEA1", "Чай чёрный", "299.00", "Чай"))
    page = await browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(WAIT)
    await page.goto(str(sandbox_shop.make_url("/admin/settings/delivery")))
    await page.check("input[name='o0.remove']")  # the sandbox's demo pickup goes
    await page.fill("input[name='o1.title']", "Курьер")
    await page.click("#o1 details.zones > summary")
    await page.click("#o1 .add-zone > summary")  # the empty zone forms are folded
    await page.fill("input[name='o1.z0.title']", "В пределах МКАД")
    await page.fill("input[name='o1.z0.price']", "300")
    await page.fill("input[name='o1.z1.title']", "За МКАД до 10 км")
    await page.fill("input[name='o1.z1.price']", "600")
    await _save(page)
    assert await page.is_visible("#saved")
    await _fits_a_phone(page, "settings-delivery-zones", tmp_path)

    await page.set_viewport_size({"width": 420, "height": 900})
    await page.goto(str(sandbox_shop.make_url("/sandbox/chat")))
    chat = ChatPage(page)
    await chat.to_checkout("Чай", "TEA1")
    await chat.tap("Курьер")
    await page.locator('button.reply[data-title="За МКАД до 10 км"]').last.wait_for()
    await _shoot(page, "chat-delivery-zone", tmp_path)
    await chat.tap("За МКАД до 10 км")
    await chat.say("Химки, ул. Ленина, 5")
    await chat.tap("На номер WhatsApp")
    await chat.tap("Подтвердить")
    await page.locator("a.cta").last.wait_for()
    async with db.sessions() as session:
        order = (await session.exec(select(ShopOrder))).one()
    assert (order.delivery_title, order.delivery_minor) == ("Курьер: За МКАД до 10 км", 60000)
    await page.close()
