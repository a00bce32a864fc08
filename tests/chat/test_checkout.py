"""Carts and orders on a real database: versioned cart writes, order placement and stock."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from sqlmodel import col, select

from catalog.money import Money
from catalog.tables import CatalogProduct
from shop.chat.carts import (
    CartChangedConcurrently,
    cart_for,
    chat_for,
    load_cart,
    save_cart,
    save_chat,
)
from shop.chat.decision import (
    AddToCart,
    DeliveryChoice,
    PlaceOrder,
    ReceiptContact,
    SetQuantity,
)
from shop.chat.tables import ShopChat
from shop.chat.views import CartLine, DeliveryKind, DeliveryOption, SettingsView
from shop.orders.checkout import OrderRefused, PlacedOrder, Refusal, place_order, release_stock
from shop.orders.model import OrderStatus
from shop.orders.tables import ShopOrder, ShopOrderLine
from shop.storage.db import Database
from tests.catalog.syncing import catalog_sync, sandbox_api, sandbox_app, sandbox_items

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
COURIER = DeliveryOption("courier", DeliveryKind.COURIER, "Курьер", Money.rub("300"))
SETTINGS = SettingsView(delivery_options=(COURIER,))


def product(
    retailer_id: str, price: str, quantity: int | None, active: bool = True
) -> CatalogProduct:
    return CatalogProduct(
        retailer_id=retailer_id,
        title=f"Товар {retailer_id}",
        price_amount=Decimal(price),
        availability="in stock",
        condition="new",
        quantity=quantity,
        active=active,
        content_hash="h" * 32,
        created_at=NOW,
        updated_at=NOW,
    )


def line(retailer_id: str, price: str, quantity: int) -> CartLine:
    return CartLine(retailer_id, f"Товар {retailer_id}", quantity, Money.rub(price))


def order_effect(total: str) -> PlaceOrder:
    return PlaceOrder(
        DeliveryChoice("courier", address="Тверская, 1"), ReceiptContact(), Money.rub(total)
    )


async def seed(db: Database, *products: CatalogProduct) -> None:
    async with db.transaction() as session:
        session.add_all(products)


async def add_lines(db: Database, *lines: CartLine) -> None:
    async with db.transaction() as session:
        chat = await chat_for(session, "biz", "79001234567", NOW)
        cart = await cart_for(session, chat.id or 0, NOW)
        current = await load_cart(session, cart)
        await save_cart(session, cart, current, tuple(AddToCart(ln) for ln in lines), NOW)


async def test_a_chat_writes_only_what_changed_and_only_once_read(db: Database) -> None:
    async with db.transaction() as session:
        chat = await chat_for(session, "biz", "79001234567", NOW, "Анна")
        chat.state = "cart"
        await save_chat(session, chat)
        await save_chat(session, chat)  # nothing left to write
        stranger = ShopChat(id=10_000, business="biz", wa_id="79000000000")
        with pytest.raises(LookupError):
            await save_chat(session, stranger)
    async with db.transaction() as session:
        again = await chat_for(session, "biz", "79001234567", NOW)
    assert (again.id, again.state, again.name) == (chat.id, "cart", "Анна")


async def checkout(db: Database, total: str) -> PlacedOrder | OrderRefused:
    async with db.transaction() as session:
        chat = await chat_for(session, "biz", "79001234567", NOW)
        cart_row = await cart_for(session, chat.id or 0, NOW)
        cart = await load_cart(session, cart_row)
        return await place_order(
            session,
            chat=chat,
            cart_row=cart_row,
            cart=cart,
            effect=order_effect(total),
            settings=SETTINGS,
            now=NOW,
        )


async def stock_of(db: Database, retailer_id: str) -> int | None:
    async with db.sessions() as session:
        query = select(CatalogProduct.quantity).where(
            col(CatalogProduct.retailer_id) == retailer_id
        )
        return (await session.exec(query)).one()


async def test_cart_survives_and_adding_twice_sums_quantities(db: Database) -> None:
    await add_lines(db, line("A1", "100.00", 1))
    await add_lines(db, line("A1", "100.00", 2), line("B2", "50.50", 1))
    async with db.transaction() as session:
        chat = await chat_for(session, "biz", "79001234567", NOW)
        cart = await load_cart(session, await cart_for(session, chat.id or 0, NOW))
    assert [(ln.retailer_id, ln.quantity) for ln in cart.lines] == [("A1", 3), ("B2", 1)]
    assert cart.total("RUB") == Money.rub("350.50")


async def test_a_stale_cart_version_is_refused(db: Database) -> None:
    await add_lines(db, line("A1", "100.00", 1))
    async with db.transaction() as session:
        chat = await chat_for(session, "biz", "79001234567", NOW)
        cart = await cart_for(session, chat.id or 0, NOW)
        current = await load_cart(session, cart)
    cart.version -= 1  # as if another event changed the cart after we read it
    with pytest.raises(CartChangedConcurrently):
        async with db.transaction() as session:
            await save_cart(session, cart, current, (SetQuantity("A1", 5),), NOW)


async def test_placing_an_order_reserves_stock_and_empties_the_cart(db: Database) -> None:
    await seed(db, product("A1", "100.00", 5), product("B2", "50.50", None))
    await add_lines(db, line("A1", "100.00", 2), line("B2", "50.50", 1))
    placed = await checkout(db, "550.50")
    assert isinstance(placed, PlacedOrder)
    assert placed.number == f"A-{10000 + placed.id}"
    assert len(placed.token) >= 32
    assert placed.total == Money.rub("550.50")
    assert await stock_of(db, "A1") == 3
    assert await stock_of(db, "B2") is None
    async with db.sessions() as session:
        order = (await session.exec(select(ShopOrder))).one()
        lines = (
            await session.exec(select(ShopOrderLine).order_by(col(ShopOrderLine.position)))
        ).all()
        chat = await chat_for(session, "biz", "79001234567", NOW)
        cart = await load_cart(session, await cart_for(session, chat.id or 0, NOW))
    assert order.status == OrderStatus.AWAITING_PAYMENT
    assert (order.goods_minor, order.delivery_minor, order.total_minor) == (25050, 30000, 55050)
    assert [(ln.retailer_id, ln.quantity, ln.reserved) for ln in lines] == [
        ("A1", 2, 2),
        ("B2", 1, 0),
    ]
    assert cart.lines == ()


async def test_a_retried_checkout_of_the_same_cart_returns_the_same_order(db: Database) -> None:
    await seed(db, product("A1", "100.00", 5))
    await add_lines(db, line("A1", "100.00", 1))
    async with db.transaction() as session:
        chat = await chat_for(session, "biz", "79001234567", NOW)
        cart_row = await cart_for(session, chat.id or 0, NOW)
        cart = await load_cart(session, cart_row)
        version = cart_row.version
        first = await place_order(
            session,
            chat=chat,
            cart_row=cart_row,
            cart=cart,
            effect=order_effect("400.00"),
            settings=SETTINGS,
            now=NOW,
        )
        cart_row.version = version  # the same event delivered again, before it saw the change
        again = await place_order(
            session,
            chat=chat,
            cart_row=cart_row,
            cart=cart,
            effect=order_effect("400.00"),
            settings=SETTINGS,
            now=NOW,
        )
    assert isinstance(first, PlacedOrder)
    assert isinstance(again, PlacedOrder)
    assert (again.id, again.created) == (first.id, False)
    assert await stock_of(db, "A1") == 4


@pytest.mark.parametrize(
    ("seeded", "reason"),
    [
        (product("A1", "120.00", 5), Refusal.PRICE_CHANGED),
        (product("A1", "100.00", 1), Refusal.OUT_OF_STOCK),
        (product("A1", "100.00", 5, active=False), Refusal.UNAVAILABLE),
    ],
)
async def test_checkout_refuses_stale_carts_and_changes_nothing(
    db: Database, seeded: CatalogProduct, reason: Refusal
) -> None:
    await seed(db, seeded)
    await add_lines(db, line("A1", "100.00", 2))
    refused = await checkout(db, "500.00")
    assert refused == OrderRefused(reason, ("A1",))
    assert await stock_of(db, "A1") == seeded.quantity
    async with db.sessions() as session:
        assert (await session.exec(select(ShopOrder))).all() == []


async def test_a_total_other_than_the_confirmed_one_is_refused(db: Database) -> None:
    await seed(db, product("A1", "100.00", 5))
    await add_lines(db, line("A1", "100.00", 1))
    assert await checkout(db, "399.00") == OrderRefused(Refusal.TOTAL_CHANGED)


async def test_releasing_stock_gives_it_back_once(db: Database) -> None:
    await seed(db, product("A1", "100.00", 5))
    await add_lines(db, line("A1", "100.00", 2))
    placed = await checkout(db, "500.00")
    assert isinstance(placed, PlacedOrder)
    for _ in range(2):
        async with db.transaction() as session:
            await release_stock(session, placed.id)
    assert await stock_of(db, "A1") == 5


async def test_chat_context_with_coordinates_round_trips(db: Database) -> None:
    from shop.chat.carts import chat_state, store_state
    from shop.chat.state import ChatState, Context

    context = Context(address="Тверская, 1", lat=Decimal("55.7597"), lon=Decimal("37.6141"))
    async with db.transaction() as session:
        chat = await chat_for(session, "biz", "79001234567", NOW)
        store_state(chat, ChatState.CHECKOUT_CONTACT, context, NOW)
        await save_chat(session, chat)
    async with db.transaction() as session:
        chat = await chat_for(session, "biz", "79001234567", NOW)
        assert chat_state(chat) == (ChatState.CHECKOUT_CONTACT, context)


async def _sync(db: Database, sandbox: TestServer) -> dict[str, Any]:
    """One catalog sync to the sandbox's fake; the item as WhatsApp then holds it."""
    async with sandbox_api(sandbox) as api:
        report = await catalog_sync(db.engine, db.connection, api, now=lambda: NOW).run()
    assert report.failed == 0
    return (await sandbox_items(sandbox))["A1"]


async def test_stock_sold_in_the_chat_reaches_the_whatsapp_catalog(
    db: Database, aiohttp_server: Any
) -> None:
    sandbox: TestServer = await aiohttp_server(sandbox_app())
    counted = product("A1", "100.00", 2)
    counted.image_link = "https://shop.example/i/a1.jpg"
    await seed(db, counted)
    item = await _sync(db, sandbox)
    assert (item["quantity_to_sell_on_facebook"], item["availability"]) == (2, "in stock")
    await add_lines(db, line("A1", "100.00", 2))
    placed = await checkout(db, "500.00")
    assert isinstance(placed, PlacedOrder)
    # The reservation wrote only the quantity; the product is marked for the sync all the same.
    item = await _sync(db, sandbox)
    assert (item["quantity_to_sell_on_facebook"], item["availability"]) == (0, "out of stock")
    async with db.transaction() as session:
        await release_stock(session, placed.id)
    item = await _sync(db, sandbox)
    assert (item["quantity_to_sell_on_facebook"], item["availability"]) == (2, "in stock")
