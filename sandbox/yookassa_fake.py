"""The fake YooKassa's runtime: its books, the faults asked for, and notification delivery."""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import aiohttp
from aiohttp import web

from sandbox.config import SandboxConfig
from sandbox.yookassa_state import Books, Notification, public

log = logging.getLogger(__name__)


@dataclass
class Faults:
    """What goes wrong next, as asked through the control API."""

    errors: int = 0  # the next N API calls are processed, then answered 500 (outcome unknown)
    delays: list[float] = field(default_factory=list)  # the next calls answer after N seconds
    paid_amount: Decimal | None = None  # the next payment succeeds with this amount instead
    duplicates: int = 0  # the next N notifications are delivered twice
    hold: bool = False  # notifications wait for /notifications/flush
    receipt_outcome: str = "succeeded"  # how the register ends the next receipts


@dataclass
class FakeYooKassa:
    config: SandboxConfig
    books: Books = field(default_factory=Books)
    faults: Faults = field(default_factory=Faults)
    held: list[dict[str, Any]] = field(default_factory=list)
    delivered: list[dict[str, Any]] = field(default_factory=list)
    shutdown: asyncio.Event = field(default_factory=asyncio.Event)

    async def notify(self, events: list[Notification]) -> None:
        for event, obj in events:
            body = {"type": "notification", "event": event, "object": public(obj)}
            copies = 1
            if self.faults.duplicates > 0:
                self.faults.duplicates -= 1
                copies = 2
            for _ in range(copies):
                if self.faults.hold:
                    self.held.append(json.loads(json.dumps(body)))
                else:
                    await self._deliver(json.loads(json.dumps(body)))

    async def flush(self) -> int:
        held, self.held = self.held, []
        self.faults.hold = False
        for body in held:
            await self._deliver(body)
        return len(held)

    async def _deliver(self, body: dict[str, Any]) -> None:
        url = self.config.yookassa_notification_url
        status = None
        if url:
            try:
                async with (
                    aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session,
                    session.post(url, json=body) as response,
                ):
                    status = response.status
            except (aiohttp.ClientError, TimeoutError) as exc:
                log.warning("yookassa fake: notification %s not delivered: %s", body["event"], exc)
        self.delivered.append(
            {"event": body["event"], "id": body["object"]["id"], "status": status}
        )


FAKE = web.AppKey("fake_yookassa", FakeYooKassa)


def fake_of(request: web.Request) -> FakeYooKassa:
    return request.config_dict[FAKE]
