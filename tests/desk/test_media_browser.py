"""In real Chromium: the shopper attaches a photo on the sandbox chat page; it arrives as a
signed image webhook, the worker's `desk.media` job fetches it from the Graph fake, and the
operator sees it inline in the chat's transcript (served by `/admin/media/{id}` to the
signed-in operator only)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from sqlmodel import col, select

from shop.access.roles import Role
from shop.access.staff import add_user
from shop.chat.tables import ShopChat
from shop.clock import utcnow
from shop.desk.tables import DeskMessage
from shop.storage.db import Database
from tests.chat.chat_page import ChatPage
from tests.desk.media import png
from tests.desk.test_desk_browser import PASSWORD, WAIT, _operator, _shot, desk_shop

__all__ = ["desk_shop"]
pytestmark = pytest.mark.browser
SHOPPER = "79001234567"


async def _stored_photo(db: Database) -> tuple[int, int]:
    """(chat id, line id) once the worker has kept the shopper's photo; waits for the job."""
    for _ in range(WAIT // 100):
        async with db.sessions() as session:
            query = select(DeskMessage).where(col(DeskMessage.kind) == "image")
            line = (await session.exec(query)).first()
            if line is not None and json.loads(line.data).get("media_state") == "stored":
                chat_q = select(ShopChat).where(col(ShopChat.wa_id) == SHOPPER)
                chat = (await session.exec(chat_q)).one()
                assert chat.id is not None
                assert line.id is not None
                return chat.id, line.id
        await asyncio.sleep(0.1)
    raise AssertionError("the shopper's photo was never kept")


async def test_a_photo_attached_on_the_sandbox_chat_page_shows_in_the_operators_transcript(
    desk_shop: TestServer, db: Database, browser: Any, tmp_path: Path
) -> None:
    await add_user(db, "ivan", Role.OPERATOR, PASSWORD, utcnow(), actor="test")
    base = f"http://127.0.0.1:{desk_shop.port}"
    shopper = await (await browser.new_context(viewport={"width": 420, "height": 900})).new_page()
    shopper.set_default_timeout(WAIT)
    await shopper.goto(f"{base}/sandbox/chat")
    await ChatPage(shopper).say("Здравствуйте")
    await shopper.fill("#text", "Пришло с браком")
    photo = {"name": "brak.png", "mimeType": "image/png", "buffer": png(240, 160, (200, 60, 40))}
    await shopper.set_input_files("#photo-file", files=[photo])
    await shopper.locator(".bubble.shopper", has_text="📷 Фото: Пришло с браком").wait_for()

    chat_id, line_id = await _stored_photo(db)
    ivan = await _operator(browser, base, "ivan")
    await ivan.goto(f"{base}/admin/chats/{chat_id}")
    image = ivan.locator(f'img[src="/admin/media/{line_id}"]')
    await image.wait_for()
    await ivan.wait_for_function(
        "src => document.querySelector(`img[src='${src}']`).naturalWidth === 240",
        arg=f"/admin/media/{line_id}",
    )
    assert await ivan.locator(".line.in", has_text="Пришло с браком").count() == 1
    await _shot(ivan, tmp_path, "desk-media-photo.png")
    phone = await _operator(browser, base, "ivan", width=390)
    await phone.goto(f"{base}/admin/chats/{chat_id}")
    await phone.locator(f'img[src="/admin/media/{line_id}"]').wait_for()
    await _shot(phone, tmp_path, "desk-media-photo-phone.png")
    await _shot(shopper, tmp_path, "sandbox-chat-photo.png")
    # Out of the operator's session, the same address gives nothing.
    stranger = await (await browser.new_context()).new_page()
    answer = await stranger.goto(f"{base}/admin/media/{line_id}")
    assert answer is not None
    assert "/admin/login" in stranger.url
