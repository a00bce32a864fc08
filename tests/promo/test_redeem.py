"""Codes redeemed with the order on a real database: the discount on the order and its lines,
exactly one use per order, and the last use going to one of two concurrent orders."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from decimal import Decimal

from sqlmodel import col, select

from catalog.money import Money
from shop.chat.carts import cart_for, chat_for, load_cart, save_cart
from shop.chat.decision import AddToCart, DeliveryChoice, PlaceOrder, ReceiptContact
from shop.orders.checkout import OrderRefused, PlacedOrder, Refusal, place_order
from shop.orders.tables import ShopOrder, ShopOrderLine
from shop.promo import manage
from shop.promo.rules import Refusal as Why
from shop.promo.tables import PromoCode, PromoRedemption
from shop.storage.db import Database
from tests.chat.test_checkout import NOW, SETTINGS, line, product, seed

SHOPPER = "79001234567"


async def make_code(db: Database, **values: object) -> None:
    doc = manage.validated({"code": "SALE", "kind": "percent", "percent": 10, **values})
    async with db.transaction() as session:
        await manage.create(session, doc, NOW)


async def order(
    db: Database, total: str, *, code: str | None = "SALE", wa_id: str = SHOPPER
) -> PlacedOrder | OrderRefused:
    async with db.transaction() as session:
        chat = await chat_for(session, "biz", wa_id, NOW)
        cart_row = await cart_for(session, chat.id or 0, NOW)
        cart = await load_cart(session, cart_row)
        effect = PlaceOrder(
            DeliveryChoice("courier", address="Тверская, 1"),
            ReceiptContact(),
            Money.rub(total),
            promo=code,
        )
        return await place_order(
            session,
            chat=chat,
            cart_row=cart_row,
            cart=cart,
            effect=effect,
            settings=SETTINGS,
            now=NOW,
        )


async def fill(db: Database, wa_id: str = SHOPPER) -> None:
    async with db.transaction() as session:
        chat = await chat_for(session, "biz", wa_id, NOW)
        cart = await cart_for(session, chat.id or 0, NOW)
        current = await load_cart(session, cart)
        ops = (AddToCart(line("A1", "100.00", 3)), AddToCart(line("B2", "0.50", 1)))
        await save_cart(session, cart, current, ops, NOW)


async def test_the_discount_is_on_the_order_and_spread_over_its_lines(db: Database) -> None:
    await seed(db, product("A1", "100.00", None), product("B2", "0.50", None))
    await make_code(db)
    await fill(db)
    # goods 300,50; 10 % = 30,05; delivery 300
    placed = await order(db, "570.45")
    assert isinstance(placed, PlacedOrder), placed
    async with db.sessions() as session:
        saved = (await session.exec(select(ShopOrder))).one()
        lines = (
            await session.exec(select(ShopOrderLine).order_by(col(ShopOrderLine.position)))
        ).all()
        use = (await session.exec(select(PromoRedemption))).one()
        code = (await session.exec(select(PromoCode))).one()
    assert (saved.goods_minor, saved.discount_minor, saved.total_minor) == (30050, 3005, 57045)
    assert sum(ln.discount_minor for ln in lines) == 3005
    assert [ln.discount_minor for ln in lines] == [3000, 5]
    assert (use.order_id, use.discount_minor, use.shopper_use) == (placed.id, 3005, 1)
    assert code.used_count == 1


async def test_a_confirmed_total_without_the_discount_is_refused(db: Database) -> None:
    await seed(db, product("A1", "100.00", None), product("B2", "0.50", None))
    await make_code(db)
    await fill(db)
    refused = await order(db, "600.50")
    assert isinstance(refused, OrderRefused)
    assert refused.reason is Refusal.TOTAL_CHANGED
    async with db.sessions() as session:
        assert (await session.exec(select(PromoCode))).one().used_count == 0


async def test_a_code_used_up_meanwhile_refuses_the_order_with_its_reason(db: Database) -> None:
    await seed(db, product("A1", "100.00", None), product("B2", "0.50", None))
    await make_code(db, total_limit=1)
    await fill(db)
    assert isinstance(await order(db, "570.45"), PlacedOrder)
    await fill(db, "79990000000")
    refused = await order(db, "570.45", wa_id="79990000000")
    assert isinstance(refused, OrderRefused)
    assert refused.promo is not None
    assert refused.promo.reason is Why.USED_UP


async def test_the_shoppers_own_limit_counts_their_earlier_orders(db: Database) -> None:
    await seed(db, product("A1", "100.00", None), product("B2", "0.50", None))
    await make_code(db, per_shopper_limit=1)
    await fill(db)
    assert isinstance(await order(db, "570.45"), PlacedOrder)
    await fill(db)
    refused = await order(db, "570.45")
    assert isinstance(refused, OrderRefused)
    assert refused.promo is not None
    assert refused.promo.reason is Why.USED_BY_YOU


async def test_the_last_use_goes_to_exactly_one_of_two_concurrent_orders(db: Database) -> None:
    await seed(db, product("A1", "100.00", None), product("B2", "0.50", None))
    await make_code(db, total_limit=1)
    await fill(db, "79000000001")
    await fill(db, "79000000002")
    results = await asyncio.gather(
        order(db, "570.45", wa_id="79000000001"), order(db, "570.45", wa_id="79000000002")
    )
    placed = [r for r in results if isinstance(r, PlacedOrder)]
    refused = [r for r in results if isinstance(r, OrderRefused)]
    assert len(placed) == 1
    assert len(refused) == 1
    assert refused[0].promo is not None
    assert refused[0].promo.reason is Why.USED_UP
    async with db.sessions() as session:
        assert len((await session.exec(select(PromoRedemption))).all()) == 1
        assert (await session.exec(select(PromoCode))).one().used_count == 1


async def test_a_one_time_code_serves_its_shopper_once(db: Database) -> None:
    await seed(db, product("A1", "100.00", None), product("B2", "0.50", None))
    async with db.transaction() as session:
        code = await manage.one_time(
            session, wa_id=SHOPPER, percent=10, now=NOW, valid_for=timedelta(days=3)
        )
    assert len(code) == manage.ONE_TIME_LENGTH
    await fill(db, "79990000000")
    stranger = await order(db, "570.45", code=code, wa_id="79990000000")
    assert isinstance(stranger, OrderRefused)
    assert stranger.promo is not None
    assert stranger.promo.reason is Why.NOT_YOURS
    await fill(db)
    assert isinstance(await order(db, "570.45", code=code.lower()), PlacedOrder)
    await fill(db)
    again = await order(db, "570.45", code=code)
    assert isinstance(again, OrderRefused)
    assert again.promo is not None


async def test_a_fixed_amount_larger_than_the_goods_leaves_them_one_rouble(db: Database) -> None:
    await seed(db, product("A1", "100.00", None), product("B2", "0.50", None))
    await make_code(db, kind="amount", percent=None, amount=Decimal("5000"))
    await fill(db)
    placed = await order(db, "301.00")  # goods 1,00 ₽ + delivery 300
    assert isinstance(placed, PlacedOrder), placed
    async with db.sessions() as session:
        lines = (
            await session.exec(select(ShopOrderLine).order_by(col(ShopOrderLine.position)))
        ).all()
    # each unit keeps at least a kopeck
    assert all(ln.unit_price_minor * ln.quantity - ln.discount_minor >= ln.quantity for ln in lines)
