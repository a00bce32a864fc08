"""The order page's steps over HTTP: buttons by role, tracking, a cancel asked first with its
amount, refusals in Russian, the history and the news told."""

from __future__ import annotations

import httpx
from aiohttp.test_utils import TestServer

from shop.access.roles import Role
from shop.access.staff import add_user
from shop.storage.db import Database
from tests.access.test_roles_web import NOW, PASSWORD, signed_in
from tests.access.test_roles_web import shop as staffed_shop
from tests.orders.conftest import fake
from tests.orders.lifecycle_rig import reload
from tests.orders.test_merchant import field, paid, shop

__all__ = ["fake", "shop", "staffed_shop"]


async def step(
    client: httpx.AsyncClient, order_id: int | None, status: str, **extra: str
) -> httpx.Response:
    page = await client.get(f"/admin/orders/{order_id}")
    form = {"csrf": field(page.text, "csrf"), "status": status, **extra}
    return await client.post(f"/admin/orders/{order_id}/status", data=form)


async def test_the_owner_confirms_packs_and_ships_with_tracking(
    shop: TestServer, db: Database
) -> None:
    order = await paid(shop, db)
    async with httpx.AsyncClient(base_url=str(shop.make_url("/"))) as client:
        page = (await client.get(f"/admin/orders/{order.id}")).text
        assert 'id="step-confirmed"' in page
        assert 'id="step-canceled"' in page
        assert 'id="step-shipped"' not in page
        assert (await step(client, order.id, "confirmed")).status_code == 303
        assert (await step(client, order.id, "assembling")).status_code == 303
        page = (await client.get(f"/admin/orders/{order.id}")).text
        assert 'id="tracking-fields"' in page
        shipped = await step(
            client,
            order.id,
            "shipped",
            carrier="Почта России",
            tracking_number="RA123456789RU",
            tracking_url="https://pochta.ru/tracking#RA123456789RU",
        )
        assert shipped.status_code == 303
        page = (await client.get(f"/admin/orders/{order.id}")).text
    assert 'data-status="shipped"' in page
    assert 'id="tracking-number">RA123456789RU<' in page
    assert "Почта России" in page
    history = page.split('id="history"')[1].split("</table>")[0]
    assert history.count("<tr>") == 5  # the header, paid, confirmed, assembling, shipped
    assert "оплата получена" in history
    assert "система" in history


async def test_a_wrong_tracking_link_is_refused_in_russian_and_nothing_moves(
    shop: TestServer, db: Database
) -> None:
    order = await paid(shop, db)
    async with httpx.AsyncClient(base_url=str(shop.make_url("/"))) as client:
        await step(client, order.id, "confirmed")
        refused = await step(client, order.id, "shipped", tracking_url="pochta.ru/RA1")
    assert refused.status_code == 400
    assert "Поле «Ссылка для отслеживания»: ссылка должна начинаться с https://" in refused.text
    assert (await reload(db, order.id)).status == "confirmed"


async def test_an_illegal_step_is_refused_with_the_status_in_words(
    shop: TestServer, db: Database
) -> None:
    order = await paid(shop, db)
    async with httpx.AsyncClient(base_url=str(shop.make_url("/"))) as client:
        refused = await step(client, order.id, "delivered")
    assert refused.status_code == 409
    assert "из статуса «оплачен» так перевести заказ нельзя" in refused.text


async def test_a_cancel_shows_the_amount_and_asks_before_refunding(
    shop: TestServer, db: Database
) -> None:
    order = await paid(shop, db)
    async with httpx.AsyncClient(base_url=str(shop.make_url("/"))) as client:
        asked = await step(client, order.id, "canceled", reason="нет в наличии")
        assert asked.status_code == 200
        assert 'id="cancel-amount">1\u00a0350,00\u00a0₽<' in asked.text
        assert 'value="нет в наличии"' in asked.text  # the reason carried to the question
        assert (await reload(db, order.id)).status == "paid"  # asked, not done
        form = {
            "csrf": field(asked.text, "csrf"),
            "status": "canceled",
            "confirm": "yes",
            "reason": "нет в наличии",
        }
        done = await client.post(f"/admin/orders/{order.id}/status", data=form)
        assert done.status_code == 303
        detail = (await client.get(f"/api/orders/{order.id}")).json()
    assert detail["status"] == "canceled"
    assert [r["amount"] for r in detail["refunds"]] == ["1350.00"]


async def test_an_operator_moves_orders_but_cannot_cancel_a_paid_one(
    staffed_shop: TestServer, db: Database
) -> None:
    order = await paid(staffed_shop, db)
    await add_user(db, "olga", Role.OPERATOR, PASSWORD, NOW, actor="cli")
    async with signed_in(staffed_shop, "olga") as client:
        page = (await client.get(f"/admin/orders/{order.id}")).text
        assert 'id="step-confirmed"' in page
        assert 'id="step-canceled"' not in page
        refused = await step(client, order.id, "canceled", confirm="yes", reason="нет")
        assert refused.status_code == 403
        assert "отмена оплаченного заказа возвращает деньги" in refused.text
        assert (await step(client, order.id, "confirmed")).status_code == 303
        page = (await client.get(f"/admin/orders/{order.id}")).text
    history = page.split('id="history"')[1].split("</table>")[0]
    assert "olga" in history
    assert (await reload(db, order.id)).status == "confirmed"
