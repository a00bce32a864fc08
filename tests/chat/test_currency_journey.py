"""A shop in another currency than roubles (SHOP_CURRENCY=EUR, its catalog in EUR) through the
sandbox: the cart, the delivery prices and the order all speak euros, up to the order link; and
delivery titles the shop offers by itself follow the chat's language."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import select

from catalog.tables import CatalogProduct
from shop.chat.tables import ShopCart, ShopCartLine
from shop.clock import FrozenClock
from shop.orders.tables import ShopOrder, ShopOrderLine
from shop.storage.db import Database
from tests.chat.chat import Shopper, product, seed, texts, titles
from tests.chat.test_chat_turns import CATALOG
from tests.whatsapp.rig import start_rig

NBSP = "\u00a0"


def in_euros(item: CatalogProduct) -> CatalogProduct:
    item.price_currency = "EUR"
    return item


def euro_cart(*items: tuple[str, int, str]) -> dict[str, Any]:
    """A native cart as WhatsApp sends it from a catalog priced in euros."""
    lines = [
        {"product_retailer_id": r, "quantity": q, "item_price": p, "currency": "EUR"}
        for r, q, p in items
    ]
    return {"type": "order", "order": {"catalog_id": CATALOG, "text": "", "product_items": lines}}


@pytest.fixture
async def euro_shopper(
    aiohttp_client: Any, database_url: str, unused_tcp_port: int, clock: FrozenClock
) -> Shopper:
    rig = await start_rig(
        aiohttp_client, database_url, unused_tcp_port, clock=clock, shop_currency="EUR"
    )
    return Shopper(rig, clock)


async def test_a_shop_in_euros_sells_in_euros_up_to_the_order_link(
    euro_shopper: Shopper, db: Database
) -> None:
    await seed(
        db,
        in_euros(product("TEA1", "Чай зелёный", "12.50", "Чай", quantity=5)),
        in_euros(product("POT1", "Чайник", "40.00", "Посуда")),
    )
    await euro_shopper.text("меню")
    cart = await euro_shopper.send(euro_cart(("TEA1", 2, "12.50"), ("POT1", 1, "40.00")))
    said = "\n".join(texts(cart))
    assert f"65,00{NBSP}EUR" in said  # the cart's total, in the shop's currency
    assert "стоит" not in said  # no false "price changed" between the cart and the catalog

    delivery = await euro_shopper.tap(cart, "Оформить")
    said = "\n".join(texts(delivery))
    assert f"• Курьер — 300,00{NBSP}EUR" in said  # the demo's delivery, priced in euros too
    assert "• Самовывоз — бесплатно" in said
    await euro_shopper.tap(delivery, "Курьер")
    contact = await euro_shopper.text("Berlin, Unter den Linden 1")
    summary = await euro_shopper.tap(contact, "На номер WhatsApp")
    assert f"К оплате: 365,00{NBSP}EUR" in "\n".join(texts(summary))
    placed = await euro_shopper.tap(summary, "Подтвердить")
    link = next(r for r in placed if (r.get("interactive") or {}).get("type") == "cta_url")
    assert f"365,00{NBSP}EUR" in link["interactive"]["body"]["text"]
    assert "/o/" in link["interactive"]["action"]["parameters"]["url"]
    assert "Подтвердить" not in titles(placed)

    async with db.sessions() as session:
        [order] = (await session.exec(select(ShopOrder))).all()
        lines = (await session.exec(select(ShopOrderLine))).all()
        [cart_row] = (await session.exec(select(ShopCart))).all()
    assert (order.currency, order.goods_minor, order.delivery_minor, order.total_minor) == (
        "EUR",
        6500,
        30000,
        36500,
    )
    assert sorted((ln.retailer_id, ln.unit_price_minor) for ln in lines) == [
        ("POT1", 4000),
        ("TEA1", 1250),
    ]
    assert cart_row.currency == "EUR"
    page = await euro_shopper.rig.client.get(f"/o/{order.token}")  # the link opens in euros
    assert page.status == 200
    assert f"365,00{NBSP}EUR" in await page.text()


async def test_a_cart_left_in_the_old_currency_is_emptied_instead_of_blocking_the_chat(
    euro_shopper: Shopper, db: Database
) -> None:
    await seed(db, in_euros(product("TEA1", "Чай зелёный", "12.50", "Чай")))
    await euro_shopper.text("меню")
    async with db.transaction() as session:  # the shop sold in roubles until yesterday
        cart_row = (await session.exec(select(ShopCart))).one()
        cart_row.currency, cart_row.lines_count, cart_row.total_minor = "RUB", 1, 99000
        old = ShopCartLine(
            cart_id=cart_row.id or 0,
            retailer_id="OLD1",
            title="Старый товар",
            quantity=1,
            unit_price_minor=99000,
        )
        session.add_all([cart_row, old])
    cart = await euro_shopper.send(euro_cart(("TEA1", 1, "12.50")))
    said = "\n".join(texts(cart))
    assert f"12,50{NBSP}EUR" in said
    assert "Старый товар" not in said
    assert "₽" not in said
    async with db.sessions() as session:
        lines = (await session.exec(select(ShopCartLine))).all()
        cart_row = (await session.exec(select(ShopCart))).one()
    assert [(ln.retailer_id, ln.unit_price_minor) for ln in lines] == [("TEA1", 1250)]
    assert cart_row.currency == "EUR"
