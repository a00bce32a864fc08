"""In real Chromium: an operator sends a photo and a document from the chat page, and both show
in the transcript at once (a thumbnail, a chip with the file's name and size); the chat's
title is the shopper's name and a written-out number; after the close the shopper's rating
reaches the metrics page, per group, operator and day."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer

from shop.access.roles import Role
from shop.access.staff import add_user
from shop.clock import utcnow
from shop.storage.db import Database
from tests.desk.media import png
from tests.desk.test_desk_browser import (
    PASSWORD,
    _operator,
    _press,
    _shot,
    desk_shop,
    sandbox_shopper,
)

__all__ = ["desk_shop"]
pytestmark = pytest.mark.browser
PDF = b"%PDF-1.4\n% Vitrina test invoice\n" + b"0" * 2000


async def _attach(page: Any, name: str, mime: str, content: bytes, caption: str) -> None:
    await page.set_input_files(
        "#media-file", files=[{"name": name, "mimeType": mime, "buffer": content}]
    )
    await page.fill("#media-form input[name=caption]", caption)
    await _press(page, "#media-form button[type=submit]")


async def test_files_sent_show_inline_and_the_rating_reaches_the_metrics_page(
    desk_shop: TestServer, db: Database, browser: Any, tmp_path: Path
) -> None:
    await add_user(db, "ivan", Role.OPERATOR, PASSWORD, utcnow(), actor="test")
    base = f"http://127.0.0.1:{desk_shop.port}"
    shopper, chat = await sandbox_shopper(browser, base)
    await chat.say("Здравствуйте, хочу вернуть чайник")

    ivan = await _operator(browser, base, "ivan")
    waiting = 'tr.chat-row[data-state="waiting"]'
    await ivan.locator(waiting).wait_for()
    await _press(ivan, f"{waiting} a")
    title = await ivan.text_content("h1") or ""
    assert re.search(r"\+7\u00a0\d{3}\u00a0\d{3}-\d{2}-\d{2}", title), title
    await _press(ivan, "#take")
    await ivan.fill("#reply-text", "Пришлите, пожалуйста, фото. Вот бланк и пример.")
    await _press(ivan, "#reply-form button[type=submit]")
    await _attach(ivan, "primer.png", "image/png", png(240, 160, (40, 120, 200)), "Пример")
    await _attach(ivan, "blank-vozvrata.pdf", "application/pdf", PDF, "Бланк возврата")

    thumb = ivan.locator('.line.out img[src^="/admin/media/"]')
    await thumb.wait_for()
    await ivan.wait_for_function(
        "() => document.querySelector('.line.out img').naturalWidth === 240"
    )
    chip = ivan.locator(".line.out a.file-chip")
    assert await chip.locator(".file-name").text_content() == "blank-vozvrata.pdf"
    assert await chip.locator(".file-size").text_content() == "2 КБ"
    await shopper.get_by_text("Пришлите, пожалуйста, фото").first.wait_for()
    # Their ticks come live, as for any reply.
    await ivan.locator("#live-lines .line.out").last.locator(".tick", has_text="✓").wait_for()
    await _shot(ivan, tmp_path, "desk-media-out.png")

    await _press(ivan, "#close")
    await chat.tap("5 — отлично")
    await shopper.locator("text=Спасибо за оценку!").wait_for()

    await ivan.goto(f"{base}/admin/chats/metrics")
    row = ivan.locator('#by-groups tr[data-key="Поддержка"]')
    assert await row.locator('[data-field="csat"]').text_content() == "5,0"
    assert await row.locator('[data-field="csat_answers"]').text_content() == "1"
    assert await row.locator('[data-field="csat_high"]').text_content() == "100\u00a0%"
    operator = ivan.locator('#by-operators tr[data-key="ivan"] [data-field="csat"]')
    assert await operator.text_content() == "5,0"
    await _shot(ivan, tmp_path, "desk-metrics.png")
    phone = await _operator(browser, base, "ivan", width=390)
    await phone.goto(f"{base}/admin/chats/metrics")
    await _shot(phone, tmp_path, "desk-metrics-phone.png")
