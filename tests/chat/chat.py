"""A shopper in the sandbox: send messages, tap what the shop offered, read its replies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from catalog.tables import CatalogProduct
from shop.clock import FrozenClock
from shop.storage.db import Database
from tests.whatsapp.rig import Rig

SHOPPER = "79001234567"
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def product(
    retailer_id: str, title: str, price: str, category: str, quantity: int | None = 10
) -> CatalogProduct:
    return CatalogProduct(
        retailer_id=retailer_id,
        title=title,
        price_amount=Decimal(price),
        availability="in stock",
        condition="new",
        quantity=quantity,
        brand="Vitrina",
        category=category,
        content_hash="h" * 32,
        synced_hash="h" * 32,
        created_at=NOW,
        updated_at=NOW,
    )


async def seed(db: Database, *products: CatalogProduct) -> None:
    async with db.transaction() as session:
        session.add_all(products)


class Shopper:
    """Plays one shopper through the sandbox control API and runs the service's jobs."""

    def __init__(self, rig: Rig, clock: FrozenClock, wa_id: str = SHOPPER) -> None:
        self.rig, self.clock, self.wa_id = rig, clock, wa_id
        self.seen = 0

    async def send(self, message: dict[str, Any]) -> list[dict[str, Any]]:
        await self.rig.control(
            "POST", f"shoppers/{self.wa_id}/messages", {**message, "name": "Анна"}
        )
        return await self.settle()

    async def text(self, body: str) -> list[dict[str, Any]]:
        return await self.send({"type": "text", "text": {"body": body}})

    async def settle(self) -> list[dict[str, Any]]:
        """Deliver webhooks, process the inbox, send the outbox; return the new replies."""
        for _ in range(8):
            await self.rig.control("POST", "webhooks/flush")
            await self.rig.drain_inbox()
            while await self.rig.channel.sender.run_once():
                pass
            # Pair-rate pacing holds a burst's tail back for seconds: let that time pass.
            self.clock.advance(timedelta(seconds=7))
        replies = await self.rig.control("GET", f"messages?to={self.wa_id}")
        fresh = [m for m in replies if m["type"] != "mark_as_read"][self.seen :]
        self.seen += len(fresh)
        return [m["body"] for m in fresh]

    async def tap(self, replies: list[dict[str, Any]], title: str) -> list[dict[str, Any]]:
        """Tap the button or list row titled `title` in the given replies."""
        for body in reversed(replies):
            interactive = body.get("interactive") or {}
            action = interactive.get("action") or {}
            for button in action.get("buttons") or ():
                reply = button["reply"]
                if reply["title"] == title:
                    return await self.send(
                        {
                            "type": "interactive",
                            "interactive": {"type": "button_reply", "button_reply": reply},
                        }
                    )
            for section in action.get("sections") or ():
                for row in section.get("rows") or ():
                    if row["title"] == title:
                        pick = {"id": row["id"], "title": row["title"]}
                        return await self.send(
                            {
                                "type": "interactive",
                                "interactive": {"type": "list_reply", "list_reply": pick},
                            }
                        )
        raise AssertionError(f"nothing titled {title!r} in {texts(replies)}")


def texts(replies: list[dict[str, Any]]) -> list[str]:
    """What a person reads in each reply: its text or interactive body."""
    out = []
    for body in replies:
        if body.get("type") == "text":
            out.append(body["text"]["body"])
        elif body.get("type") == "interactive":
            out.append(
                (body["interactive"].get("body") or {}).get("text", body["interactive"]["type"])
            )
        else:
            out.append(body.get("type", "?"))
    return out


def titles(replies: list[dict[str, Any]]) -> list[str]:
    found = []
    for body in replies:
        action = (body.get("interactive") or {}).get("action") or {}
        found += [b["reply"]["title"] for b in action.get("buttons") or ()]
        for section in action.get("sections") or ():
            found += [r["title"] for r in section.get("rows") or ()]
    return found
