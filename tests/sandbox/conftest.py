"""Fixtures: a sandbox on its own port and a webhook receiver that checks signatures."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
from collections import deque
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from sandbox.app import create_sandbox_app
from sandbox.config import SandboxConfig

SECRET = "test-app-secret"
PHONE_NUMBER_ID = "100000000000001"
WABA_ID = "200000000000001"
MESSAGES_PATH = f"/graph/v23.0/{PHONE_NUMBER_ID}/messages"
TOKEN = {"Authorization": "Bearer test-token"}


class Receiver:
    """Stands in for the service's webhook endpoint and remembers what it was sent."""

    def __init__(self) -> None:
        self.url = ""
        self.accepted: list[dict[str, Any]] = []
        self.requests = 0
        self.bad_signatures = 0
        self.answers: deque[int] = deque()
        self.delays: deque[float] = deque()

    async def handle(self, request: web.Request) -> web.Response:
        raw = await request.read()
        self.requests += 1
        expected = "sha256=" + hmac.new(SECRET.encode(), raw, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(request.headers.get("X-Hub-Signature-256", ""), expected):
            self.bad_signatures += 1
            return web.Response(status=401)
        if self.delays:
            await asyncio.sleep(self.delays.popleft())
        status = self.answers.popleft() if self.answers else 200
        if status == 200:
            self.accepted.append(json.loads(raw))
        return web.Response(status=status)

    def values(self, field: str = "messages") -> list[dict[str, Any]]:
        return [
            change["value"]
            for payload in self.accepted
            for entry in payload["entry"]
            for change in entry["changes"]
            if change["field"] == field
        ]

    def statuses(self) -> list[dict[str, Any]]:
        return [s for value in self.values() for s in value.get("statuses", [])]

    def messages(self) -> list[dict[str, Any]]:
        return [m for value in self.values() for m in value.get("messages", [])]


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    receiver = Receiver()
    app = web.Application()
    app.router.add_post("/webhooks/whatsapp", receiver.handle)
    async with TestServer(app) as server:
        receiver.url = str(server.make_url("/webhooks/whatsapp"))
        yield receiver


def make_config(webhook_url: str) -> SandboxConfig:
    return SandboxConfig(
        app_secret=SECRET,
        webhook_url=webhook_url,
        phone_number_id=PHONE_NUMBER_ID,
        business_account_id=WABA_ID,
        catalog_id="300000000000001",
        display_phone_number="79000000000",
    )


@pytest.fixture
async def sandbox(receiver: Receiver) -> AsyncIterator[TestClient[Any, Any]]:
    """The sandbox on its own port; closed before the receiver, as a service outlives it."""
    server = TestServer(create_sandbox_app(make_config(receiver.url)))
    async with TestClient(server) as client:
        yield client


async def send(
    client: TestClient[Any, Any], body: dict[str, Any], headers: dict[str, str] | None = None
) -> tuple[int, dict[str, Any]]:
    """POST one /messages body; returns the HTTP status and the JSON answer."""
    response = await client.post(
        MESSAGES_PATH, json=body, headers=TOKEN if headers is None else headers
    )
    return response.status, await response.json()


async def control(client: TestClient[Any, Any], method: str, path: str, body: Any = None) -> Any:
    response = await client.request(method, f"/control/{path}", json=body)
    assert response.status == 200, await response.text()
    return await response.json()


async def flush(client: TestClient[Any, Any]) -> dict[str, int]:
    counts: dict[str, int] = await control(client, "POST", "webhooks/flush")
    return counts


async def open_window(client: TestClient[Any, Any], wa_id: str) -> str:
    answer = await control(
        client, "POST", f"shoppers/{wa_id}/messages", {"type": "text", "text": {"body": "Привет"}}
    )
    return str(answer["wamid"])


def text_message(to: str = "79001234567", body: str = "Здравствуйте") -> dict[str, Any]:
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "text",
        "text": {"body": body},
    }
