"""Fixtures of the channel tests: the service wired to its sandbox over loopback."""

from __future__ import annotations

from typing import Any

import pytest

from tests.whatsapp.rig import Rig, start_rig


@pytest.fixture
async def rig(aiohttp_client: Any, database_url: str, unused_tcp_port: int) -> Rig:
    return await start_rig(aiohttp_client, database_url, unused_tcp_port, isolated=True)
