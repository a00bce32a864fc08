"""Merchant frame fixtures: the real app with an admin token, and an open sandbox app."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from shop.settings import load_settings
from shop.web.app import create_app

ADMIN_TOKEN = "merchant-secret-token-1"


@pytest.fixture
async def client(aiohttp_client: Any, database_url: str) -> TestClient:
    settings = load_settings(database_url=database_url, admin_token=ADMIN_TOKEN)
    test_client: TestClient = await aiohttp_client(create_app(settings, run_worker=False))
    return test_client


@pytest.fixture
async def open_client(aiohttp_client: Any, database_url: str) -> TestClient:
    settings = load_settings(database_url=database_url)
    test_client: TestClient = await aiohttp_client(create_app(settings, run_worker=False))
    return test_client


def bearer(token: str = ADMIN_TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
