"""Roles on the merchant pages: an operator cannot refund (no button, 403), an accountant can
and the refund is in the audit log; a disabled account's session ends at once; a form posted
without its CSRF token is refused; wrong passwords are throttled like wrong tokens."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from aiohttp.test_utils import TestServer

from shop.access import audit
from shop.access.roles import Role
from shop.access.staff import add_user, disable_user
from shop.access.throttle import MAX_FAILURES
from shop.settings import load_settings
from shop.storage.db import Database
from shop.web.app import create_app
from tests.orders.conftest import fake
from tests.orders.test_merchant import field, paid
from tests.web.conftest import ADMIN_TOKEN
from tests.web.test_reminder_settings import FORM as REMINDERS_FORM

__all__ = ["fake"]  # the fake YooKassa and Cloud API, a fixture of the orders' tests
NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # before the refunds the real clock times
PASSWORD = "a-long-staff-password"


@pytest.fixture
async def shop(aiohttp_server: Any, fake: TestServer, database_url: str) -> TestServer:
    settings = load_settings(
        database_url=database_url,
        admin_token=ADMIN_TOKEN,
        yookassa_api_url=str(fake.make_url("/yookassa/v3")),
        whatsapp_graph_url=str(fake.make_url("/graph")),
    )
    server: TestServer = await aiohttp_server(create_app(settings, run_worker=False))
    return server


@asynccontextmanager
async def signed_in(
    shop: TestServer, name: str, password: str = PASSWORD
) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=str(shop.make_url("/"))) as client:
        page = await client.get("/admin/login")
        form = {"csrf": field(page.text, "csrf"), "name": name, "token": password}
        answer = await client.post("/admin/login", data={**form, "next": "/admin"})
        assert answer.status_code == 303, answer.text
        yield client


async def test_an_operator_sees_orders_but_cannot_refund(shop: TestServer, db: Database) -> None:
    order = await paid(shop, db)
    await add_user(db, "olga", Role.OPERATOR, PASSWORD, NOW, actor="cli")
    async with signed_in(shop, "olga") as client:
        page = await client.get(f"/admin/orders/{order.id}")
        assert page.status_code == 200
        assert 'id="refund"' not in page.text
        assert 'id="signed-in-as">olga (оператор)<' in page.text
        assert 'href="/admin/chats"' in page.text
        assert 'href="/admin/reconciliation"' not in page.text  # the nav hides what is closed
        assert 'href="/admin/audit"' not in page.text
        form = {"csrf": field(page.text, "csrf"), "mode": "all", "confirm": "yes"}
        refused = await client.post(f"/admin/orders/{order.id}/refund", data=form)
        assert refused.status_code == 403
        assert "недоступны для роли «оператор»" in refused.text
        closed_pages = ("/admin/reconciliation", "/admin/audit", "/admin/catalog", "/admin/nudges")
        for closed in (*closed_pages, "/admin/settings/reminders", "/admin/settings/languages"):
            assert (await client.get(closed)).status_code == 403, closed
        assert (await client.get("/admin/chats")).status_code == 200
    assert (await audit.latest(db, offset=0, limit=10))[1] == 1  # only the account's creation


async def test_an_accountant_refunds_and_the_log_says_who(shop: TestServer, db: Database) -> None:
    order = await paid(shop, db)
    await add_user(db, "vera", Role.ACCOUNTANT, PASSWORD, NOW, actor="cli")
    async with signed_in(shop, "vera") as client:
        page = await client.get(f"/admin/orders/{order.id}")
        assert 'id="refund"' in page.text
        assert 'href="/admin/chats"' not in page.text
        form = {
            "csrf": field(page.text, "csrf"),
            "request_key": field(page.text, "request_key"),
            "mode": "all",
            "delivery": "on",
            "reason": "брак",
        }
        csrf_less = {k: v for k, v in form.items() if k != "csrf"}
        refused = await client.post(f"/admin/orders/{order.id}/refund", data=csrf_less)
        assert refused.status_code == 403
        assert "CSRF" in refused.text
        done = await client.post(
            f"/admin/orders/{order.id}/refund", data={**form, "confirm": "yes"}
        )
        assert done.status_code == 303
        log = await client.get("/admin/audit")
        assert log.status_code == 200
        settings = await client.get("/admin/nudges")  # settings to read, not to change
        assert settings.status_code == 200
        assert 'id="nudge-settings"' not in settings.text
        save = {"csrf": field(page.text, "csrf")}
        assert (await client.post("/admin/settings/reminders", data=save)).status_code == 403
        assert (await client.get("/admin/chats")).status_code == 403
    events, _ = await audit.latest(db, offset=0, limit=1)
    assert [(e.actor, e.action, e.subject) for e in events] == [("vera", "refund", "order:A-10001")]
    assert events[0].detail == "1\u00a0350,00\u00a0₽ брак"
    assert "Заказ A-10001" in log.text  # the stored subject in words
    assert "возврат" in log.text


async def test_a_disabled_account_is_signed_out_at_once(shop: TestServer, db: Database) -> None:
    await add_user(db, "olga", Role.OPERATOR, PASSWORD, NOW, actor="cli")
    async with signed_in(shop, "olga") as client:
        assert (await client.get("/admin/orders")).status_code == 200
        await disable_user(db, "olga", NOW, actor="cli")
        after = await client.get("/admin/orders")
        assert after.status_code == 303
        assert after.headers["location"].startswith("/admin/login")
    with pytest.raises(AssertionError):
        async with signed_in(shop, "olga"):
            pass


async def test_wrong_passwords_are_throttled(shop: TestServer, db: Database) -> None:
    await add_user(db, "olga", Role.OPERATOR, PASSWORD, NOW, actor="cli")
    async with httpx.AsyncClient(base_url=str(shop.make_url("/"))) as client:
        page = await client.get("/admin/login")
        form = {"csrf": field(page.text, "csrf"), "name": "olga", "token": "guess"}
        for _ in range(MAX_FAILURES):
            wrong = await client.post("/admin/login", data=form)
            assert wrong.status_code == 401
            assert "Неверное имя или пароль" in wrong.text
        right = await client.post("/admin/login", data={**form, "token": PASSWORD})
        assert right.status_code == 429


async def test_the_admin_token_is_the_owner(shop: TestServer, db: Database) -> None:
    async with signed_in(shop, "", ADMIN_TOKEN) as client:
        for page in ("/admin/audit", "/admin/catalog", "/admin/chats", "/admin/reconciliation"):
            assert (await client.get(page)).status_code == 200, page
        home = await client.get("/admin")
        assert 'href="/admin/audit"' in home.text
        form = {**REMINDERS_FORM, "csrf": field(home.text, "csrf")}
        assert (await client.post("/admin/settings/reminders", data=form)).status_code == 303
    [event], _ = await audit.latest(db, offset=0, limit=10)
    assert (event.actor, event.action, event.subject) == ("admin", "settings", "settings:reminders")
    assert "cap_30d: 4 → 2" in event.detail


async def test_an_accountant_reads_the_settings_but_cannot_save_them(
    shop: TestServer, db: Database
) -> None:
    await add_user(db, "vera", Role.ACCOUNTANT, PASSWORD, NOW, actor="cli")
    async with signed_in(shop, "vera") as client:
        for path in (
            "/admin/settings/shop",
            "/admin/settings/delivery",
            "/admin/settings/reminders",
            "/admin/settings/languages",
        ):
            page = await client.get(path)
            assert page.status_code == 200, path
            assert '<div class="actions">' not in page.text  # read-only: no save button
            refused = await client.post(path, data={"csrf": field(page.text, "csrf")})
            assert refused.status_code == 403, path
