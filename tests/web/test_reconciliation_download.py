"""An accountant in real Chromium downloads the reconciliation CSV from its page and the file
opens as a Russian Excel reads it: BOM, `;`, decimal commas, Russian headers, the paid order,
its payment with YooKassa's fee, and the totals."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer

from shop.access.roles import Role
from shop.access.staff import add_user
from shop.storage.db import Database
from tests.access.test_roles_web import shop
from tests.accounting.excel import open_as_russian_excel
from tests.orders.conftest import fake
from tests.orders.test_merchant import paid

__all__ = ["fake", "shop"]
pytestmark = pytest.mark.browser
PASSWORD = "a-long-staff-password"


async def test_the_csv_downloaded_from_the_page_opens_in_a_russian_excel(
    shop: TestServer, db: Database, browser: Any, tmp_path: Path
) -> None:
    order = await paid(shop, db)
    await add_user(
        db, "vera", Role.ACCOUNTANT, PASSWORD, datetime(2026, 1, 5, tzinfo=UTC), actor="cli"
    )
    base = f"http://127.0.0.1:{shop.port}"
    page = await browser.new_page(accept_downloads=True)
    await page.goto(f"{base}/admin/reconciliation")
    await page.fill("#name", "vera")
    await page.fill("#token", PASSWORD)
    async with page.expect_navigation():
        await page.click("#login")
    assert page.url.endswith("/admin/reconciliation")
    if keep := os.environ.get("VITRINA_KEEP_SCREENSHOTS"):
        await page.screenshot(path=str(Path(keep) / "reconciliation.png"), full_page=True)
    async with page.expect_download() as asked:
        await page.click("#csv-download")
    download = await asked.value
    assert download.suggested_filename.startswith("reconciliation-")
    saved = tmp_path / download.suggested_filename
    await download.save_as(saved)
    await page.close()

    headers, rows = open_as_russian_excel(saved.read_bytes())
    assert headers[:4] == ["Запись", "Id", "Id заказа", "Номер заказа"]
    ordered = next(r for r in rows if r["Запись"] == "заказ")
    assert (ordered["Номер заказа"], ordered["Сумма"], ordered["Статус"]) == (
        order.number,
        Decimal("1350.00"),
        "оплачен",
    )
    payment = next(r for r in rows if r["Запись"] == "платёж")
    assert (payment["Сумма"], payment["Комиссия"], payment["Нетто"]) == (
        Decimal("1350.00"),
        Decimal("47.25"),  # the fake keeps 3.5 %
        Decimal("1302.75"),
    )
    assert isinstance(payment["Дата (МСК)"], date)  # a day Excel can sort by
    totals = {r["Id"]: r["Сумма"] for r in rows if r["Запись"] == "итого"}
    assert totals["платежи, нетто"] == Decimal("1302.75")
