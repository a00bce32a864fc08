"""The message templates page in real Chromium, in sandbox mode: the book's templates with
their texts and review status; the owner submits the missing English ones, which show as in
review until the sandbox's reviewer approves one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from shop.sandbox_mode import with_sandbox_endpoints
from shop.settings import load_settings
from shop.web.app import create_app
from tests.promo.browser import phone_view, shot, sign_in_at
from tests.web.conftest import ADMIN_TOKEN

pytestmark = pytest.mark.browser


async def test_the_owner_submits_the_missing_templates_and_sees_their_review(
    aiohttp_server: Any, unused_tcp_port: int, database_url: str, browser: Any, tmp_path: Path
) -> None:
    base = f"http://127.0.0.1:{unused_tcp_port}"
    settings = with_sandbox_endpoints(
        load_settings(database_url=database_url, admin_token=ADMIN_TOKEN), base
    )
    app = create_app(settings, run_worker=False)
    await aiohttp_server(app, host="127.0.0.1", port=unused_tcp_port)
    page = await browser.new_page(viewport={"width": 1280, "height": 900})
    await sign_in_at(page, f"{base}/admin/templates")
    row = await page.text_content("#tpl-order_update-en")
    assert row is not None
    assert "Не отправлен" in row
    assert "News about order {{1}}: {{2}}." in row
    assert "Open the order" in row

    async with page.expect_navigation():
        await page.click("#submit")
    report = await page.text_content("#report")
    assert report is not None
    assert "Отправлено на проверку: 5." in report
    assert "Уже были в аккаунте: 5." in report
    assert "На проверке" in (await page.text_content("#tpl-order_update-en") or "")
    assert "Одобрен" in (await page.text_content("#tpl-order_update-ru") or "")
    review = await page.text_content("#sandbox-review") or ""
    assert "Message templates in the sandbox" in review  # the README's section tells how
    assert "/sandbox/control/" not in review
    assert "APPROVED" not in review
    await shot(page, tmp_path, "templates-1280.png")

    phone = await phone_view(browser, page, f"{base}/admin/templates")
    await shot(phone, tmp_path, "templates-390.png")
