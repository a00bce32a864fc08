"""What the promo and templates browser tests share: a full-page screenshot, kept when
VITRINA_KEEP_SCREENSHOTS names a folder, and the owner's sign-in."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tests.web.conftest import ADMIN_TOKEN


async def shot(page: Any, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    await page.screenshot(path=str(path), full_page=True)
    if keep := os.environ.get("VITRINA_KEEP_SCREENSHOTS"):
        path.replace(Path(keep) / path.name)


async def sign_in_at(page: Any, url: str) -> None:
    await page.goto(url)
    await page.fill("#token", ADMIN_TOKEN)
    async with page.expect_navigation():
        await page.click("#login")


async def phone_view(browser: Any, page: Any, url: str) -> Any:
    """The same page, signed in, on a 390 px wide phone; no sideways scroll."""
    phone = await browser.new_page(viewport={"width": 390, "height": 844})
    await phone.context.add_cookies(await page.context.cookies())
    await phone.goto(url)
    assert await phone.evaluate("document.documentElement.scrollWidth") <= 390
    return phone
