"""The sandbox chat page as a shopper drives it in Chromium: type, tap a reply, fill a cart."""

from __future__ import annotations

from typing import Any


class ChatPage:
    def __init__(self, page: Any) -> None:
        self.page = page

    async def say(self, text: str) -> None:
        await self.page.fill("#text", text)
        await self.page.click("#send")

    async def tap(self, title: str) -> None:
        await self.page.locator(f'button.reply[data-title="{title}"]').last.click()

    async def to_checkout(self, category: str, retailer_id: str) -> None:
        """From the menu to the checkout's first question with one product in the cart."""
        await self.say("меню")
        await self.tap("Каталог")
        await self.tap(category)
        await self.page.locator(f'button.add[data-id="{retailer_id}"]').last.click()
        await self.page.click("#cart-send")
        await self.tap("Оформить")
