"""The sandbox's catalog fake validates like Meta and completes batches asynchronously."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from sandbox import catalog as fake

AUTH = {"Authorization": "Bearer t"}
GOOD = {
    "id": "SKU1",
    "title": "Чай",
    "description": "Чёрный",
    "availability": "in stock",
    "condition": "new",
    "price": "123.45 RUB",
    "link": "https://s/p/1",
    "image_link": "https://s/i/1.jpg",
}


@pytest.fixture
async def client(aiohttp_client: Any) -> TestClient:
    app = web.Application()
    fake.setup(app)
    test_client: TestClient = await aiohttp_client(app)
    return test_client


async def _batch(client: TestClient, requests: list[dict[str, Any]]) -> str:
    body = {"item_type": "PRODUCT_ITEM", "allow_upsert": True, "requests": requests}
    response = await client.post("/graph/v23.0/C1/items_batch", json=body, headers=AUTH)
    assert response.status == 200
    handles: list[str] = (await response.json())["handles"]
    return handles[0]


async def _status(client: TestClient, handle: str) -> dict[str, Any]:
    response = await client.get(
        "/graph/v23.0/C1/check_batch_request_status",
        params={"handle": handle, "load_ids_of_invalid_requests": "true"},
        headers=AUTH,
    )
    entry: dict[str, Any] = (await response.json())["data"][0]
    return entry


async def _items(client: TestClient) -> dict[str, Any]:
    body = await (await client.get("/control/catalog/C1")).json()
    return {item["id"]: item for item in body["items"]}


async def test_a_batch_finishes_only_after_polling(client: TestClient) -> None:
    handle = await _batch(client, [{"method": "UPDATE", "data": GOOD}])
    assert (await _status(client, handle))["status"] == "started"
    assert await _items(client) == {}
    finished = await _status(client, handle)
    assert finished["status"] == "finished"
    assert finished["errors_total_count"] == 0
    assert (await _items(client))["SKU1"]["price"] == "123.45 RUB"


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({**GOOD, "price": "123,45 RUB"}, "price must look like"),
        ({**GOOD, "price": "12345"}, "price must look like"),
        ({**GOOD, "retailer_id": "SKU1"}, "retailer_id must not be inside data"),
        ({k: v for k, v in GOOD.items() if k != "image_link"}, "image_link"),
        ({**GOOD, "availability": "maybe"}, "unknown availability"),
    ],
)
async def test_invalid_items_are_reported_per_item(
    client: TestClient, data: dict[str, Any], fragment: str
) -> None:
    ok = {**GOOD, "id": "OK"}
    handle = await _batch(
        client, [{"method": "UPDATE", "data": ok}, {"method": "UPDATE", "data": data}]
    )
    await _status(client, handle)
    status = await _status(client, handle)
    assert status["ids_of_invalid_requests"] == ["SKU1"]
    assert fragment in status["errors"][0]["message"]
    assert set(await _items(client)) == {"OK"}


async def test_updates_of_known_items_need_only_the_changed_fields_and_delete_removes(
    client: TestClient,
) -> None:
    fake_state = client.app[fake.STATE]
    fake_state.finish_after_polls = 1
    await _status(client, await _batch(client, [{"method": "UPDATE", "data": GOOD}]))
    change = {"method": "UPDATE", "data": {"id": "SKU1", "price": "99.00 RUB"}}
    await _status(client, await _batch(client, [change]))
    assert (await _items(client))["SKU1"]["title"] == "Чай"
    assert (await _items(client))["SKU1"]["price"] == "99.00 RUB"
    await _status(client, await _batch(client, [{"method": "DELETE", "data": {"id": "SKU1"}}]))
    assert await _items(client) == {}


async def test_missing_token_and_injected_faults_answer_graph_errors(client: TestClient) -> None:
    body = {"item_type": "PRODUCT_ITEM", "requests": [{"method": "UPDATE", "data": GOOD}]}
    response = await client.post("/graph/v23.0/C1/items_batch", json=body)
    assert response.status == 401
    assert (await response.json())["error"]["code"] == 190
    await client.post("/control/catalog/faults", json={"status": 503, "code": 2})
    failed = await client.post("/graph/v23.0/C1/items_batch", json=body, headers=AUTH)
    assert failed.status == 503
    assert (await client.post("/graph/v23.0/C1/items_batch", json=body, headers=AUTH)).status == 200
