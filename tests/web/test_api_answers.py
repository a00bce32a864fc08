"""The merchant API answers what its OpenAPI document declares, and the declarations hold."""

from __future__ import annotations

from typing import get_args

import aiohttp
from aiohttp.test_utils import TestClient

from catalog.sync_store import STATES
from shop.web.api.catalog import SyncState
from tests.catalog.conftest import PAYLOADS
from tests.web.answers import assert_declared
from tests.web.conftest import bearer


def test_the_sync_states_declared_are_the_stores() -> None:
    assert set(get_args(SyncState)) == set(STATES)


async def test_catalog_answers_are_the_declared_models(client: TestClient) -> None:
    form = aiohttp.FormData()
    data = (PAYLOADS / "spreadsheet_errors_cp1251.csv").read_bytes()
    form.add_field("file", data, filename="errors.csv", content_type="text/csv")
    refused = await client.post("/api/catalog/imports", data=form, headers=bearer())
    assert_declared("POST", "/api/catalog/imports", 200, await refused.json())
    data = (PAYLOADS / "meta_feed.csv").read_bytes()
    headers = {**bearer(), "Content-Type": "text/csv"}
    imported = await (await client.post("/api/catalog/imports", data=data, headers=headers)).json()
    assert_declared("POST", "/api/catalog/imports", 200, imported)
    dry = await client.post("/api/catalog/imports?dry_run=1", data=data, headers=headers)
    assert_declared("POST", "/api/catalog/imports", 200, await dry.json())
    unreadable = await client.post("/api/catalog/imports", data=b"\x00\x01", headers=headers)
    assert unreadable.status == 400
    assert_declared("POST", "/api/catalog/imports", 400, await unreadable.json())
    broken = {**bearer(), "Content-Type": "multipart/form-data"}
    no_file = await client.post("/api/catalog/imports", data=b"--x\r\n", headers=broken)
    assert no_file.status == 400
    assert_declared("POST", "/api/catalog/imports", 400, await no_file.json())
    record = await client.get(f"/api/catalog/imports/{imported['import_id']}", headers=bearer())
    assert_declared("GET", "/api/catalog/imports/{import_id}", 200, await record.json())
    products = await client.get("/api/catalog/products", headers=bearer())
    assert_declared("GET", "/api/catalog/products", 200, await products.json())


async def test_report_answers_are_the_declared_models(client: TestClient) -> None:
    inbox = await client.get("/api/inbox", headers=bearer())
    assert_declared("GET", "/api/inbox", 200, await inbox.json())
    funnel = await client.get("/api/nudges/funnel", headers=bearer())
    assert_declared("GET", "/api/nudges/funnel", 200, await funnel.json())
    orders = await client.get("/api/orders", headers=bearer())
    assert_declared("GET", "/api/orders", 200, await orders.json())


async def test_errors_are_the_declared_model(client: TestClient) -> None:
    malformed = await client.get("/api/orders?limit=abc", headers=bearer())
    assert_declared("GET", "/api/orders", 400, await malformed.json())
    unauthorized = await client.get("/api/orders")
    assert_declared("GET", "/api/orders", 401, await unauthorized.json())
    missing = await client.get("/api/orders/999", headers=bearer())
    assert_declared("GET", "/api/orders/{id}", 404, await missing.json())
