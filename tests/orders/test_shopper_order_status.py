"""The shopper's order page after payment: every status as a word with its colour, the parcel
of a shipped order (carrier, number, an http(s) link only) and the point of a ready one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from aiohttp.test_utils import TestServer

from shop.orders.tables import ShopOrder
from shop.storage.db import Database
from tests.orders.conftest import fake, place
from tests.orders.test_order_list_browser import keep
from tests.orders.test_order_page import shop

__all__ = ["fake", "shop"]

WORDS = {
    "confirmed": "Подтверждён",
    "assembling": "Собирается",
    "shipped": "Отправлен",
    "ready_for_pickup": "Ждёт в пункте выдачи",
    "delivered": "Получен",
    "closed": "Завершён",
    "return_requested": "Запрошен возврат",
    "returned": "Возвращён",
}


async def given(db: Database, shopper: int = 0, **fields: Any) -> ShopOrder:
    order = await place(db, shopper=shopper)
    async with db.transaction() as session:
        stored = await session.get(ShopOrder, order.id)
        assert stored is not None
        for name, value in fields.items():
            setattr(stored, name, value)
    return order


async def shipped(db: Database, carrier: str, number: str, url: str) -> ShopOrder:
    return await given(
        db, status="shipped", carrier=carrier, tracking_number=number, tracking_url=url
    )


async def page_of(shop: TestServer, order: ShopOrder) -> str:
    async with httpx.AsyncClient() as client:
        response = await client.get(str(shop.make_url(f"/o/{order.token}")))
    assert response.status_code == 200
    return response.text


@pytest.mark.parametrize("status", sorted(WORDS))
async def test_each_status_after_payment_shows_as_a_word_with_its_colour(
    shop: TestServer, db: Database, status: str
) -> None:
    html = await page_of(shop, await given(db, status=status))
    assert f'<span class="status {status}" id="status">{WORDS[status]}</span>' in html
    assert f".status.{status}" in html  # the badge has a colour of its own
    assert status not in html.split('id="status">')[1].split("<")[0]


async def test_a_shipped_order_shows_its_carrier_number_and_a_safe_link(
    shop: TestServer, db: Database
) -> None:
    url = "https://www.cdek.ru/ru/tracking?order_id=1234567890&x=<b>"
    order = await shipped(db, "СДЭК", "1234567890", url)
    html = await page_of(shop, order)
    assert '<span id="carrier">СДЭК</span>' in html
    assert '<b id="tracking-number">1234567890</b>' in html
    link = "https://www.cdek.ru/ru/tracking?order_id=1234567890&amp;x=&lt;b&gt;"
    assert f'<a id="tracking-link" href="{link}" rel="noopener noreferrer"' in html
    assert "Где посылка" in html


async def test_a_tracking_link_that_is_not_http_is_never_a_link(
    shop: TestServer, db: Database
) -> None:
    order = await given(
        db, status="shipped", tracking_number="RA1", tracking_url="javascript:alert(1)"
    )
    html = await page_of(shop, order)
    assert '<b id="tracking-number">RA1</b>' in html
    assert "tracking-link" not in html
    assert "javascript:" not in html


async def test_tracking_shows_only_once_the_order_is_shipped(
    shop: TestServer, db: Database
) -> None:
    order = await given(db, status="delivered", tracking_number="RA1", carrier="Почта России")
    html = await page_of(shop, order)
    assert 'id="tracking"' not in html
    assert "Получен" in html


async def test_an_order_ready_for_pickup_shows_the_points_address(
    shop: TestServer, db: Database
) -> None:
    order = await given(
        db,
        status="ready_for_pickup",
        delivery_kind="pickup",
        delivery_title="Самовывоз",
        pickup_point="arbat",
    )
    html = await page_of(shop, order)
    assert "Пункт выдачи:" in html
    assert "<b>Арбат, 24</b>" in html
    assert '<span id="point-address">Москва, ул. Арбат, 24</span>' in html
    gone = await given(db, 1, status="ready_for_pickup", pickup_point="closed-point")
    assert "<b>closed-point</b>" in await page_of(shop, gone)  # the id when the point is gone


@pytest.mark.browser
async def test_a_shipped_order_reads_well_on_a_phone(
    shop: TestServer, db: Database, browser: Any, tmp_path: Path
) -> None:
    url = "https://www.pochta.ru/tracking#RA123456789RU"
    order = await shipped(db, "Почта России", "RA123456789RU", url)
    phone = await browser.new_page(viewport={"width": 390, "height": 800})
    await phone.goto(str(shop.make_url(f"/o/{order.token}")))
    assert await phone.text_content("#status") == "Отправлен"
    assert await phone.text_content("#tracking-number") == "RA123456789RU"
    assert await phone.get_attribute("#tracking-link", "rel") == "noopener noreferrer"
    colour = await phone.eval_on_selector("#status", "e => getComputedStyle(e).color")
    assert colour == "rgb(30, 64, 175)"
    assert await phone.evaluate("document.documentElement.scrollWidth") <= 390
    await keep(phone, tmp_path, "shopper-order-shipped-390.png")
    await phone.close()
