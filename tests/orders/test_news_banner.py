"""The dashboard's warning when order news could not reach the shopper: counted from the
recorded undelivered news of the last week, gone once none is left in it."""

from __future__ import annotations

from datetime import timedelta

from shop.dashboard import queries
from shop.dashboard.banners import banners
from shop.orders.events import Actor
from shop.orders.lifecycle import Ask
from shop.orders.model import OrderStatus
from shop.storage.db import Database
from tests.orders.conftest import NOW
from tests.orders.lifecycle_rig import close_window, make_rig, paid_order


async def test_undelivered_order_news_raises_a_banner_for_a_week(db: Database) -> None:
    rig = make_rig(db)  # no order_update template at all
    order = await paid_order(rig)
    await close_window(db, order.wa_id, rig.clock)
    await rig.lifecycle.change(order.id or 0, Ask(OrderStatus.CONFIRMED, Actor.staff("a", "owner")))
    async with db.read_connection() as conn:
        now = await queries.snapshot(conn, now=NOW, sandbox=True, needed=())
        later = await queries.snapshot(conn, now=NOW + timedelta(days=8), sandbox=True, needed=())
    [banner] = banners(now)
    assert banner.key == "order-news"
    assert banner.message.startswith("Покупателям не дошли 2 сообщения о заказах")
    assert banner.href == "/admin/templates"
    assert banners(later) == []
