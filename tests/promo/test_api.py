"""`/api/promo-codes` over HTTP on the real app: create, list, change, switch off; every
refusal names its field, and nothing is half-saved."""

from __future__ import annotations

from typing import Any

from aiohttp.test_utils import TestClient

from tests.web.answers import assert_declared
from tests.web.conftest import bearer

NEW = {
    "code": "summer10",
    "kind": "percent",
    "percent": 10,
    "min_total": "1000",
    "starts_at": "2026-06-01T00:00:00+03:00",
    "ends_at": "2099-09-01T00:00:00+03:00",
    "total_limit": 100,
    "per_shopper_limit": 1,
    "first_order_only": True,
}


async def call(client: TestClient, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    response = await client.request(method, path, json=body, headers=bearer())
    return response.status, await response.json()


async def test_a_created_code_is_listed_with_its_terms(client: TestClient) -> None:
    status, created = await call(client, "POST", "/api/promo-codes", NEW)
    assert status == 201
    assert created["code"] == "SUMMER10"
    assert created["min_total"] == "1000.00"
    assert created["state"] == "active"
    assert_declared("POST", "/api/promo-codes", 201, created)
    status, page = await call(client, "GET", "/api/promo-codes?search=summ")
    assert status == 200
    assert [c["code"] for c in page["items"]] == ["SUMMER10"]
    assert page["total"] == 1
    _, none = await call(client, "GET", "/api/promo-codes?search=winter")
    assert none == {"items": [], "total": 0}


async def test_a_duplicate_code_is_409(client: TestClient) -> None:
    await call(client, "POST", "/api/promo-codes", NEW)
    status, body = await call(client, "POST", "/api/promo-codes", {**NEW, "code": "SUMMER10"})
    assert status == 409
    assert body["field"] == "code"
    assert "уже есть" in body["message"]


async def test_a_bad_value_names_its_field_in_russian_and_saves_nothing(client: TestClient) -> None:
    status, body = await call(client, "POST", "/api/promo-codes", {**NEW, "percent": 150})
    assert status == 400
    assert body["field"] == "percent"
    assert "от 1 до 100" in body["message"]
    status, body = await call(client, "POST", "/api/promo-codes", {**NEW, "code": "a b!"})
    assert (status, body["field"]) == (400, "code")
    status, body = await call(
        client, "POST", "/api/promo-codes", {**NEW, "kind": "amount", "percent": None}
    )
    assert (status, body["field"]) == (422, "amount")
    status, body = await call(
        client, "POST", "/api/promo-codes", {**NEW, "ends_at": "2026-05-01T00:00:00+03:00"}
    )
    assert (status, body["field"]) == (422, "ends_at")
    _, page = await call(client, "GET", "/api/promo-codes")
    assert page["total"] == 0


async def test_a_change_is_checked_whole_and_a_bad_one_changes_nothing(client: TestClient) -> None:
    await call(client, "POST", "/api/promo-codes", NEW)
    status, changed = await call(client, "PATCH", "/api/promo-codes/summer10", {"percent": 15})
    assert status == 200
    assert changed["percent"] == 15
    status, body = await call(client, "PATCH", "/api/promo-codes/SUMMER10", {"kind": "amount"})
    assert (status, body["field"]) == (422, "amount")
    _, page = await call(client, "GET", "/api/promo-codes")
    assert page["items"][0]["kind"] == "percent"


async def test_deleting_switches_a_code_off_and_an_unknown_one_is_404(client: TestClient) -> None:
    await call(client, "POST", "/api/promo-codes", NEW)
    status, body = await call(client, "DELETE", "/api/promo-codes/SUMMER10")
    assert (status, body["state"]) == (200, "disabled")
    _, page = await call(client, "GET", "/api/promo-codes?state=disabled")
    assert [c["code"] for c in page["items"]] == ["SUMMER10"]
    status, body = await call(client, "DELETE", "/api/promo-codes/NOPE")
    assert (status, body["error"]) == (404, "not_found")
    status, body = await call(client, "PATCH", "/api/promo-codes/NOPE", {"percent": 5})
    assert status == 404


async def test_without_the_token_the_codes_are_closed(client: TestClient) -> None:
    response = await client.get("/api/promo-codes")
    assert response.status == 401
