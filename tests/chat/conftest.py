"""Fixtures of the shopping tests: the service wired to its sandbox over loopback."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from shop.clock import FrozenClock, utcnow
from tests.chat.chat import Shopper
from tests.whatsapp.rig import Rig, start_rig


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(utcnow())


@pytest.fixture
async def rig(
    aiohttp_client: Any, database_url: str, unused_tcp_port: int, clock: FrozenClock
) -> Rig:
    return await start_rig(aiohttp_client, database_url, unused_tcp_port, clock=clock)


@pytest.fixture
def shopper(rig: Rig, clock: FrozenClock) -> Shopper:
    return Shopper(rig, clock)


@pytest.fixture
def start_shopper(
    aiohttp_client: Any, database_url: str, unused_tcp_port_factory: Any, clock: FrozenClock
) -> Callable[[], Awaitable[Shopper]]:
    """Each call starts a fresh service and sandbox over the same database: a restart."""

    async def start() -> Shopper:
        port = unused_tcp_port_factory()
        return Shopper(await start_rig(aiohttp_client, database_url, port, clock=clock), clock)

    return start
