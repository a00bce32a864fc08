"""YooKassa notifications over real HTTP: address check, durable storage, re-read before acting."""

from __future__ import annotations

import json
from datetime import UTC
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from aiohttp.test_utils import TestServer
from sqlmodel import select

from sandbox.app import create_sandbox_app
from sandbox.config import SandboxConfig
from shop.compose import Services
from shop.orders.model import OrderStatus
from shop.orders.tables import ShopOrder
from shop.settings import load_settings
from shop.storage.db import Database
from shop.web.app import create_app
from shop.web.keys import SERVICES
from shop.whatsapp.tables import WaChat, WaOutbox
from tests.orders.conftest import place
from webhooks.tables import YkInbox

PRODUCTION = {
    "whatsapp_access_token": "EAAG-token",
    "whatsapp_phone_number_id": "1",
    "whatsapp_app_secret": "app-secret-1-of-32-characters-xx",
    "whatsapp_verify_token": "verify-1-of-16-chars",
    "admin_token": "a-long-admin-token",
    "yookassa_shop_id": "100500",
    "yookassa_secret_key": "sandbox_secret_key",
}


@pytest.fixture
async def rig(
    aiohttp_server: Any, unused_tcp_port_factory: Any, database_url: str
) -> tuple[TestServer, TestServer]:
    port = unused_tcp_port_factory()
    config = SandboxConfig(
        app_secret="s",
        webhook_url=f"http://127.0.0.1:{port}/webhooks/whatsapp",
        phone_number_id="1",
        business_account_id="2",
        catalog_id="3",
        yookassa_notification_url=f"http://127.0.0.1:{port}/webhooks/yookassa",
    )
    fake: TestServer = await aiohttp_server(create_sandbox_app(config))
    settings = load_settings(
        database_url=database_url,
        public_base_url=f"http://127.0.0.1:{port}",
        yookassa_api_url=str(fake.make_url("/yookassa/v3")),
        whatsapp_graph_url=str(fake.make_url("/graph")),
        whatsapp_phone_number_id="1",
        whatsapp_business_account_id="2",
    )
    shop: TestServer = await aiohttp_server(create_app(settings, run_worker=False), port=port)
    return shop, fake


def services_of(shop: TestServer) -> Services:
    return shop.app[SERVICES]


async def drain(shop: TestServer) -> int:
    job = next(j for j in services_of(shop).jobs if j.name == "payments.notifications")
    return await job.run_once()


async def stored(db: Database) -> list[YkInbox]:
    async with db.sessions() as session:
        return list((await session.exec(select(YkInbox))).all())


async def order_status(db: Database, order_id: int | None) -> str:
    async with db.sessions() as session:
        order = await session.get(ShopOrder, order_id)
        assert order is not None
        return order.status


async def test_a_paid_notification_is_stored_then_confirmed_by_a_re_read(
    rig: tuple[TestServer, TestServer], db: Database
) -> None:
    shop, fake = rig
    order = await place(db)
    async with httpx.AsyncClient() as client:
        pay = await client.post(str(shop.make_url(f"/o/{order.token}/pay")))
        await client.post(
            str(fake.make_url("/control/yookassa/faults")),
            json={"fault": "duplicate_notifications", "times": 1},
        )
        await client.post(pay.headers["location"], data={"action": "pay"})  # the fake notifies us
    rows = await stored(db)
    assert [r.event for r in rows] == ["payment.succeeded"]  # the duplicate changed nothing
    assert await order_status(db, order.id) == OrderStatus.AWAITING_PAYMENT  # not yet acted on
    assert await drain(shop) == 1
    assert await order_status(db, order.id) == OrderStatus.PAID
    assert (await stored(db))[0].processed_at is not None


async def test_a_forged_success_is_not_believed_and_does_not_use_up_the_real_one(
    rig: tuple[TestServer, TestServer], db: Database
) -> None:
    shop, _fake = rig
    order = await place(db)
    async with httpx.AsyncClient() as client:
        pay = await client.post(str(shop.make_url(f"/o/{order.token}/pay")))
        payment_id = pay.headers["location"].rsplit("/", 1)[-1]
        forged = {
            "type": "notification",
            "event": "payment.succeeded",
            "object": {
                "id": payment_id,
                "status": "succeeded",
                "amount": {"value": "1.00", "currency": "RUB"},
            },
        }
        answer = await client.post(str(shop.make_url("/webhooks/yookassa")), json=forged)
        assert answer.status_code == 200
        assert await drain(shop) == 1
        assert await order_status(db, order.id) == OrderStatus.AWAITING_PAYMENT  # still pending
        await client.post(pay.headers["location"], data={"action": "pay"})  # the real success
    # Deduplicated on what the re-read learned: the real event is stored, not dropped as a
    # repeat of the forged one, and applied at once instead of at the hourly re-check.
    assert len(await stored(db)) == 2
    assert await drain(shop) == 1
    assert await order_status(db, order.id) == OrderStatus.PAID


async def test_an_unreadable_body_from_yookassa_is_kept(
    rig: tuple[TestServer, TestServer], db: Database
) -> None:
    shop, _ = rig
    async with httpx.AsyncClient() as client:
        answer = await client.post(str(shop.make_url("/webhooks/yookassa")), content=b"{not json")
    assert answer.status_code == 200
    [row] = await stored(db)
    assert row.payload == "{not json"
    await drain(shop)
    [row] = await stored(db)
    assert row.processed_at is not None


@pytest.mark.parametrize(
    ("networks", "forwarded", "expected"),
    [
        (None, None, 403),  # YooKassa's published ranges; the test client is 127.0.0.1
        ("127.0.0.1/32", None, 200),
        ("185.71.76.0/27", "185.71.76.5", 403),  # X-Forwarded-For from an untrusted peer
    ],
)
async def test_only_trusted_sources_are_stored(
    aiohttp_client: Any,
    database_url: str,
    db: Database,
    networks: str | None,
    forwarded: str | None,
    expected: int,
) -> None:
    extra = {"yookassa_trusted_networks": networks} if networks else {}
    settings = load_settings(database_url=database_url, **PRODUCTION, **extra)
    client = await aiohttp_client(create_app(settings, run_worker=False))
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    body = json.dumps(
        {"type": "notification", "event": "payment.succeeded", "object": {"id": "p-1"}}
    )
    answer = await client.post("/webhooks/yookassa", data=body, headers=headers)
    assert answer.status == expected
    assert len(await stored(db)) == (1 if expected == 200 else 0)


async def test_a_declined_payment_outside_the_window_sends_the_order_link_template(
    rig: tuple[TestServer, TestServer], db: Database
) -> None:
    shop, _fake = rig
    await services_of(shop).whatsapp.sync_templates()  # order_link is an approved UTILITY template
    order = await place(db)  # the shopper has not written for a day: the window is closed
    async with httpx.AsyncClient() as client:
        pay = await client.post(str(shop.make_url(f"/o/{order.token}/pay")))
        await client.post(pay.headers["location"], data={"action": "decline"})
    await drain(shop)
    async with db.sessions() as session:
        rows = (await session.exec(select(WaOutbox))).all()
    assert [(r.kind, r.category) for r in rows] == [("template", "utility")]
    body = json.loads(rows[0].body)
    assert body["template"]["name"] == "order_link"
    button = next(c for c in body["template"]["components"] if c["type"] == "button")
    assert button["parameters"][0]["text"] == order.token
    assert "yoomoney" not in rows[0].body.lower()  # the page link, never YooKassa's


async def test_a_paid_order_is_announced_in_the_chat_while_the_window_is_open(
    rig: tuple[TestServer, TestServer], db: Database
) -> None:
    from shop.clock import utcnow

    shop, _fake = rig
    order = await place(db)
    async with db.transaction() as session:  # the shopper wrote a minute ago
        session.add(WaChat(wa_id=order.wa_id, last_inbound_at=utcnow()))
    async with httpx.AsyncClient() as client:
        pay = await client.post(str(shop.make_url(f"/o/{order.token}/pay")))
        await client.post(pay.headers["location"], data={"action": "pay"})
    await drain(shop)
    async with db.sessions() as session:
        rows = (await session.exec(select(WaOutbox))).all()
    assert len(rows) == 1
    text = json.loads(rows[0].body)["text"]["body"]
    assert f"Оплата заказа {order.number} получена" in text
    assert "+7 *** ***-45-67" in text


async def test_an_object_id_that_does_not_fit_is_set_aside_and_the_next_notification_applied(
    rig: tuple[TestServer, TestServer], db: Database
) -> None:
    shop, _fake = rig
    order = await place(db)
    odd = {"type": "notification", "event": "payment.succeeded", "object": {"id": "a/b"}}
    async with httpx.AsyncClient() as client:
        answer = await client.post(str(shop.make_url("/webhooks/yookassa")), json=odd)
        pay = await client.post(str(shop.make_url(f"/o/{order.token}/pay")))
        await client.post(pay.headers["location"], data={"action": "pay"})  # the real one
    assert answer.status_code == 200
    assert await drain(shop) == 2
    assert await order_status(db, order.id) == OrderStatus.PAID
    odd_row, real = await stored(db)
    assert odd_row.object_id is None  # never used in a URL nor stored as an id
    assert odd_row.processed_at is not None
    assert (odd_row.last_error or "").startswith("not actionable")
    assert real.processed_at is not None
    assert real.last_error is None
    async with httpx.AsyncClient() as client:  # the merchant sees what was set aside
        page = await client.get(str(shop.make_url("/admin/orders")))
    assert "not actionable" in page.text
    shown = odd_row.received_at.replace(tzinfo=odd_row.received_at.tzinfo or UTC)
    assert shown.astimezone(ZoneInfo("Europe/Moscow")).strftime("%d.%m.%Y %H:%M") in page.text
