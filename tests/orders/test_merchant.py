"""Merchant API, pages and `shop reconcile` for orders, refunds and reconciliation."""

from __future__ import annotations

import asyncio
import json
import os
import re
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from aiohttp.test_utils import TestServer

from shop.orders.model import OrderStatus
from shop.orders.tables import ShopOrder
from shop.settings import load_settings
from shop.storage.db import Database
from shop.web.app import create_app
from tests.accounting.excel import open_as_russian_excel
from tests.orders.conftest import fake_state, fault, place, shopper_acts
from tests.web.answers import assert_declared

ROOT = Path(__file__).resolve().parents[2]
MOSCOW = ZoneInfo("Europe/Moscow")  # reconciliation days are Moscow days


@pytest.fixture
async def shop(aiohttp_server: Any, fake: TestServer, database_url: str) -> TestServer:
    settings = load_settings(
        database_url=database_url,
        yookassa_api_url=str(fake.make_url("/yookassa/v3")),
        whatsapp_graph_url=str(fake.make_url("/graph")),
    )
    server: TestServer = await aiohttp_server(create_app(settings, run_worker=False))
    return server


async def paid(shop: TestServer, db: Database, shopper: int = 0) -> ShopOrder:
    order = await place(db, shopper=shopper)
    async with httpx.AsyncClient() as client:
        pay = await client.post(str(shop.make_url(f"/o/{order.token}/pay")))
        await shopper_acts(pay.headers["location"], "pay")
        await client.get(str(shop.make_url(f"/o/{order.token}?from=pay")))  # re-reads the payment
    return order


async def test_orders_api_lists_and_details_an_order_with_its_payment_and_fee(
    shop: TestServer, db: Database
) -> None:
    order = await paid(shop, db)
    async with httpx.AsyncClient(base_url=str(shop.make_url("/"))) as client:
        listing = (await client.get("/api/orders")).json()
        listed = listing["orders"]
        detail = (await client.get(f"/api/orders/{order.id}")).json()
        missing = await client.get("/api/orders/999999")
    assert_declared("GET", "/api/orders", 200, listing)
    assert_declared("GET", "/api/orders/{id}", 200, detail)
    assert_declared("GET", "/api/orders/{id}", 404, missing.json())
    assert [(o["number"], o["status"], o["total"]) for o in listed] == [
        ("A-10001", "paid", "1350.00")
    ]
    [payment] = detail["payments"]
    assert payment["status"] == "succeeded"
    assert payment["fee"] == "47.25"  # the fake keeps 3.5 %
    assert detail["lines"][0]["title"] == "Чайник"
    assert missing.status_code == 404


async def test_refund_through_the_api_is_safe_to_repeat(shop: TestServer, db: Database) -> None:
    order = await paid(shop, db)
    body = {"lines": [{"retailer_id": "A1", "quantity": 1}], "reason": "брак"}
    headers = {"Idempotency-Key": "refund-7"}
    async with httpx.AsyncClient(base_url=str(shop.make_url("/"))) as client:
        first = await client.post(f"/api/orders/{order.id}/refunds", json=body, headers=headers)
        again = await client.post(f"/api/orders/{order.id}/refunds", json=body, headers=headers)
        too_much = await client.post(
            f"/api/orders/{order.id}/refunds",
            json={"lines": [{"retailer_id": "A1", "quantity": 9}]},
        )
        detail = (await client.get(f"/api/orders/{order.id}")).json()
    assert first.status_code == 201
    assert first.json()["amount"] == "1050.00"
    assert again.json()["id"] == first.json()["id"]
    assert too_much.status_code == 422
    assert detail["status"] == OrderStatus.PARTIALLY_REFUNDED
    assert len(detail["refunds"]) == 1
    assert_declared("POST", "/api/orders/{id}/refunds", 201, first.json())
    assert_declared("POST", "/api/orders/{id}/refunds", 422, too_much.json())
    assert_declared("GET", "/api/orders/{id}", 200, detail)


async def test_the_api_refunds_the_delivery_with_everything_unless_told_otherwise(
    shop: TestServer, db: Database
) -> None:
    first, second = await paid(shop, db), await paid(shop, db, shopper=1)
    async with httpx.AsyncClient(base_url=str(shop.make_url("/"))) as client:
        everything = await client.post(f"/api/orders/{first.id}/refunds", json={})
        goods = await client.post(f"/api/orders/{second.id}/refunds", json={"delivery": False})
    assert everything.json()["amount"] == "1350.00"
    assert goods.json()["amount"] == "1050.00"


async def test_reconciliation_finds_a_payment_missing_from_our_books(
    shop: TestServer, fake: TestServer, db: Database
) -> None:
    await paid(shop, db)
    stranger = {
        "amount": {"value": "500.00", "currency": "RUB"},
        "capture": True,
        "confirmation": {"type": "redirect", "return_url": "https://x.example/"},
        "description": "made elsewhere",
        "metadata": {"order_id": "777"},
    }
    async with httpx.AsyncClient(auth=("100500", "sandbox_secret_key")) as client:
        created = await client.post(
            str(fake.make_url("/yookassa/v3/payments")),
            json=stranger,
            headers={"Idempotence-Key": "s-1"},
        )
    await shopper_acts(created.json()["confirmation"]["confirmation_url"], "pay")
    today = datetime.now(MOSCOW).date().isoformat()
    async with httpx.AsyncClient(base_url=str(shop.make_url("/"))) as client:
        report = (await client.get("/api/reconciliation", params={"since": today})).json()
        as_csv = await client.get("/api/reconciliation", params={"since": today, "format": "csv"})
        in_english = await client.get(
            "/api/reconciliation", params={"since": today, "format": "csv", "lang": "en"}
        )
        page = await client.get("/admin/reconciliation", params={"since": today, "until": today})
    assert_declared("GET", "/api/reconciliation", 200, report)
    kinds = [d["kind"] for d in report["discrepancies"]]
    assert kinds == ["paid_in_yookassa_not_in_books"]
    assert report["discrepancies"][0]["payment_id"] == created.json()["id"]
    assert as_csv.headers["content-type"] == "text/csv; charset=utf-8"
    headers, rows = open_as_russian_excel(as_csv.content)
    assert headers[0] == "Запись"
    found = [r for r in rows if r["Запись"] == "расхождение"]
    assert [(r["Статус"], r["Платёж ЮKassa"]) for r in found] == [
        ("оплачен в ЮKassa, нет в учёте", created.json()["id"])
    ]
    assert "Record" in in_english.text.splitlines()[0]
    assert "Оплачен в ЮKassa, нет в учёте" in page.text


def field(page: str, name: str) -> str:
    found = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', page)
    assert found is not None, name
    return found.group(1)


async def test_a_merchant_refunds_from_the_order_page_after_confirming_the_amount(
    shop: TestServer, db: Database, fake: TestServer
) -> None:
    order = await paid(shop, db)
    async with httpx.AsyncClient(base_url=str(shop.make_url("/"))) as client:
        page = (await client.get(f"/admin/orders/{order.id}")).text
        form = {
            "csrf": field(page, "csrf"),
            "request_key": field(page, "request_key"),
            "mode": "all",
            "delivery": "on",
            "reason": "отмена",
        }
        asked = await client.post(f"/admin/orders/{order.id}/refund", data=form)
        assert asked.status_code == 200
        assert (await fake_state(fake))["refunds"] == []  # nothing is sent before the yes
        assert 'id="refund-amount">1\u00a0350,00\u00a0₽<' in asked.text
        confirmed = {**form, "confirm": field(asked.text, "confirm")}
        done = await client.post(f"/admin/orders/{order.id}/refund", data=confirmed)
        twice = await client.post(
            f"/admin/orders/{order.id}/refund", data=confirmed
        )  # a double click
        after = await client.get(f"/admin/orders/{order.id}")
    assert done.status_code == 303
    assert twice.status_code == 303
    assert 'id="order-status" data-status="refunded">Деньги возвращены<' in after.text
    assert after.text.count("отмена") == 1
    assert len((await fake_state(fake))["refunds"]) == 1


async def test_refunding_everything_keeps_the_delivery_unless_it_is_ticked(
    shop: TestServer, db: Database, fake: TestServer
) -> None:
    order = await paid(shop, db)  # 1 050,00 ₽ of goods + 300,00 ₽ delivery
    async with httpx.AsyncClient(base_url=str(shop.make_url("/"))) as client:
        page = (await client.get(f"/admin/orders/{order.id}")).text
        form = {"csrf": field(page, "csrf"), "request_key": field(page, "request_key")}
        form["mode"] = "all"
        asked = await client.post(f"/admin/orders/{order.id}/refund", data=form)
        assert 'id="refund-amount">1\u00a0050,00\u00a0₽<' in asked.text
        assert "Доставка" not in asked.text
        await client.post(f"/admin/orders/{order.id}/refund", data={**form, "confirm": "yes"})
        after = await client.get(f"/admin/orders/{order.id}")
    assert 'id="order-status" data-status="partially_refunded">' in after.text
    [sent] = (await fake_state(fake))["refunds"]
    assert sent["amount"] == {"value": "1050.00", "currency": "RUB"}


async def test_an_unanswered_refund_is_shown_and_sent_again_before_any_other(
    shop: TestServer, db: Database, fake: TestServer
) -> None:
    order = await paid(shop, db)
    async with httpx.AsyncClient(base_url=str(shop.make_url("/"))) as client:
        page = (await client.get(f"/admin/orders/{order.id}")).text
        form = {"csrf": field(page, "csrf"), "mode": "lines", "qty:A1": "1", "confirm": "yes"}
        await fault(fake, fault="error_500", times=1)  # made at YooKassa, the answer lost
        lost = await client.post(f"/admin/orders/{order.id}/refund", data=form)
        assert lost.status_code == 422
        other = {"csrf": form["csrf"], "mode": "all", "delivery": "on"}
        asked = await client.post(f"/admin/orders/{order.id}/refund", data=other)
        assert 'id="refund-retry"' in asked.text
        assert 'id="refund-amount">1\u00a0050,00\u00a0₽<' in asked.text  # the lost one
        done = await client.post(
            f"/admin/orders/{order.id}/refund", data={**other, "confirm": "yes"}
        )
    assert done.status_code == 303
    assert len((await fake_state(fake))["refunds"]) == 1  # the same key: no second refund
    async with db.sessions() as session:
        stored = await session.get(ShopOrder, order.id)
    assert stored is not None
    assert stored.status == OrderStatus.PARTIALLY_REFUNDED


async def test_a_refund_form_with_a_bad_quantity_is_refused_with_the_reason(
    shop: TestServer, db: Database
) -> None:
    order = await paid(shop, db)
    async with httpx.AsyncClient(base_url=str(shop.make_url("/"))) as client:
        page = (await client.get(f"/admin/orders/{order.id}")).text
        form = {"csrf": field(page, "csrf"), "mode": "lines", "qty:A1": "abc"}
        answer = await client.post(f"/admin/orders/{order.id}/refund", data=form)
    assert answer.status_code == 422
    assert "не целое число" in answer.text


async def test_the_reconcile_command_prints_json_and_csv(
    fake: TestServer, database_url: str, db: Database, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WHATSAPP_", "YOOKASSA_"))}
    env.update(
        DATABASE_URL=database_url,
        YOOKASSA_API_URL=str(fake.make_url("/yookassa/v3")),
        PYTHONPATH=str(ROOT),
    )
    today = datetime.now(MOSCOW).date().isoformat()

    async def run(*extra: str) -> tuple[int, str, str]:
        # Asynchronously: the fake YooKassa answers from this very event loop.
        args = ["-m", "shop", "reconcile", "--since", today, *extra]
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            *args,
            cwd=tmp_path,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(process.communicate(), 120)
        return process.returncode or 0, out.decode(), err.decode()

    code, as_json, err = await run("--format", "json")
    _, as_csv, _ = await run()
    _, in_english, _ = await run("--lang", "en")
    bad, _, _ = await run("--until", "2000-01-01")
    assert code == 0, err
    assert json.loads(as_json)["period"] == {"since": today, "until": today}
    assert as_csv.startswith("\ufeffЗапись;Id;Id заказа;")
    assert in_english.startswith("\ufeffRecord;Id;Order id;")
    assert bad == 2


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 360])
async def test_the_refund_confirmation_in_chromium_shows_the_amount_on_one_line(
    shop: TestServer, db: Database, browser: Any, tmp_path: Path, width: int
) -> None:
    order = await paid(shop, db)
    page = await browser.new_page(viewport={"width": width, "height": 800})
    await page.goto(str(shop.make_url(f"/admin/orders/{order.id}")))
    await page.check("#refund-delivery")
    await page.screenshot(path=str(tmp_path / f"order-{width}.png"), full_page=True)
    async with page.expect_navigation():
        await page.click("#refund")
    assert (await page.text_content("#refund-amount")) == "1\u00a0350,00\u00a0₽"
    amount = await page.query_selector("#refund-amount")
    button = await page.query_selector("#confirm-refund")
    assert amount is not None
    assert button is not None
    box = await amount.bounding_box()
    line = await page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('#refund-amount')).lineHeight)"
    )
    assert box is not None
    assert box["height"] < 1.5 * line  # `1 350,00 ₽` never wraps, even on a phone
    assert (await button.bounding_box() or {}).get("width", width + 1) <= width
    await page.screenshot(path=str(tmp_path / f"confirm-{width}.png"), full_page=True)
    async with page.expect_navigation():
        await page.click("#confirm-refund")
    assert (await page.get_attribute("#order-status", "data-status")) == "refunded"
    assert (await page.text_content("#order-status")) == "Деньги возвращены"
    await page.close()
