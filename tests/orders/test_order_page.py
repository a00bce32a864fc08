"""The shopper's order page over real HTTP and in real Chromium, paying via the fake YooKassa."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiohttp.test_utils import TestServer

from shop import merchant_settings
from shop.orders.model import OrderStatus, mask_email, mask_phone
from shop.orders.tables import ShopOrder
from shop.settings import load_settings
from shop.shop_profile.model import KEY, ShopProfile, logo_origin
from shop.storage.db import Database
from shop.web.app import create_app
from shop.web.order_page import HEADERS, headers_for
from tests.orders.conftest import fault, place


@pytest.fixture
async def shop(
    aiohttp_server: Any, unused_tcp_port: int, fake: TestServer, database_url: str
) -> TestServer:
    base = f"http://127.0.0.1:{unused_tcp_port}"
    settings = load_settings(
        database_url=database_url,
        public_base_url=base,
        yookassa_api_url=str(fake.make_url("/yookassa/v3")),
        whatsapp_graph_url=str(fake.make_url("/graph")),
    )
    server: TestServer = await aiohttp_server(
        create_app(settings, run_worker=False), port=unused_tcp_port
    )
    return server


async def status_of(db: Database, order_id: int | None) -> str:
    async with db.sessions() as session:
        order = await session.get(ShopOrder, order_id)
        assert order is not None
        return order.status


async def test_the_page_shows_items_delivery_total_and_masked_contact(
    shop: TestServer, db: Database
) -> None:
    order = await place(db)
    async with httpx.AsyncClient() as client:
        response = await client.get(str(shop.make_url(f"/o/{order.token}")))
    assert response.status_code == 200
    html = response.text
    assert "Заказ A-10001" in html
    assert "Чайник" in html
    assert "Курьер" in html
    assert "1\u00a0350,00\u00a0₽" in html
    assert "Ждёт оплаты" in html
    assert "+7 *** ***-45-67" in html
    assert "79001234567" not in html
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"
    assert "<script" not in html


@pytest.mark.parametrize("token", ["x", "A" * 32, "B" * 65, "%27%20or%201%3D1--aaaaaaaaaa"])
async def test_a_wrong_token_is_a_plain_404(shop: TestServer, db: Database, token: str) -> None:
    await place(db)
    async with httpx.AsyncClient() as client:
        response = await client.get(str(shop.make_url(f"/o/{token}")))
    assert response.status_code == 404
    assert response.text == "Not found"


async def test_pay_redirects_to_yookassa_and_the_return_shows_paid(
    shop: TestServer, db: Database
) -> None:
    order = await place(db)
    async with httpx.AsyncClient() as client:
        pay = await client.post(str(shop.make_url(f"/o/{order.token}/pay")))
        assert pay.status_code == 303
        confirm = pay.headers["location"]
        assert "/yookassa/confirm/" in confirm
        back = await client.post(confirm, data={"action": "pay"})
        assert back.status_code == 303
        assert back.headers["location"].endswith(f"/o/{order.token}?from=pay")
        page = await client.get(back.headers["location"])
    assert "Оплачен" in page.text
    assert await status_of(db, order.id) == OrderStatus.PAID


async def test_pay_while_yookassa_is_down_says_so_and_keeps_the_order(
    shop: TestServer, fake: TestServer, db: Database
) -> None:
    order = await place(db)
    await fault(fake, fault="error_500", times=1)
    async with httpx.AsyncClient() as client:
        response = await client.post(str(shop.make_url(f"/o/{order.token}/pay")))
    assert response.status_code == 503
    assert "Платёжная система не ответила" in response.text
    assert await status_of(db, order.id) == OrderStatus.AWAITING_PAYMENT


def test_masks_keep_only_what_the_shopper_needs_to_recognise() -> None:
    assert mask_phone("79001234567") == "+7 *** ***-45-67"
    assert mask_email("anna@example.ru") == "a***@example.ru"


@pytest.mark.browser
async def test_a_shopper_pays_through_the_order_page_in_chromium(
    shop: TestServer, db: Database, browser: Any, tmp_path: Path
) -> None:
    order = await place(db)
    page = await browser.new_page(viewport={"width": 390, "height": 844})
    await page.goto(str(shop.make_url(f"/o/{order.token}")))
    assert (await page.text_content("#status")) == "Ждёт оплаты"
    await page.screenshot(path=str(tmp_path / "order.png"), full_page=True)
    async with page.expect_navigation():
        await page.click("#pay")
    assert "/yookassa/confirm/" in page.url
    async with page.expect_navigation():
        await page.click("button[value=pay]")
    assert page.url.endswith(f"/o/{order.token}?from=pay")
    assert (await page.text_content("#status")) == "Оплачен"
    assert await page.is_visible("#paid")
    await page.screenshot(path=str(tmp_path / "paid.png"), full_page=True)
    await page.close()


async def test_the_page_shows_the_shops_profile(shop: TestServer, db: Database) -> None:
    profile = ShopProfile(
        name="Лавка Вари",
        legal_name="ООО «Лавка»",
        inn="7707083893",
        address="Москва, ул. Тверская, 7",
        phone="+74951234567",
        email="shop@example.ru",
        hours="пн–пт 10:00–19:00",
        logo_url="https://example.ru/logo.png",
    )
    async with db.transaction() as session:
        await merchant_settings.save(session, KEY, profile, datetime.now(UTC))
    order = await place(db)
    async with httpx.AsyncClient() as client:
        response = await client.get(str(shop.make_url(f"/o/{order.token}")))
    html = response.text
    for shown in ("Лавка Вари", "ООО «Лавка»", "ИНН 7707083893", "tel:+74951234567"):
        assert shown in html, shown
    # The logo, and images from its site alone, with no referrer that would carry the link.
    assert '<img class="logo" id="logo" src="https://example.ru/logo.png" alt="Лавка Вари"' in html
    policy = response.headers["content-security-policy"]
    assert policy.endswith("; img-src https://example.ru")
    assert response.headers["referrer-policy"] == "no-referrer"


def test_a_logo_whose_host_could_bend_the_policy_is_left_out() -> None:
    odd = ShopProfile.model_construct(name="Лавка", logo_url="https://a.ru;script-src/x.png")
    assert logo_origin(odd) is None
    assert headers_for(odd) == HEADERS
    plain = ShopProfile.model_construct(name="Лавка", logo_url="")
    assert headers_for(plain) == HEADERS
