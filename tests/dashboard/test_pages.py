"""The dashboard and the doctor page over HTTP: figures of real rows in the merchant's words,
money hidden from the operator, red banners with their fixes, and the go-live checks against
the sandbox (all pass) and a broken production configuration (each fails with its fix)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from sandbox.app import create_sandbox_app
from shop.access.roles import Role
from shop.access.staff import add_user
from shop.clock import FrozenClock
from shop.dashboard.probe import PROBE_KEY, probe_of
from shop.sandbox_mode import with_sandbox_endpoints
from shop.settings import load_settings
from shop.storage.db import Database
from shop.storage.tables import MerchantSetting
from shop.web.app import create_app, sandbox_config
from tests.dashboard.rows import NOW, a_week
from tests.orders.test_merchant import field
from tests.web.conftest import ADMIN_TOKEN

PASSWORD = "a-long-staff-password"
NBSP = "\u00a0"
STRONG = "0123456789abcdef0123"


@pytest.fixture
async def fake(aiohttp_server: Any, database_url: str) -> TestServer:
    """Meta's and YooKassa's fakes with the sandbox's well-known ids, under /sandbox as
    `shop serve` mounts them."""
    root = web.Application()
    root.add_subapp("/sandbox", create_sandbox_app(sandbox_config(load_settings())))
    server: TestServer = await aiohttp_server(root)
    return server


@pytest.fixture
async def shop(aiohttp_server: Any, fake: TestServer, database_url: str) -> TestServer:
    base = str(fake.make_url("")).rstrip("/")
    settings = with_sandbox_endpoints(
        load_settings(database_url=database_url, admin_token=ADMIN_TOKEN), base
    )
    app = create_app(settings, run_worker=False, clock=FrozenClock(NOW))
    server: TestServer = await aiohttp_server(app)
    return server


def broken(fake: TestServer) -> dict[str, Any]:
    """A production configuration wrong in every way `shop doctor`'s CLI test tries."""
    return {
        "whatsapp_access_token": "production-token-0000",
        "whatsapp_graph_url": str(fake.make_url("/sandbox/graph")),
        "whatsapp_phone_number_id": "999",
        "whatsapp_app_secret": STRONG,
        "whatsapp_verify_token": STRONG,
        "admin_token": STRONG,
        "yookassa_api_url": str(fake.make_url("/sandbox/yookassa/v3")),
        "yookassa_shop_id": "100500",
        "yookassa_secret_key": "not-the-sandbox-key-0",
        "yookassa_trusted_networks": "0.0.0.0/0",
        "public_base_url": "http://shop.example.ru",
    }


@asynccontextmanager
async def signed_in(
    shop: TestServer, name: str = "", password: str = ADMIN_TOKEN
) -> AsyncIterator[httpx.AsyncClient]:
    """A browser-like client signed in by name (or, with none, as the token's owner)."""
    async with httpx.AsyncClient(base_url=str(shop.make_url("/")), timeout=30) as client:
        page = await client.get("/admin/login")
        form = {"csrf": field(page.text, "csrf"), "name": name, "token": password}
        answer = await client.post("/admin/login", data={**form, "next": "/admin"})
        assert answer.status_code == 303, answer.text
        yield client


def figure(page: str, key: str) -> str:
    """The text of one figure's card, tags dropped and spaces squeezed."""
    found = re.search(rf'<li class="figure[^"]*" id="{key}">(.*?)</li>', page, re.S)
    assert found is not None, key
    return re.sub(r"[ \t\n]+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip()


async def test_the_owner_reads_the_weeks_figures_in_russian_with_links(
    shop: TestServer, db: Database
) -> None:
    await a_week(db)
    async with signed_in(shop) as client:
        page = (await client.get("/admin")).text
    assert figure(page, "dashboard-orders") == "Заказов оформлено 2 Сегодня 3 7 дней"
    assert figure(
        page, "dashboard-paid_share"
    ) == "Доля оплаченных 50 % Сегодня 67 % 7 дней".replace(" %", f"{NBSP}%")
    assert f"1{NBSP}799,00{NBSP}₽ Сегодня 3{NBSP}799,00{NBSP}₽ 7 дней" in figure(
        page, "dashboard-revenue"
    )
    assert f"1{NBSP}299,00{NBSP}₽" in figure(page, "dashboard-reminders-recovered")
    assert '<a href="/admin/nudges">Возвращено выручки</a>' in page
    assert figure(page, "dashboard-reminders-sent").startswith("Отправлено напоминаний 1 Сегодня 2")
    assert figure(page, "dashboard-chats_waiting").startswith("Чаты ждут ответа человека 1")
    assert "04.12.2026 17:00" in figure(page, "dashboard-chats_waiting")  # Moscow time
    assert figure(page, "dashboard-failed_sends") == "Не отправлено сообщений 1 Сегодня 2 7 дней"
    assert figure(page, "dashboard-dead_letters") == "Неразобранные сообщения 1"
    assert 'href="/admin/orders?since=2026-11-28&amp;until=2026-12-04"' in page
    assert 'href="/admin/catalog?state=error"' in page
    assert 'href="/admin/doctor"' in page


async def test_the_operator_sees_orders_and_chats_but_no_money(
    shop: TestServer, db: Database
) -> None:
    await a_week(db)
    await add_user(db, "olga", Role.OPERATOR, PASSWORD, NOW, actor="cli")
    await add_user(db, "vera", Role.ACCOUNTANT, PASSWORD, NOW, actor="cli")
    async with signed_in(shop, "olga", PASSWORD) as client:
        page = (await client.get("/admin")).text
    assert figure(page, "dashboard-orders").startswith("Заказов оформлено 2")
    assert 'id="dashboard-chats_waiting"' in page
    assert "₽" not in page
    assert 'id="dashboard-revenue"' not in page
    # Lists the role may not open are not linked; the banners still say what is broken.
    assert 'href="/admin/catalog?state=error"' not in page
    assert 'href="/admin/doctor"' not in page
    assert 'id="banner-sync"' in page
    async with signed_in(shop, "vera", PASSWORD) as client:
        page = (await client.get("/admin")).text
    assert f"3{NBSP}799,00{NBSP}₽" in figure(page, "dashboard-revenue")
    assert 'id="dashboard-chats_waiting"' not in page  # chats are not the accountant's


async def test_broken_things_show_red_banners_with_their_fixes(
    shop: TestServer, db: Database
) -> None:
    await a_week(db)
    async with signed_in(shop) as client:
        page = (await client.get("/admin")).text
    keys = re.findall(r'id="banner-(\w+)"', page)
    assert keys == ["token", "templates", "quality", "sync"]
    assert "Meta не принимает токен доступа" in page
    assert "cart_reminder — приостановлен" in page
    assert "Качество номера у Meta — жёлтое" in page
    assert "Каталог WhatsApp не принял 1 товар." in page
    assert page.count("Что сделать:") == 4
    assert "all-clear" not in page


async def test_a_quiet_sandbox_shows_no_banner(shop: TestServer) -> None:
    async with signed_in(shop) as client:
        page = (await client.get("/admin")).text
    assert 'id="all-clear"' in page
    assert "Всё работает" in page
    assert figure(page, "dashboard-orders") == "Заказов оформлено 0 Сегодня 0 7 дней"


async def test_the_doctor_page_passes_every_check_against_the_sandbox(
    shop: TestServer, db: Database
) -> None:
    async with signed_in(shop) as client:
        answer = await client.get("/admin/doctor")
    assert answer.status_code == 200
    page = answer.text
    assert "Все проверки пройдены" in page
    assert page.count("✓ пройдена") >= 12  # every line of `shop doctor` in the sandbox
    assert "✗" not in page
    assert "Шаблон order_link (ru) одобрен" in page
    async with db.sessions() as session:
        row = await session.get(MerchantSetting, PROBE_KEY)
    probe = probe_of(row.value if row else None)
    assert probe is not None
    assert (probe.status, probe.checked_at) == (200, NOW)  # recorded for the banners


async def test_the_doctor_page_is_the_owners(shop: TestServer, db: Database) -> None:
    await add_user(db, "olga", Role.OPERATOR, PASSWORD, NOW, actor="cli")
    async with signed_in(shop, "olga", PASSWORD) as client:
        answer = await client.get("/admin/doctor")
    assert answer.status_code == 403


async def test_the_doctor_page_names_each_failure_and_its_fix(
    aiohttp_server: Any, fake: TestServer, database_url: str
) -> None:
    settings = load_settings(database_url=database_url, **broken(fake))
    shop = await aiohttp_server(create_app(settings, run_worker=False, clock=FrozenClock(NOW)))
    async with signed_in(shop, password=STRONG) as client:
        answer = await client.get("/admin/doctor")
    page = answer.text
    failed = re.findall(r'<li class="check failed">(.*?)</li>', page, re.S)
    assert len(failed) >= 8
    assert all("Что сделать:" in item for item in failed)
    for found in (
        "Публичный адрес http://shop.example.ru не HTTPS",
        "Номер WHATSAPP_PHONE_NUMBER_ID=999 недоступен: HTTP 400, code 100",
        "WHATSAPP_BUSINESS_ACCOUNT_ID не задан",
        "От Meta не пришло ни одного вебхука",
        "ЮKassa не принимает ключи магазина 100500: HTTP 401",
        "Доставка не настроена",
    ):
        assert found in page, found
    assert f"Не пройдено {len(failed)} " in page
