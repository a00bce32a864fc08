"""A catalog sync against the sandbox's fake of Meta's catalog API, for the tests that need one."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

import httpx
from aiohttp import web
from aiohttp.test_utils import TestServer
from sqlalchemy.ext.asyncio import AsyncEngine

from catalog.graph import CatalogApi, GraphCatalogApi, graph_client
from catalog.sync import MAX_BATCH, CatalogSync, Writer
from sandbox.app import create_sandbox_app
from sandbox.config import SandboxConfig
from shop.clock import utcnow

CATALOG = "777000111"


async def no_wait(_seconds: float) -> None:
    await asyncio.sleep(0)


def sandbox_app() -> web.Application:
    config = SandboxConfig(
        app_secret="s",
        webhook_url="http://127.0.0.1:9/none",
        phone_number_id="1",
        business_account_id="2",
        catalog_id=CATALOG,
    )
    return create_sandbox_app(config)


@asynccontextmanager
async def sandbox_api(sandbox: TestServer) -> AsyncIterator[GraphCatalogApi]:
    async with graph_client(str(sandbox.make_url("/graph")), "t") as client:
        yield GraphCatalogApi(client, catalog_id=CATALOG, version="v23.0", sleep=no_wait)


def catalog_sync(
    engine: AsyncEngine,
    write: Writer,
    api: CatalogApi,
    *,
    batch_size: int = MAX_BATCH,
    now: Callable[[], datetime] = utcnow,
) -> CatalogSync:
    return CatalogSync(
        engine=engine,
        write=write,
        api=api,
        catalog_id=CATALOG,
        link_for=lambda rid: f"https://s/{rid}",
        now=now,
        sleep=no_wait,
        batch_size=batch_size,
    )


async def sandbox_items(sandbox: TestServer) -> dict[str, dict[str, Any]]:
    """The items WhatsApp holds, by retailer id."""
    async with httpx.AsyncClient() as client:
        body = (await client.get(str(sandbox.make_url(f"/control/catalog/{CATALOG}")))).json()
    return {item["id"]: item for item in body["items"]}
