"""The catalog upload page in real Chromium: log in, upload a file, read the report table."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from shop.settings import load_settings
from shop.web.app import create_app
from tests.catalog.conftest import PAYLOADS
from tests.web.conftest import ADMIN_TOKEN

pytestmark = pytest.mark.browser


async def test_a_merchant_uploads_a_file_and_sees_errors_first(
    aiohttp_server: Any, database_url: str, browser: Any, tmp_path: Path
) -> None:
    settings = load_settings(database_url=database_url, admin_token=ADMIN_TOKEN)
    server = await aiohttp_server(create_app(settings, run_worker=False), host="127.0.0.1")
    page = await browser.new_page(viewport={"width": 800, "height": 900})
    await page.goto(f"http://127.0.0.1:{server.port}/admin/catalog")
    assert "/admin/login" in page.url
    assert "SANDBOX" in await page.text_content("#sandbox-banner")
    await page.fill("#token", ADMIN_TOKEN)
    async with page.expect_navigation():
        await page.click("#login")
    assert page.url.endswith("/admin/catalog")

    await page.set_input_files("#file", str(PAYLOADS / "spreadsheet_errors_cp1251.csv"))
    await page.check("input[name=import_valid]")
    async with page.expect_navigation():
        await page.click("#submit")
    await page.wait_for_selector("#report", timeout=20_000)

    cells = await page.locator("#report tbody tr").all_inner_texts()
    assert cells[0].startswith("3\tЦена")
    assert "Колонка «Цена» не заполнена" in cells[0]
    assert "Остальные строки (2) в порядке" in cells[-1]
    assert await page.text_content("#rejected") == "7"
    assert await page.text_content("#imported") == "2"
    shot = tmp_path / "catalog-report.png"
    await page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    if keep := os.environ.get("VITRINA_KEEP_SCREENSHOTS"):
        shot.replace(Path(keep) / shot.name)

    await page.goto(f"http://127.0.0.1:{server.port}/admin/catalog")
    rows = await page.locator("#products tbody tr").all_inner_texts()
    assert len(rows) == 2
    assert all("ждёт" in row for row in rows)
    await page.close()
