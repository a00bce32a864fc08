"""Fixtures of the order tests: the fake YooKassa in memory and over HTTP, a placed order."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from aiohttp.test_utils import TestServer

from catalog.money import Money
from payments.yookassa import YooKassaClient
from sandbox.app import create_sandbox_app
from sandbox.config import SandboxConfig
from shop.chat.tables import ShopChat
from shop.clock import FrozenClock
from shop.orders.model import OrderStatus, new_token
from shop.orders.payments import OrderPayments, PayConfig, Settled
from shop.orders.tables import ShopOrder, ShopOrderLine
from shop.storage.db import Database
from tests.fakes import FakeYooKassa

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
CONFIG = SandboxConfig(
    app_secret="s",
    webhook_url="http://127.0.0.1:9/webhooks/whatsapp",
    phone_number_id="1",
    business_account_id="2",
    catalog_id="3",
)


@pytest.fixture
async def fake(aiohttp_server: Any) -> TestServer:
    server: TestServer = await aiohttp_server(create_sandbox_app(CONFIG))
    return server


@pytest.fixture
async def gateway(fake: TestServer) -> AsyncIterator[YooKassaClient]:
    client = YooKassaClient(
        api_url=str(fake.make_url("/yookassa/v3")),
        shop_id=CONFIG.yookassa_shop_id,
        secret_key=CONFIG.yookassa_secret_key,
        timeout=httpx.Timeout(1.0),
    )
    yield client
    await client.aclose()


class Recorder:
    def __init__(self) -> None:
        self.outcomes: list[tuple[int | None, Settled]] = []

    async def __call__(self, _session: object, order: ShopOrder, settled: Settled) -> None:
        self.outcomes.append((order.id, settled))


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def yookassa() -> FakeYooKassa:
    return FakeYooKassa()


@pytest.fixture
def payments(db: Database, yookassa: FakeYooKassa, recorder: Recorder) -> OrderPayments:
    return OrderPayments(
        db=db,
        gateway=yookassa,
        clock=FrozenClock(NOW),
        config=PayConfig(public_base_url="https://shop.example"),
        on_outcome=recorder,
    )


async def place(
    db: Database, total: str = "1350.00", *, order_id: int | None = None, shopper: int = 0
) -> ShopOrder:
    """An order awaiting payment (`order_id` to take a given id, as a restored backup would;
    `shopper` to place several, each of its own shopper)."""
    async with db.transaction() as session:
        chat = ShopChat(business="b", wa_id=str(79001234567 + shopper))
        session.add(chat)
        await session.flush()
        order = ShopOrder(
            id=order_id,
            number=f"A-{10001 + shopper}",
            token=new_token(),
            chat_id=chat.id or 0,
            wa_id=chat.wa_id,
            status=OrderStatus.AWAITING_PAYMENT.value,
            goods_minor=Money.rub(total).minor - 30000,
            delivery_minor=30000,
            total_minor=Money.rub(total).minor,
            delivery_option="courier",
            delivery_kind="courier",
            delivery_title="Курьер",
            expires_at=NOW + timedelta(hours=24),
        )
        session.add(order)
        await session.flush()
        goods = Money.rub(total) - Money.rub("300")
        session.add(
            ShopOrderLine(
                order_id=order.id or 0,
                retailer_id="A1",
                title="Чайник",
                quantity=1,
                unit_price_minor=goods.minor,
            )
        )
    return order


async def fake_state(fake: TestServer) -> dict[str, Any]:
    async with httpx.AsyncClient() as client:
        response = await client.get(str(fake.make_url("/control/yookassa/state")))
        return dict(response.json())


async def fault(fake: TestServer, **body: Any) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.post(str(fake.make_url("/control/yookassa/faults")), json=body)
        assert response.status_code == 200


async def shopper_acts(url: str, action: str) -> None:
    async with httpx.AsyncClient() as client:
        await client.post(url, data={"action": action})
