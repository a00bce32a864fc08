"""`GET /api/orders/{id}` tells the whole story of an order: tracking, the promo code and its
discount, how it is paid, every step with who took it and why, and the news told (or not)."""

from __future__ import annotations

from typing import Any

import httpx
from aiohttp.test_utils import TestServer

from shop.orders.tables import ShopOrder
from shop.promo.tables import PromoCode, PromoRedemption
from shop.storage.db import Database
from tests.orders.conftest import NOW, fake, place
from tests.orders.test_merchant import paid, shop
from tests.web.answers import assert_declared

__all__ = ["fake", "shop"]
PATH = "/api/orders/{id}"


async def detail(shop: TestServer, order_id: int | None) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=str(shop.make_url("/"))) as client:
        answer = await client.get(f"/api/orders/{order_id}")
    assert answer.status_code == 200
    body: dict[str, Any] = answer.json()
    assert_declared("GET", PATH, 200, body)
    return body


async def step(shop: TestServer, order_id: int | None, body: dict[str, str]) -> None:
    async with httpx.AsyncClient(base_url=str(shop.make_url("/"))) as client:
        answer = await client.post(f"/api/orders/{order_id}/status", json=body)
    assert answer.status_code == 200, answer.text


async def test_a_shipped_order_answers_its_tracking_history_and_untold_news(
    shop: TestServer, db: Database
) -> None:
    order = await paid(shop, db)
    await step(shop, order.id, {"status": "confirmed"})
    await step(shop, order.id, {"status": "assembling", "reason": "склад открыт"})
    await step(
        shop,
        order.id,
        {
            "status": "shipped",
            "carrier": "СДЭК",
            "tracking_number": "CD123",
            "tracking_url": "https://cdek.ru/track?CD123",
        },
    )
    body = await detail(shop, order.id)
    assert body["tracking"] == {
        "carrier": "СДЭК",
        "number": "CD123",
        "url": "https://cdek.ru/track?CD123",
    }
    assert body["payment_method"] == "online"
    assert (body["promo"], body["discount"]) == (None, None)
    steps = [(s["from_status"], s["status"]) for s in body["history"]]
    assert steps == [
        ("awaiting_payment", "paid"),
        ("paid", "confirmed"),
        ("confirmed", "assembling"),
        ("assembling", "shipped"),
    ]
    assert body["history"][0]["actor_kind"] == "system"
    assert body["history"][2]["reason"] == "склад открыт"
    assert {s["actor_kind"] for s in body["history"][1:]} == {"staff"}
    # The shopper never wrote and no order_update template is approved: nothing could go.
    told = {(n["kind"], n["delivered"], n["channel"]) for n in body["news"]}
    assert told == {
        ("paid", False, "none"),
        ("confirmed", False, "none"),
        ("shipped", False, "none"),
    }
    assert all(n["reason"] for n in body["news"])


async def test_an_order_with_a_promo_code_answers_the_code_and_discount(
    shop: TestServer, db: Database
) -> None:
    order = await place(db)
    async with db.transaction() as session:
        code = PromoCode(code="WELCOME10", kind="percent", percent=10, created_at=NOW)
        session.add(code)
        await session.flush()
        session.add(
            PromoRedemption(
                code_id=code.id or 0,
                order_id=order.id or 0,
                wa_id=order.wa_id,
                shopper_use=1,
                discount_minor=10500,
                redeemed_at=NOW,
            )
        )
        stored = await session.get(ShopOrder, order.id)
        assert stored is not None
        stored.discount_minor, stored.payment_method = 10500, "on_delivery"
    body = await detail(shop, order.id)
    assert body["promo"] == {"code": "WELCOME10", "discount": "105.00"}
    assert body["discount"] == "105.00"
    assert body["payment_method"] == "on_delivery"
    assert (body["tracking"], body["history"], body["news"]) == (None, [], [])
