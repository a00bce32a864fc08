"""A return's photos: the chat invites them after the reason, and the staff's order page shows
the shopper's images sent since the request (kept ones as thumbnails linking to the file),
not the ones sent before it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from shop.clock import FrozenClock
from shop.orders.tables import ShopOrder
from shop.storage.db import Database
from tests.chat.chat import Shopper, texts
from tests.chat.conftest import clock, shopper
from tests.desk.media import PNG, fetch, put_media, send_media, signed_in
from tests.desk.test_media import rig
from tests.orders.test_chat_returns import placed, set_status
from tests.whatsapp.rig import Rig

__all__ = ["clock", "rig", "shopper"]

INVITE = "Если есть фото товара, пришлите их сюда — мы приложим их к заявке."


async def meta_keeps_time(rig: Rig, clock: FrozenClock) -> None:
    """The fake Meta stamps messages with its own clock; bring it to the shop's, as the two
    agree in life (the shop's test clock runs ahead while replies are paced)."""
    meta = datetime.fromisoformat((await rig.control("GET", "clock"))["now"])
    behind = (clock.now() - meta).total_seconds()
    await rig.control("POST", "clock", {"advance_seconds": max(0.0, behind) + 1})


async def photo(shopper: Shopper) -> int:
    """The shopper sends a PNG; its transcript line."""
    media_id = await put_media(shopper.rig, "image/png", PNG)
    return await send_media(shopper, "image", media_id, "image/png")


async def asked_back(
    shopper: Shopper, db: Database, clock: FrozenClock, reason: str
) -> tuple[ShopOrder, int, list[dict[str, Any]]]:
    """A received order, a photo sent before the request, then the request with its reason:
    the order, the early photo's line and the chat's replies to the reason."""
    order = await placed(shopper, db)
    await set_status(db, order.id, "delivered")
    await meta_keeps_time(shopper.rig, clock)
    early = await photo(shopper)
    replies = await shopper.tap(await shopper.text("меню"), "Мои заказы")
    replies = await shopper.tap(replies, "Вернуть товар")
    assert order.number is not None
    replies = await shopper.tap(await shopper.tap(replies, order.number), reason)
    await meta_keeps_time(shopper.rig, clock)
    return order, early, replies


async def test_photos_sent_after_a_return_request_show_on_the_order_page(
    rig: Rig, shopper: Shopper, db: Database, clock: FrozenClock
) -> None:
    order, early, replies = await asked_back(shopper, db, clock, "Брак или повреждение")
    assert texts(replies)[-1] == INVITE
    kept = await photo(shopper)
    await fetch(rig)
    waiting = await photo(shopper)
    async with signed_in(rig) as staff:
        page = (await staff.get(f"/admin/orders/{order.id}")).text
    start = page.index('id="return-photos"')
    photos = page[start : page.index("</div>", start)]
    assert f'href="/admin/media/{kept}"' in photos
    assert f'<img src="/admin/media/{kept}"' in photos
    assert f"/admin/media/{early}" not in photos
    assert f"/admin/media/{waiting}" not in photos  # not fetched yet: words, no link
    assert "файл загружается" in photos


async def test_an_order_asked_back_without_photos_says_so(
    rig: Rig, shopper: Shopper, db: Database, clock: FrozenClock
) -> None:
    order, _early, replies = await asked_back(shopper, db, clock, "Не подошёл размер")
    assert INVITE in texts(replies)
    await fetch(rig)
    async with signed_in(rig) as staff:
        page = (await staff.get(f"/admin/orders/{order.id}")).text
    assert "Покупатель пока не прислал фото." in page
    assert "/admin/media/" not in page
