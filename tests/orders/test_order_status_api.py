"""`POST /api/orders/{id}/status` over HTTP: steps, tracking, 409 with the allowed steps, 400
naming the field, 404, and a cancel that refunds."""

from __future__ import annotations

import httpx
from aiohttp.test_utils import TestServer

from shop.storage.db import Database
from tests.orders.conftest import fake, place
from tests.orders.lifecycle_rig import reload
from tests.orders.test_merchant import paid, shop
from tests.web.answers import assert_declared

__all__ = ["fake", "shop"]
PATH = "/api/orders/{id}/status"


async def post(shop: TestServer, order_id: int | None, body: object) -> httpx.Response:
    async with httpx.AsyncClient(base_url=str(shop.make_url("/"))) as client:
        return await client.post(f"/api/orders/{order_id}/status", json=body)


async def test_an_order_is_confirmed_assembled_and_shipped_with_tracking(
    shop: TestServer, db: Database
) -> None:
    order = await paid(shop, db)
    assert (await post(shop, order.id, {"status": "confirmed"})).status_code == 200
    assert (await post(shop, order.id, {"status": "assembling"})).status_code == 200
    shipped = await post(
        shop,
        order.id,
        {
            "status": "shipped",
            "tracking_number": "CD123",
            "carrier": "СДЭК",
            "tracking_url": "https://cdek.ru/track?CD123",
            "reason": "",
        },
    )
    assert shipped.status_code == 200
    assert_declared("POST", PATH, 200, shipped.json())
    assert shipped.json()["previous"] == "assembling"
    assert shipped.json()["allowed"] == ["delivered", "return_requested"]
    stored = await reload(db, order.id)
    assert (stored.status, stored.tracking_number, stored.carrier, stored.tracking_url) == (
        "shipped",
        "CD123",
        "СДЭК",
        "https://cdek.ru/track?CD123",
    )


async def test_an_illegal_step_is_409_with_the_allowed_ones(shop: TestServer, db: Database) -> None:
    order = await paid(shop, db)
    refused = await post(shop, order.id, {"status": "delivered"})
    assert refused.status_code == 409
    assert_declared("POST", PATH, 409, refused.json())
    assert refused.json()["status"] == "paid"
    assert refused.json()["allowed"] == ["confirmed", "canceled"]
    assert (await reload(db, order.id)).status == "paid"


async def test_a_money_step_by_hand_is_409_too(shop: TestServer, db: Database) -> None:
    order = await place(db)
    refused = await post(shop, order.id, {"status": "paid"})
    assert refused.status_code == 409
    assert refused.json()["allowed"] == ["canceled"]


async def test_bad_bodies_are_400_naming_the_field(shop: TestServer, db: Database) -> None:
    order = await paid(shop, db)
    cases = {
        "status": {"status": "teleported"},
        "tracking_url": {"status": "shipped", "tracking_url": "ftp://x"},
        "tracking_number": {"status": "confirmed", "tracking_number": "CD1"},
        "reason": {"status": "canceled", "reason": " "},
        "colour": {"status": "confirmed", "colour": "red"},
    }
    for field, body in cases.items():
        answer = await post(shop, order.id, body)
        assert answer.status_code == 400, field
        assert answer.json()["field"] == field
        assert_declared("POST", PATH, 400, answer.json())
    assert (await reload(db, order.id)).status == "paid"  # nothing half-done


async def test_an_unknown_order_is_404(shop: TestServer, db: Database) -> None:
    answer = await post(shop, 424242, {"status": "confirmed"})
    assert answer.status_code == 404
    assert_declared("POST", PATH, 404, answer.json())


async def test_cancelling_a_paid_order_through_the_api_refunds_it(
    shop: TestServer, db: Database
) -> None:
    order = await paid(shop, db)
    answer = await post(shop, order.id, {"status": "canceled", "reason": "нет в наличии"})
    assert answer.status_code == 200
    assert answer.json()["refund_status"] == "succeeded"
    async with httpx.AsyncClient(base_url=str(shop.make_url("/"))) as client:
        detail = (await client.get(f"/api/orders/{order.id}")).json()
    assert detail["status"] == "canceled"
    assert [r["amount"] for r in detail["refunds"]] == ["1350.00"]
