"""GET /api/orders filters as the orders page does: status, a number or phone, the shop's
days (Moscow here), pages with the total; a wrong value is a 400 naming the field."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aiohttp.test_utils import TestClient
from sqlalchemy import update

from shop.orders.tables import ShopOrder
from shop.storage.db import Database
from tests.orders.conftest import place
from tests.web.answers import assert_declared
from tests.web.conftest import bearer, client

__all__ = ["client"]
# 21:30 UTC on the 1st is already the 2nd in Moscow (UTC+3).
CREATED = [datetime(2026, 12, 1, 21, 30, tzinfo=UTC), datetime(2026, 12, 2, 10, 0, tzinfo=UTC)]


async def _orders(db: Database) -> None:
    for shopper in range(3):  # phones 79001234567, …568, …569; A-10001…A-10003
        order = await place(db, shopper=shopper)
        created = CREATED[shopper] if shopper < 2 else datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
        async with db.transaction() as session:
            await session.exec(  # type: ignore[call-overload]
                update(ShopOrder)
                .where(ShopOrder.id == order.id)  # type: ignore[arg-type]
                .values(created_at=created, status="paid" if shopper == 1 else "awaiting_payment")
            )


async def _numbers(client: TestClient, **query: Any) -> list[str]:
    answer = await client.get("/api/orders", params=query, headers=bearer())
    assert answer.status == 200, await answer.text()
    return [order["number"] for order in (await answer.json())["orders"]]


async def test_the_list_filters_by_status_number_phone_and_the_shops_days(
    client: TestClient, db: Database
) -> None:
    await _orders(db)
    assert await _numbers(client, status="paid") == ["A-10002"]
    assert await _numbers(client, q="8 900 123-45-68") == ["A-10002"]
    assert await _numbers(client, q="а-10003") == ["A-10003"]
    assert await _numbers(client, q="4569", status="paid") == []
    # The 1st's 21:30 UTC order is the 2nd's in Moscow: the shop's days decide.
    assert await _numbers(client, since="2026-12-02", until="2026-12-02") == ["A-10002", "A-10001"]
    assert await _numbers(client, until="2026-12-01") == []
    assert await _numbers(client, since="2026-12-03") == ["A-10003"]


async def test_pages_carry_the_total(client: TestClient, db: Database) -> None:
    await _orders(db)
    answer = await client.get("/api/orders", params={"limit": 2, "page": 2}, headers=bearer())
    body = await answer.json()
    assert_declared("GET", "/api/orders", 200, body)
    assert [o["number"] for o in body["orders"]] == ["A-10001"]
    assert {k: body[k] for k in ("total", "limit", "offset", "page", "pages")} == {
        "total": 3,
        "limit": 2,
        "offset": 2,
        "page": 2,
        "pages": 2,
    }
    first = await (await client.get("/api/orders?limit=2&offset=0", headers=bearer())).json()
    assert (first["page"], len(first["orders"]), first["total"]) == (1, 2, 3)


async def test_bad_filters_are_400_naming_the_field(client: TestClient) -> None:
    for query, field in [
        ({"status": "lost"}, "status"),
        ({"q": "ab"}, "q"),
        ({"q": "x" * 61}, "q"),
        ({"since": "04.12.2026"}, "since"),
        ({"since": "2026-12-05", "until": "2026-12-04"}, "until"),
        ({"page": "0"}, "page"),
        ({"page": "2", "offset": "10"}, "offset"),
        ({"limit": "501"}, "limit"),
    ]:
        answer = await client.get("/api/orders", params=query, headers=bearer())
        assert answer.status == 400, query
        body = await answer.json()
        assert (body["error"], body["field"]) == ("bad_request", field), body


async def test_the_openapi_document_lists_the_filters(client: TestClient) -> None:
    document = await (await client.get("/api/openapi.json", headers=bearer())).json()
    parameters = document["paths"]["/api/orders"]["get"]["parameters"]
    assert {p["name"] for p in parameters} == {
        "status",
        "q",
        "since",
        "until",
        "page",
        "limit",
        "offset",
    }
