"""An operator in real Chromium: added from the command line's code, signs in with a name and
password, sees the order without a refund form, is refused the refund's address, signs out."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer

from shop.access.roles import Role
from shop.access.staff import add_user
from shop.settings import load_settings
from shop.storage.db import Database
from shop.web.app import create_app
from tests.orders.conftest import fake
from tests.orders.test_merchant import paid
from tests.web.conftest import ADMIN_TOKEN

__all__ = ["fake"]
pytestmark = pytest.mark.browser
PASSWORD = "a-long-staff-password"


async def test_an_operator_cannot_refund_in_the_browser(
    aiohttp_server: Any,
    fake: TestServer,
    database_url: str,
    db: Database,
    browser: Any,
    tmp_path: Path,
) -> None:
    settings = load_settings(
        database_url=database_url,
        admin_token=ADMIN_TOKEN,
        yookassa_api_url=str(fake.make_url("/yookassa/v3")),
        whatsapp_graph_url=str(fake.make_url("/graph")),
    )
    server = await aiohttp_server(create_app(settings, run_worker=False), host="127.0.0.1")
    order = await paid(server, db)
    await add_user(
        db, "olga", Role.OPERATOR, PASSWORD, datetime(2026, 1, 5, tzinfo=UTC), actor="cli"
    )
    base = f"http://127.0.0.1:{server.port}"
    page = await browser.new_page(viewport={"width": 390, "height": 844})  # a phone
    await page.goto(f"{base}/admin/orders/{order.id}")
    assert "/admin/login" in page.url
    await page.fill("#name", "olga")
    await page.fill("#token", PASSWORD)
    async with page.expect_navigation():
        await page.click("#login")
    assert page.url.endswith(f"/admin/orders/{order.id}")
    assert await page.text_content("#signed-in-as") == "olga (оператор)"
    assert await page.locator("#refund").count() == 0
    assert await page.locator("a[href='/admin/reconciliation']").count() == 0
    shot = tmp_path / "operator-order.png"
    await page.screenshot(path=str(shot), full_page=True)
    if keep := os.environ.get("VITRINA_KEEP_SCREENSHOTS"):
        shot.replace(Path(keep) / shot.name)

    refused = await page.goto(f"{base}/admin/reconciliation")
    assert refused is not None
    assert refused.status == 403
    assert "недоступны для роли «оператор»" in await page.text_content("#forbidden")
    if keep:
        await page.screenshot(path=str(Path(keep) / "operator-forbidden.png"), full_page=True)

    await page.goto(f"{base}/admin/orders")
    async with page.expect_navigation():
        await page.click("text=Выйти")
    assert "/admin/login" in page.url
    await page.goto(f"{base}/admin/orders")
    assert "/admin/login" in page.url  # the session is gone
    if keep:
        await page.screenshot(path=str(Path(keep) / "staff-login.png"), full_page=True)
    await page.close()
