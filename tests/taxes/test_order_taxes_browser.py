"""In real Chromium: an order paid on delivery is marked paid on its page (on a phone), and a
prepaid order shows its settlement receipt's state."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer

from shop.chat.tables import ShopChat
from shop.orders.model import OrderStatus, new_token
from shop.orders.tables import ShopOrder, ShopOrderLine
from shop.storage.db import Database
from shop.taxes.tables import SettlementReceipt
from tests.orders.conftest import NOW
from tests.web.test_settings_browser import _shoot, sandbox_shop

__all__ = ["sandbox_shop"]
pytestmark = pytest.mark.browser


async def _order(db: Database, number: str, **values: Any) -> int:
    async with db.transaction() as session:
        chat = ShopChat(business="b", wa_id=f"7900123{number[-4:]}")
        session.add(chat)
        await session.flush()
        order = ShopOrder(
            number=number,
            token=new_token(),
            chat_id=chat.id or 0,
            wa_id=chat.wa_id,
            goods_minor=129900,
            delivery_minor=0,
            total_minor=129900,
            delivery_option="pickup",
            delivery_kind="pickup",
            delivery_title="Самовывоз",
            expires_at=NOW + timedelta(hours=24),
            **values,
        )
        session.add(order)
        await session.flush()
        assert order.id is not None
        session.add(
            ShopOrderLine(
                order_id=order.id,
                retailer_id="KET1",
                title="Чайник",
                quantity=1,
                unit_price_minor=129900,
            )
        )
        return order.id


async def test_an_order_paid_on_delivery_is_marked_paid_on_a_phone(
    sandbox_shop: TestServer, db: Database, browser: Any, tmp_path: Path
) -> None:
    cod = await _order(
        db, "A-10001", status=OrderStatus.CONFIRMED.value, payment_method="on_delivery"
    )
    prepaid = await _order(db, "A-10002", status=OrderStatus.DELIVERED.value, paid_at=NOW)
    async with db.transaction() as session:
        session.add(
            SettlementReceipt(
                order_id=prepaid,
                payment_id="p-1",
                key="k-1",
                status="succeeded",
                receipt_id="rt-1",
                body_json="{}",
                next_try_at=NOW,
                created_at=NOW,
                updated_at=NOW,
            )
        )
    page = await browser.new_page(viewport={"width": 390, "height": 900})
    await page.goto(str(sandbox_shop.make_url(f"/admin/orders/{cod}")))
    assert "Покупатель заплатил 1\u00a0299,00\u00a0₽ при получении?" in await page.inner_text(
        "#order-taxes"
    )
    await _shoot(page, "order-cod-390", tmp_path)
    async with page.expect_navigation():
        await page.click("#cod-paid")
    assert await page.inner_text("#cod-state") == "Оплачен при получении"
    assert not await page.is_visible("#cod-paid")
    await page.goto(str(sandbox_shop.make_url(f"/admin/orders/{prepaid}")))
    badge = await page.inner_text("#settlement-status")
    assert badge == "Зарегистрирован"
    await _shoot(page, "order-settlement-390", tmp_path)
