"""Two operators and a shopper in real Chromium, each in a browser context of their own: the
shopper asks for a person on the sandbox chat page; both operators' inboxes show the chat
without a reload; Ivan takes it and Olga sees it taken; Ivan's reply reaches the shopper's
page; he transfers it to Логистика (Olga sees the move) and, taken again, closes it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer

from shop.access.roles import Role
from shop.access.staff import add_user
from shop.clock import utcnow
from shop.sandbox_mode import with_sandbox_endpoints
from shop.settings import load_settings
from shop.storage.db import Database
from shop.web.app import create_app
from tests.chat.chat_page import ChatPage
from tests.web.conftest import ADMIN_TOKEN

pytestmark = pytest.mark.browser
WAIT = 20_000  # ms: through webhooks, the inbox, the outbox, the Graph fake and the feed
PASSWORD = "desk-operator-password-1"
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
async def desk_shop(aiohttp_server: Any, unused_tcp_port: int, database_url: str) -> TestServer:
    base = f"http://127.0.0.1:{unused_tcp_port}"
    settings = with_sandbox_endpoints(
        load_settings(database_url=database_url, admin_token=ADMIN_TOKEN), base
    )
    server: TestServer = await aiohttp_server(create_app(settings), port=unused_tcp_port)
    return server


async def _shot(page: Any, tmp_path: Path, name: str) -> None:
    shot = tmp_path / name
    await page.screenshot(path=str(shot), full_page=True)
    if keep := os.environ.get("VITRINA_KEEP_SCREENSHOTS"):
        shot.replace(Path(keep) / shot.name)


async def _operator(browser: Any, base: str, name: str, width: int = 1280) -> Any:
    context = await browser.new_context(viewport={"width": width, "height": 900})
    page = await context.new_page()
    page.set_default_timeout(WAIT)
    await page.goto(f"{base}/admin/chats")
    await page.fill("#name", name)
    await page.fill("#token", PASSWORD)
    async with page.expect_navigation():
        await page.click("#login")
    assert page.url.endswith("/admin/chats")
    return page


async def sandbox_shopper(browser: Any, base: str) -> tuple[Any, ChatPage]:
    """A shopper on the sandbox chat page, in a browser context of their own."""
    shopper = await (await browser.new_context(viewport={"width": 420, "height": 900})).new_page()
    shopper.set_default_timeout(WAIT)
    await shopper.goto(f"{base}/sandbox/chat")
    return shopper, ChatPage(shopper)


async def _press(page: Any, selector: str) -> None:
    async with page.expect_navigation():
        await page.click(selector)


async def test_two_operators_share_a_chat_live_and_the_reply_reaches_the_shopper(
    desk_shop: TestServer, db: Database, browser: Any, tmp_path: Path
) -> None:
    for name in ("ivan", "olga"):
        await add_user(db, name, Role.OPERATOR, PASSWORD, utcnow(), actor="test")
    base = f"http://127.0.0.1:{desk_shop.port}"
    ivan = await _operator(browser, base, "ivan")
    olga = await _operator(browser, base, "olga")

    shopper, chat = await sandbox_shopper(browser, base)
    await chat.say("Здравствуйте, где мой заказ?")
    await chat.tap("Позвать человека")

    waiting = 'tr.chat-row[data-state="waiting"]'
    await olga.locator(waiting).wait_for()  # no reload: the feed brought it
    await ivan.locator(waiting).wait_for()
    assert "Логистика" in await olga.text_content(waiting)
    await _press(ivan, f"{waiting} a")
    assert "где мой заказ?" in (await ivan.text_content("#live-lines") or "")
    await _press(ivan, "#take")
    assert await ivan.text_content("#chat-assignee") == "ivan"
    await olga.locator('tr.chat-row[data-state="assigned"] .assignee', has_text="ivan").wait_for()
    await _shot(olga, tmp_path, "desk-inbox.png")

    await ivan.fill("#reply-text", "Здравствуйте! Это Иван, сейчас проверю заказ.")
    await _press(ivan, "#reply-form button[type=submit]")
    await shopper.locator("text=Здравствуйте! Это Иван, сейчас проверю заказ.").wait_for()
    # The reply's ticks arrive live: queued, then sent/delivered as the statuses come back.
    await ivan.locator("#live-lines .line.out").last.locator(".tick", has_text="✓").wait_for()
    await _shot(ivan, tmp_path, "desk-chat.png")

    await ivan.select_option("#transfer-group", "support")
    await _press(ivan, "#transfer")
    await ivan.locator("#chat-group", has_text="Поддержка").wait_for()  # the page after it
    await olga.locator('tr.chat-row[data-state="waiting"]', has_text="Поддержка").wait_for()

    await _press(ivan, "#take")
    await _press(ivan, "#close")
    assert await ivan.text_content("#state-badge") == "Закрыт"
    await olga.locator('tr.chat-row[data-state="closed"]').wait_for()

    phone = await _operator(browser, base, "olga", width=390)
    await _shot(phone, tmp_path, "desk-inbox-phone.png")
    await _press(phone, "tr.chat-row a")
    await _shot(phone, tmp_path, "desk-chat-phone.png")
