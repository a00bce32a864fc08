"""Fixtures: the fake YooKassa on a real port, a notification collector, and our client."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from payments.yookassa import YooKassaClient
from sandbox.app import create_sandbox_app
from sandbox.config import SandboxConfig

SHOP_ID = "100500"
SECRET = "test_secret_key"

ServerFactory = Callable[[web.Application], Awaitable[TestServer]]


@dataclass
class Collector:
    """Our side of the notifications: everything the fake POSTed, with the peer address."""

    received: list[dict[str, Any]] = field(default_factory=list)

    async def handle(self, request: web.Request) -> web.Response:
        self.received.append(await request.json())
        return web.Response(text="ok")

    def events(self) -> list[tuple[str, str]]:
        return [(n["event"], n["object"]["id"]) for n in self.received]


@dataclass
class Fake:
    base: str  # http://HOST:PORT of the sandbox app
    collector: Collector
    http: httpx.AsyncClient

    @property
    def api_url(self) -> str:
        return f"{self.base}/yookassa/v3"

    async def control(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = await self.http.post(f"{self.base}/control/yookassa/{path}", json=body)
        response.raise_for_status()
        result: dict[str, Any] = response.json()
        return result

    async def state(self) -> dict[str, Any]:
        response = await self.http.get(f"{self.base}/control/yookassa/state")
        result: dict[str, Any] = response.json()
        return result

    async def choose(self, confirmation_url: str, action: str) -> httpx.Response:
        """Press a button of the confirmation page, as a shopper's browser would."""
        return await self.http.post(confirmation_url, data={"action": action})


@pytest.fixture
async def fake(aiohttp_server: ServerFactory) -> AsyncIterator[Fake]:
    collector = Collector()
    ours = web.Application()
    ours.router.add_post("/webhooks/yookassa", collector.handle)
    our_server = await aiohttp_server(ours)
    config = SandboxConfig(
        app_secret="s",
        webhook_url=str(our_server.make_url("/webhooks/whatsapp")),
        phone_number_id="1",
        business_account_id="2",
        catalog_id="3",
        yookassa_notification_url=str(our_server.make_url("/webhooks/yookassa")),
        yookassa_shop_id=SHOP_ID,
        yookassa_secret_key=SECRET,
    )
    server = await aiohttp_server(create_sandbox_app(config))
    async with httpx.AsyncClient(follow_redirects=False) as http:
        yield Fake(base=str(server.make_url("")).rstrip("/"), collector=collector, http=http)


@pytest.fixture
async def client(fake: Fake) -> AsyncIterator[YooKassaClient]:
    gateway = YooKassaClient(
        api_url=fake.api_url,
        shop_id=SHOP_ID,
        secret_key=SECRET,
        timeout=httpx.Timeout(10.0, connect=5.0),
    )
    yield gateway
    await gateway.aclose()
