"""In real Chromium: the shopper attaches a photo on the sandbox chat page; it arrives as a
signed image webhook, the worker's `desk.media` job fetches it from the Graph fake, and the
operator sees it inline in the chat's transcript (served by `/admin/media/{id}` to the
signed-in operator only)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from sqlmodel import col, select

from shop.access.roles import Role
from shop.access.staff import add_user
from shop.chat.tables import ShopChat
from shop.clock import utcnow
from shop.storage.db import Database
from tests.desk.media import png
from tests.desk.test_desk_browser import PASSWORD, _operator, desk_shop, sandbox_shopper
from tests.desk.test_desk_browser import _shot as _page_shot

__all__ = ["desk_shop"]
pytestmark = pytest.mark.browser
SHOPPER = "79001234567"


async def _shot(page: Any, tmp_path: Path, name: str, src: str | None = None) -> None:
    """The page with the photo in view (the live feed may swap the transcript meanwhile)."""
    if src is not None:
        await page.evaluate(
            "src => document.querySelector(`img[src='${src}']`)?.scrollIntoView()", src
        )
    await _page_shot(page, tmp_path, name)


async def _chat_id(db: Database) -> int:
    async with db.sessions() as session:
        query = select(ShopChat).where(col(ShopChat.wa_id) == SHOPPER)
        chat_id = (await session.exec(query)).one().id
    assert chat_id is not None
    return chat_id


async def test_a_photo_attached_on_the_sandbox_chat_page_shows_in_the_operators_transcript(
    desk_shop: TestServer, db: Database, browser: Any, tmp_path: Path
) -> None:
    await add_user(db, "ivan", Role.OPERATOR, PASSWORD, utcnow(), actor="test")
    base = f"http://127.0.0.1:{desk_shop.port}"
    shopper, chat = await sandbox_shopper(browser, base)
    await chat.say("Здравствуйте")
    await chat.tap("Позвать человека")
    ivan = await _operator(browser, base, "ivan")
    await ivan.goto(f"{base}/admin/chats/{await _chat_id(db)}")

    await shopper.fill("#text", "Пришло с браком")
    photo = {"name": "brak.png", "mimeType": "image/png", "buffer": png(240, 160, (200, 60, 40))}
    await shopper.set_input_files("#photo-file", files=[photo])
    await shopper.locator(".bubble.shopper", has_text="Фото: Пришло с браком").wait_for()

    # The open page shows the photo once the worker has kept it, without a reload.
    image = ivan.locator('.line.in img[src^="/admin/media/"]')
    await image.wait_for()
    src = await image.get_attribute("src")
    await ivan.wait_for_function(
        "src => document.querySelector(`img[src='${src}']`).naturalWidth === 240", arg=src
    )
    assert await ivan.locator(".line.in", has_text="Пришло с браком").count() == 1
    await _shot(ivan, tmp_path, "desk-media-photo.png", src)
    phone = await _operator(browser, base, "ivan", width=390)
    await phone.goto(ivan.url)
    await phone.locator(f'img[src="{src}"]').wait_for()
    await _shot(phone, tmp_path, "desk-media-photo-phone.png", src)
    await _shot(shopper, tmp_path, "sandbox-chat-photo.png")
    # Out of the operator's session, the same address gives nothing.
    stranger = await (await browser.new_context()).new_page()
    answer = await stranger.goto(f"{base}{src}")
    assert answer is not None
    assert "/admin/login" in stranger.url
