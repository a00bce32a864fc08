"""The owner and an operator in real Chromium: the owner signs in with the admin token, adds
the operator on the staff page (the one-time password shown once) and makes an API token on
their page; the operator signs in with
it, sees the order without a refund form, is refused the refund's address, changes their own
password on their profile, signs out and in again with the new one."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer

from shop.settings import load_settings
from shop.storage.db import Database
from shop.web.app import create_app
from tests.orders.conftest import fake
from tests.orders.test_merchant import paid
from tests.web.conftest import ADMIN_TOKEN

__all__ = ["fake"]
pytestmark = pytest.mark.browser
NEW_PASSWORD = "olga-chose-this-one"


async def _shot(page: Any, tmp_path: Path, name: str) -> None:
    shot = tmp_path / name
    await page.screenshot(path=str(shot), full_page=True)
    if keep := os.environ.get("VITRINA_KEEP_SCREENSHOTS"):
        shot.replace(Path(keep) / shot.name)


async def _sign_in(page: Any, name: str, secret: str) -> None:
    await page.fill("#name", name)
    await page.fill("#token", secret)
    async with page.expect_navigation():
        await page.click("#login")


async def _sign_out(page: Any) -> None:
    async with page.expect_navigation():
        await page.click("text=Выйти")


async def _owner_adds_an_operator(page: Any, base: str, tmp_path: Path) -> str:
    await page.goto(f"{base}/admin/users")
    await _sign_in(page, "", ADMIN_TOKEN)
    assert page.url.endswith("/admin/users")
    await page.fill("#name", "Olga")
    await page.select_option("#role", "operator")
    async with page.expect_navigation():
        await page.click("#add")
    assert "Учётная запись olga создана" in await page.text_content("#added")
    password = (await page.text_content("#one-time-password") or "").strip()
    assert len(password) >= 20
    row = await page.text_content("#user-olga")
    assert row is not None
    assert "оператор" in row
    assert "входов не было" in row
    await _shot(page, tmp_path, "staff-users.png")
    await page.reload()  # shown once: a fresh look at the page has no password
    assert await page.locator("#one-time-password").count() == 0
    async with page.expect_navigation():
        await page.click("a[href='/admin/users/olga']")
    await page.fill("#label", "Выгрузка заказов")
    async with page.expect_navigation():
        await page.click("#create-token")
    assert (await page.text_content("#new-token") or "").startswith("vt_")
    await _shot(page, tmp_path, "staff-user.png")
    assert not await page.is_visible("#confirm-reset-password")  # asked first, not at once
    await page.click("#reset")
    assert await page.is_visible("#confirm-reset-password")
    assert "Сбросить пароль сотрудника olga?" in (await page.text_content("#confirm-reset") or "")
    assert await page.evaluate("document.documentElement.scrollWidth") <= 390
    await _shot(page, tmp_path, "staff-user-reset.png")
    await _sign_out(page)
    return password


async def test_the_owner_adds_an_operator_who_cannot_refund_and_changes_their_password(
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
    base = f"http://127.0.0.1:{server.port}"
    page = await browser.new_page(viewport={"width": 390, "height": 844})  # a phone
    password = await _owner_adds_an_operator(page, base, tmp_path)

    await page.goto(f"{base}/admin/orders/{order.id}")
    assert "/admin/login" in page.url
    await _sign_in(page, "olga", password)
    assert page.url.endswith(f"/admin/orders/{order.id}")
    assert await page.text_content("#signed-in-as") == "olga (оператор)"
    assert await page.locator("#refund").count() == 0
    assert await page.locator("a[href='/admin/reconciliation']").count() == 0
    assert await page.locator("a[href='/admin/users']").count() == 0
    await _shot(page, tmp_path, "operator-order.png")

    refused = await page.goto(f"{base}/admin/reconciliation")
    assert refused is not None
    assert refused.status == 403
    assert "недоступны для роли «оператор»" in await page.text_content("#forbidden")
    await _shot(page, tmp_path, "operator-forbidden.png")
    assert (await page.goto(f"{base}/admin/users")).status == 403  # type: ignore[union-attr]

    await page.goto(f"{base}/admin/account")
    await page.fill("#current", password)
    await page.fill("#new", NEW_PASSWORD)
    await page.fill("#repeat", NEW_PASSWORD + "!")
    async with page.expect_navigation():
        await page.click("#change-password")
    assert await page.text_content("#problem") == "Новые пароли не совпадают."
    await page.fill("#current", password)
    await page.fill("#new", NEW_PASSWORD)
    await page.fill("#repeat", NEW_PASSWORD)
    async with page.expect_navigation():
        await page.click("#change-password")
    assert "Пароль изменён" in await page.text_content("#changed")
    await _shot(page, tmp_path, "staff-account.png")

    await _sign_out(page)
    assert "/admin/login" in page.url
    await page.goto(f"{base}/admin/orders")
    assert "/admin/login" in page.url  # the session is gone
    await _shot(page, tmp_path, "staff-login.png")
    await _sign_in(page, "olga", password)  # the one-time password is no more
    assert "Неверное имя или пароль" in await page.content()
    await _sign_in(page, "olga", NEW_PASSWORD)
    assert page.url.endswith("/admin/orders")  # where the login was asked for
    await page.close()
