"""What the lifecycle tests share: the services of an order's path on one database and a
frozen clock, a paid order, the shopper's window and the `order_update` template."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import col, select

from shop.clock import FrozenClock
from shop.orders.lifecycle import OrderLifecycle
from shop.orders.lifecycle_tables import OrderNews
from shop.orders.news import OrderNewsTeller, PaymentNews
from shop.orders.payments import OrderPayments, PayConfig, Settled
from shop.orders.refunds import OrderRefunds
from shop.orders.tables import ShopOrder
from shop.storage.db import Database
from shop.whatsapp.service import OutboxEnqueue
from shop.whatsapp.tables import WaChat, WaOutbox, WaTemplate
from tests.fakes import FakeYooKassa
from tests.orders.conftest import NOW, place

BASE = "https://shop.example"
ZONE = ZoneInfo("Europe/Moscow")
ORDER_UPDATE_COMPONENTS = [
    {"type": "BODY", "text": "Заказ {{1}}: {{2}}"},
    {
        "type": "BUTTONS",
        "buttons": [{"type": "URL", "text": "Открыть заказ", "url": f"{BASE}/o/{{{{1}}}}"}],
    },
]


@dataclass
class Rig:
    db: Database
    clock: FrozenClock
    yookassa: FakeYooKassa
    payments: OrderPayments
    refunds: OrderRefunds
    lifecycle: OrderLifecycle


def make_rig(db: Database) -> Rig:
    clock = FrozenClock(NOW)
    yookassa = FakeYooKassa(clock)
    teller = OrderNewsTeller(enqueue=OutboxEnqueue(clock), public_base_url=BASE)
    news = PaymentNews(teller=teller, clock=clock)
    config = PayConfig(public_base_url=BASE)
    payments = OrderPayments(db=db, gateway=yookassa, clock=clock, config=config, on_outcome=news)
    refunds = OrderRefunds(db=db, gateway=yookassa, clock=clock, on_outcome=news)
    lifecycle = OrderLifecycle(db=db, clock=clock, teller=teller, refunds=refunds, zone=ZONE)
    return Rig(db, clock, yookassa, payments, refunds, lifecycle)


async def paid_order(rig: Rig, **placed: Any) -> ShopOrder:
    order = await place(rig.db, **placed)
    url = await rig.payments.link_for(order.token)
    assert url is not None
    rig.yookassa.choose(url, "pay")
    assert await rig.payments.observe(url.rsplit("/", 1)[-1]) is Settled.PAID
    return order


async def open_window(db: Database, wa_id: str, at: datetime) -> None:
    """The shopper wrote at `at`: messages may go for 24 hours after it."""
    async with db.transaction() as session:
        chat = await session.get(WaChat, wa_id)
        if chat is None:
            session.add(WaChat(wa_id=wa_id, last_inbound_at=at))
        else:
            chat.last_inbound_at, chat.window_closed_at = at, None


async def close_window(db: Database, wa_id: str, clock: FrozenClock) -> None:
    await open_window(db, wa_id, clock.now() - timedelta(days=2))


async def add_template(db: Database, status: str = "APPROVED", language: str = "ru") -> None:
    async with db.transaction() as session:
        session.add(
            WaTemplate(
                name="order_update",
                language=language,
                category="UTILITY",
                status=status,
                components=json.dumps(ORDER_UPDATE_COMPONENTS, ensure_ascii=False),
                updated_at=NOW,
            )
        )


async def sent(db: Database, wa_id: str | None = None) -> list[dict[str, Any]]:
    """The outbox's messages, oldest first, as the Graph API bodies."""
    async with db.sessions() as session:
        query = select(WaOutbox).order_by(col(WaOutbox.id))
        if wa_id is not None:
            query = query.where(col(WaOutbox.recipient) == wa_id)
        return [json.loads(row.body) for row in (await session.exec(query)).all()]


def text_of(body: dict[str, Any]) -> str:
    if body["type"] == "text":
        return str(body["text"]["body"])
    params = next(c for c in body["template"]["components"] if c["type"] == "body")
    return " | ".join(p["text"] for p in params["parameters"])


async def news_rows(db: Database, order_id: int | None) -> list[OrderNews]:
    async with db.sessions() as session:
        query = (
            select(OrderNews).where(col(OrderNews.order_id) == order_id).order_by(col(OrderNews.id))
        )
        return list((await session.exec(query)).all())


async def reload(db: Database, order_id: int | None) -> ShopOrder:
    async with db.sessions() as session:
        order = await session.get(ShopOrder, order_id)
        assert order is not None
        return order
