"""The merchant's order page in real Chromium: on a phone its tables are cards, nothing
scrolls sideways; a payment is named and its status said in YooKassa's words."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from shop.orders.payment_tables import PayAttempt, PayRefund
from shop.orders.tables import ShopOrder
from shop.settings import load_settings
from shop.storage.db import Database
from shop.web.app import create_app
from tests.orders.conftest import NOW, place
from tests.orders.test_order_list_browser import keep

pytestmark = pytest.mark.browser

TABLES = ("#lines", "#payments", "#refunds", "#history", "#news")


async def paid_and_partly_refunded(db: Database) -> ShopOrder:
    order = await place(db)
    async with db.transaction() as session:
        stored = await session.get(ShopOrder, order.id)
        assert stored is not None
        stored.status = "paid"
        attempt = PayAttempt(
            order_id=order.id or 0, attempt=1, key="pay-1", status="succeeded",
            provider_id="2f4b1c3e-000f-5000-9000-1a2b3c4d5e6f", amount_minor=135000,
            income_minor=130275, refunded_minor=30000, created_at=NOW, updated_at=NOW,
        )  # fmt: skip
        session.add(attempt)
        await session.flush()
        session.add(
            PayRefund(
                order_id=order.id or 0,
                attempt_id=attempt.id or 0,
                key="refund-1",
                status="succeeded",
                amount_minor=30000,
                reason="Доставка не понадобилась",
                created_at=NOW + timedelta(hours=1),
                updated_at=NOW + timedelta(hours=1),
            )
        )
    return order


@pytest.mark.parametrize("width", [1280, 390])
async def test_the_order_page_shows_its_tables_without_sideways_scrolling(
    aiohttp_server: Any, database_url: str, db: Database, browser: Any, tmp_path: Path, width: int
) -> None:
    order = await paid_and_partly_refunded(db)
    settings = load_settings(database_url=database_url)
    server = await aiohttp_server(create_app(settings, run_worker=False), host="127.0.0.1")
    page = await browser.new_page(viewport={"width": width, "height": 900})
    await page.goto(f"http://127.0.0.1:{server.port}/admin/orders/{order.id}")

    payments = await page.inner_text("#payments")
    assert "Платёж ЮKassa" in (await page.text_content("#payments thead") or "")
    assert "2f4b1c3e-000f-5000-9000-1a2b3c4d5e6f" in payments
    assert await page.text_content("#payments .badge") == "Успешен"  # not the order's «Оплачен»
    assert "1\u00a0350,00\u00a0₽" in payments
    assert "Доставка не понадобилась" in await page.inner_text("#refunds")
    assert await page.evaluate("document.documentElement.scrollWidth") <= width
    for table in TABLES:  # no table is wider than its frame, so none scrolls inside it
        overflow = "t => t.scrollWidth - t.parentElement.clientWidth"
        wide = await page.eval_on_selector(table, overflow)
        assert wide <= 0, table
    if width < 600:  # on a phone each row is a card: the column heads are hidden
        assert not await page.is_visible("#payments thead")
        fee = "#payments tbody td[data-label='Комиссия']"
        shown = await page.eval_on_selector(fee, "td => getComputedStyle(td, '::before').content")
        assert shown == '"Комиссия: "'  # each cell names its column instead
    await keep(page, tmp_path, f"order-page-{width}.png")
    await page.close()
