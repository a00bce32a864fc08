"""In real Chromium, at 1280 and 390 px: the owner sets a group's SLA and hours on the groups
page; a wrong SLA is refused beside its field, the right one, the hours typed as 9:00 and an
operator chosen from the staff list are saved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer

from shop.access.roles import Role
from shop.access.staff import add_user
from shop.desk.groups import load_groups
from shop.storage.db import Database
from tests.access.test_roles_web import NOW, PASSWORD
from tests.web.test_settings_browser import WIDTHS, _shoot, sandbox_shop

pytestmark = pytest.mark.browser
__all__ = ["sandbox_shop"]


async def test_the_owner_sets_a_groups_sla_and_hours_on_a_desktop_and_a_phone(
    sandbox_shop: TestServer, db: Database, browser: Any, tmp_path: Path
) -> None:
    for person in ("olga", "pavel"):
        await add_user(db, person, Role.OPERATOR, PASSWORD, NOW, actor="cli")
    for name, width in WIDTHS.items():
        page = await browser.new_page(viewport={"width": width, "height": 900})
        await page.goto(str(sandbox_shop.make_url("/admin/settings/groups")))
        await page.fill("input[name='g1.sla_seconds']", "5")
        await page.click("button[type=submit]")
        error = page.locator("#e-g1\\.sla_seconds")
        assert "10" in (await error.inner_text())
        await page.fill("input[name='g1.sla_seconds']", "90")
        await page.fill("input[name='g1.opens']", "9:00")
        await page.fill("input[name='g1.closes']", "21:00")
        await page.check("input[name='g1.members'][value='olga']")
        await page.click("button[type=submit]")
        await page.locator("#saved").wait_for()
        await _shoot(page, f"desk-settings-groups-{name}", tmp_path)
        await page.close()
    async with db.sessions() as session:
        support = (await load_groups(session)).groups[1]
    assert (support.sla_seconds, support.opens, support.closes) == (90, "09:00", "21:00")
    assert support.members == ["olga"]


async def test_the_faq_and_canned_replies_pages_on_a_phone(
    sandbox_shop: TestServer, browser: Any, tmp_path: Path
) -> None:
    page = await browser.new_page(viewport={"width": 390, "height": 900})
    await page.goto(str(sandbox_shop.make_url("/admin/settings/faq")))
    await page.fill("input[name='q0.question']", "Сколько стоит доставка?")
    await page.fill("textarea[name='q0.phrasings']", "сколько везут\nкогда привезут")
    await page.fill("textarea[name='q0.answer']", "По Москве — 300 ₽, привезём за 1–2 дня.")
    await page.click("button[type=submit]")
    await page.locator("#saved").wait_for()
    assert (
        await page.input_value("textarea[name='q0.phrasings']") == "сколько везут\nкогда привезут"
    )
    await _shoot(page, "desk-settings-faq-phone", tmp_path)
    await page.goto(str(sandbox_shop.make_url("/admin/settings/canned")))
    await page.fill("textarea[name='replies']", "Добрый день!\nДобрый день!")
    await page.click("button[type=submit]")
    assert await page.locator("#e-replies").inner_text() == "Два одинаковых ответа."
    await page.fill("textarea[name='replies']", "Добрый день!\nЗаказ уже в пути.")
    await page.click("button[type=submit]")
    await page.locator("#saved").wait_for()
    await _shoot(page, "desk-settings-canned-phone", tmp_path)
