"""A running service and its sandbox on two loopback ports, talking real HTTP both ways."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp.test_utils import TestClient, TestServer

from sandbox.app import create_sandbox_app
from sandbox.config import SandboxConfig
from shop.clock import Clock
from shop.compose import Services
from shop.settings import Settings
from shop.web.app import create_app
from shop.web.keys import SERVICES
from shop.whatsapp.service import Channel
from webhooks.intake import sign

SECRET = "test-app-secret"
VERIFY = "test-verify-token"
PHONE_ID = "100000000000001"
WABA_ID = "200000000000001"
PAYLOADS = Path(__file__).parent.parent / "payloads" / "whatsapp"


def payload(name: str) -> bytes:
    return (PAYLOADS / name).read_bytes()


def payload_json(name: str) -> dict[str, Any]:
    return json.loads(payload(name))


@dataclass
class Rig:
    client: TestClient[Any, Any]
    sandbox: TestClient[Any, Any]

    @property
    def services(self) -> Services:
        return self.client.app[SERVICES]  # type: ignore[index]

    @property
    def channel(self) -> Channel:
        return self.services.whatsapp

    async def post_webhook(self, body: bytes, *, secret: str = SECRET) -> int:
        response = await self.client.post(
            "/webhooks/whatsapp",
            data=body,
            headers={
                "X-Hub-Signature-256": sign(secret.encode(), body),
                "Content-Type": "application/json",
            },
        )
        return response.status

    async def split(self) -> int:
        """Split the stored bodies into inbox items and dead letters, as the worker does
        before it claims (the request path stores each body as it came)."""
        total, _more = await self.channel.inbox.splitter.run(batches=1_000_000)
        return total

    async def drain_inbox(self) -> int:
        """Process the inbox; the replies the batches handed to the sender are sent."""
        total = 0
        while handled := await self.channel.inbox.run_once():
            total += handled
        await self.channel.sender.drain()
        return total

    async def control(self, method: str, path: str, body: Any = None) -> Any:
        response = await self.sandbox.request(method, f"/control/{path}", json=body)
        assert response.status < 300, await response.text()
        return await response.json() if response.content_type == "application/json" else None


def settings_for(database_url: str, graph_url: str, **extra: Any) -> Settings:
    return Settings(
        database_url=database_url,
        whatsapp_graph_url=graph_url,
        whatsapp_app_secret=SECRET,
        whatsapp_verify_token=VERIFY,
        whatsapp_phone_number_id=PHONE_ID,
        whatsapp_business_account_id=WABA_ID,
        whatsapp_catalog_id="300000000000001",
        **extra,
    )


RigFactory = Callable[..., Awaitable[Rig]]


async def start_rig(
    aiohttp_client: Any,
    database_url: str,
    port: int,
    *,
    clock: Clock | None = None,
    isolated: bool = False,
    **settings: Any,
) -> Rig:
    config = SandboxConfig(
        app_secret=SECRET,
        webhook_url=f"http://127.0.0.1:{port}/webhooks/whatsapp",
        phone_number_id=PHONE_ID,
        business_account_id=WABA_ID,
        catalog_id="300000000000001",
    )
    sandbox = await aiohttp_client(TestServer(create_sandbox_app(config), host="127.0.0.1"))
    graph_url = str(sandbox.make_url("/graph")).rstrip("/")
    app = create_app(
        settings_for(database_url, graph_url, **settings), run_worker=False, clock=clock
    )
    client = await aiohttp_client(TestServer(app, host="127.0.0.1", port=port))
    rig = Rig(client=client, sandbox=sandbox)
    if isolated:  # the channel alone: other features' handlers (the shop's replies) are off
        handlers = rig.channel.handlers
        for registry in (handlers.inbound, handlers.preferences, handlers.quality):
            registry.clear()
    return rig
