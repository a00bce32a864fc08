"""Merchant pages read at a glance in real Chromium on a 390 px phone: an import's report with
a long file name, the reminders' funnel with its charts and the audit log fit the width, and
show words and money instead of stored codes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer

from shop.access import audit
from shop.storage.db import Database
from tests.access.test_roles_web import shop
from tests.catalog.conftest import PAYLOADS
from tests.orders.conftest import fake
from tests.promo.browser import shot, sign_in_at

__all__ = ["fake", "shop"]
pytestmark = pytest.mark.browser
NBSP = "\u00a0"
PHONE = {"width": 390, "height": 844}
AT = datetime(2026, 12, 4, 15, 37, tzinfo=UTC)


async def fits(page: Any) -> str:
    assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    return str(await page.evaluate("document.body.innerText"))


async def test_import_report_funnel_and_audit_fit_a_phone_and_speak_in_words(
    shop: TestServer, db: Database, browser: Any, tmp_path: Path
) -> None:
    async with db.transaction() as session:
        await audit.record(
            session, "admin", "order.status", "order:A-10001", "paid → confirmed", at=AT
        )
        await audit.record(
            session, "admin", "settings", "settings:reminders", "cap_30d: 4 → 2", at=AT
        )
    base = f"http://127.0.0.1:{shop.port}"
    page = await browser.new_page(viewport=PHONE)
    await sign_in_at(page, f"{base}/admin/catalog")
    named = tmp_path / "a-very-long-price-list-file-name-from-the-warehouse-export.csv"
    named.write_bytes((PAYLOADS / "spreadsheet_errors_cp1251.csv").read_bytes())
    await page.set_input_files("#file", str(named))
    await page.check("input[name=import_valid]")
    async with page.expect_navigation():
        await page.click("#submit")
    await page.wait_for_selector("#report", timeout=20_000)
    report = await fits(page)
    assert "формат: таблица, режим: полный" in report

    await page.goto(f"{base}/admin/nudges")
    funnel = await fits(page)
    assert f"0,00{NBSP}₽" in funnel
    assert "0.00" not in funnel

    await page.goto(f"{base}/admin/audit")
    log = await fits(page)
    assert "Заказ A-10001" in log
    assert await page.locator("#audit a[href='/admin/orders?q=A-10001']").count() == 1
    assert "Оплачен → Подтверждён" in log
    assert "Не больше сообщений за 30 дней: 4 → 2" in log
    assert "order:" not in log
    assert "cap_30d" not in log
    await shot(page, tmp_path, "audit-390.png")
    await page.close()
