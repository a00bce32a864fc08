"""Placing an order: re-check prices and stock, reserve stock, write the order, empty the cart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy import BindParameter, bindparam, insert, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from catalog.money import Money
from catalog.tables import CatalogProduct
from shop.chat.carts import CartRow, Chat, save_cart
from shop.chat.decision import ClearCart, PlaceOrder
from shop.chat.views import Cart, SettingsView, find_option
from shop.orders.model import (
    OrderLineDraft,
    OrderStatus,
    expires_at,
    goods_total,
    new_token,
    order_number,
)
from shop.orders.tables import ShopOrder, ShopOrderLine
from shop.promo import ordering as promo_step
from shop.promo.rules import Refused
from shop.promo.store import PromoGone, record_use, take_use
from shop.storage.sql import run

PRODUCT = CatalogProduct.__table__  # type: ignore[attr-defined]
ORDER = ShopOrder.__table__  # type: ignore[attr-defined]
# The checkout's statements, built once (see `shop.storage.sql.run`).
_IDS: BindParameter[Any] = bindparam("b_ids", expanding=True)
_PRODUCTS = sa.select(
    PRODUCT.c.retailer_id,
    PRODUCT.c.title,
    PRODUCT.c.active,
    PRODUCT.c.price_amount,
    PRODUCT.c.sale_amount,
    PRODUCT.c.price_currency,
    PRODUCT.c.quantity,
).where(PRODUCT.c.retailer_id.in_(_IDS))
_ORDERED = sa.select(
    ORDER.c.id, ORDER.c.number, ORDER.c.token, ORDER.c.total_minor, ORDER.c.currency
).where(ORDER.c.chat_id == bindparam("b_chat"), ORDER.c.cart_version == bindparam("b_version"))
_TAKE = (
    update(PRODUCT)
    .where(
        PRODUCT.c.retailer_id == bindparam("b_rid"),
        PRODUCT.c.quantity.is_not(None),
        PRODUCT.c.quantity >= bindparam("b_qty"),
    )
    .values(quantity=PRODUCT.c.quantity - bindparam("b_qty"))
)
_COUNTED = sa.select(PRODUCT.c.quantity).where(PRODUCT.c.retailer_id == bindparam("b_rid"))
_NEW_ORDER = insert(ORDER).returning(ORDER.c.id)
_NUMBER = update(ORDER).where(ORDER.c.id == bindparam("b_id")).values(number=bindparam("b_number"))


class Refusal(StrEnum):
    EMPTY_CART = "empty_cart"
    UNKNOWN_DELIVERY = "unknown_delivery"
    PRICE_CHANGED = "price_changed"
    UNAVAILABLE = "unavailable"
    OUT_OF_STOCK = "out_of_stock"
    TOTAL_CHANGED = "total_changed"
    PROMO = "promo"  # the promo code no longer applies; `OrderRefused.promo` says why


@dataclass(frozen=True)
class PlacedOrder:
    id: int
    number: str
    token: str
    total: Money
    created: bool  # False when this cart version was already ordered (a retried event)


@dataclass(frozen=True)
class OrderRefused:
    reason: Refusal
    retailer_ids: tuple[str, ...] = ()
    promo: Refused | None = None


class _StockRace(Exception):
    def __init__(self, retailer_id: str) -> None:
        self.retailer_id = retailer_id


async def place_order(
    session: AsyncSession,
    *,
    chat: Chat,
    cart_row: CartRow,
    cart: Cart,
    effect: PlaceOrder,
    settings: SettingsView,
    now: datetime,
) -> PlacedOrder | OrderRefused:
    """Create the order in the caller's transaction, or say why not (nothing is changed then)."""
    existing = await _already_ordered(session, chat, cart_row)
    if existing is not None:
        return existing
    if not cart.lines:
        return OrderRefused(Refusal.EMPTY_CART)
    # An option with zones is ordered in one of them ("<option>~<zone>", the zone's price).
    option = find_option(settings.delivery_options, effect.delivery.option_id)
    if option is None or option.zones:
        return OrderRefused(Refusal.UNKNOWN_DELIVERY)
    drafts, problem = await _checked_lines(session, cart)
    if problem is not None:
        return problem
    goods = goods_total(drafts, settings.currency)
    delivery = option.price_for(goods)
    promo = await promo_step.judge(session, effect.promo, chat.wa_id, drafts, goods, now)
    if isinstance(promo, Refused):
        return OrderRefused(Refusal.PROMO, promo=promo)
    total = goods + delivery - promo_step.off(promo, goods)
    if total != effect.expected_total:
        return OrderRefused(Refusal.TOTAL_CHANGED)
    try:
        async with session.begin_nested():
            reserved = await _reserve(session, drafts)
            if promo is not None:
                await take_use(session, promo)
    except _StockRace as race:
        return OrderRefused(Refusal.OUT_OF_STOCK, (race.retailer_id,))
    except PromoGone as gone:
        return OrderRefused(Refusal.PROMO, promo=gone.refused)
    token = new_token()
    on_delivery = effect.pay_on_delivery and settings.pay_on_delivery
    values = {
        "token": token,
        "chat_id": chat.id,
        "wa_id": chat.wa_id,
        # Pay on delivery: the shopper's confirmation in the chat confirms the order.
        "status": (OrderStatus.CONFIRMED if on_delivery else OrderStatus.AWAITING_PAYMENT).value,
        "payment_method": "on_delivery" if on_delivery else "online",
        "currency": settings.currency,
        "goods_minor": goods.minor,
        "delivery_minor": delivery.minor,
        "discount_minor": promo_step.off(promo, goods).minor,
        "total_minor": total.minor,
        "delivery_option": option.id,
        "delivery_kind": option.kind.value,
        "delivery_title": option.title,
        "pickup_point": effect.delivery.pickup_point_id,
        "address": effect.delivery.address,
        "latitude": None if effect.delivery.lat is None else str(effect.delivery.lat),
        "longitude": None if effect.delivery.lon is None else str(effect.delivery.lon),
        "contact_email": effect.contact.email,
        "cart_version": cart_row.version,
        "created_at": now,
        "expires_at": expires_at(now),
    }
    order_id = int((await run(session, _NEW_ORDER, values)).scalar_one())
    number = order_number(order_id)
    await run(session, _NUMBER, {"b_id": order_id, "b_number": number})
    shares = promo_step.line_shares(promo, drafts)
    await session.exec(
        insert(ShopOrderLine),
        params=[
            {
                "order_id": order_id,
                "position": i,
                "retailer_id": d.retailer_id,
                "title": d.title,
                "quantity": d.quantity,
                "unit_price_minor": d.unit_price.minor,
                "discount_minor": shares[i],
                "reserved": reserved.get(d.retailer_id, 0),
            }
            for i, d in enumerate(drafts)
        ],
    )
    if promo is not None:
        await record_use(session, promo, order_id=order_id, wa_id=chat.wa_id, now=now)
    await save_cart(session, cart_row, cart, (ClearCart(),), now)
    return PlacedOrder(order_id, number, token, total, created=True)


async def _already_ordered(
    session: AsyncSession, chat: Chat, cart_row: CartRow
) -> PlacedOrder | None:
    params = {"b_chat": chat.id, "b_version": cart_row.version}
    order = (await run(session, _ORDERED, params)).first()
    if order is None or order.number is None:
        return None
    total = Money.from_minor(order.total_minor, order.currency)
    return PlacedOrder(order.id, order.number, order.token, total, created=False)


async def _checked_lines(
    session: AsyncSession, cart: Cart
) -> tuple[tuple[OrderLineDraft, ...], OrderRefused | None]:
    ids = [line.retailer_id for line in cart.lines]
    products = {p.retailer_id: p for p in await run(session, _PRODUCTS, {"b_ids": ids})}
    drafts: list[OrderLineDraft] = []
    for line in cart.lines:
        product = products.get(line.retailer_id)
        if product is None or not product.active:
            return (), OrderRefused(Refusal.UNAVAILABLE, (line.retailer_id,))
        price = Money(
            amount=product.sale_amount or product.price_amount, currency=product.price_currency
        )
        if price != line.unit_price:
            return (), OrderRefused(Refusal.PRICE_CHANGED, (line.retailer_id,))
        if product.quantity is not None and product.quantity < line.quantity:
            return (), OrderRefused(Refusal.OUT_OF_STOCK, (line.retailer_id,))
        drafts.append(OrderLineDraft(line.retailer_id, product.title, line.quantity, price))
    return tuple(drafts), None


async def _reserve(session: AsyncSession, drafts: tuple[OrderLineDraft, ...]) -> dict[str, int]:
    """Atomically take stock for counted products; a lost race undoes every reservation."""
    reserved: dict[str, int] = {}
    for d in drafts:
        taken = await run(session, _TAKE, {"b_rid": d.retailer_id, "b_qty": d.quantity})
        if taken.rowcount == 1:
            reserved[d.retailer_id] = d.quantity
            continue
        counted = (await run(session, _COUNTED, {"b_rid": d.retailer_id})).first()
        if counted is not None and counted.quantity is not None:
            raise _StockRace(d.retailer_id)
    return reserved


async def release_stock(session: AsyncSession, order_id: int) -> None:
    """Give back what an order reserved (cancel, expiry); safe to call twice."""
    lines = (
        await session.exec(
            select(ShopOrderLine).where(
                col(ShopOrderLine.order_id) == order_id, col(ShopOrderLine.reserved) > 0
            )
        )
    ).all()
    for line in lines:
        await session.exec(
            update(CatalogProduct)
            .where(col(CatalogProduct.retailer_id) == line.retailer_id)
            .values(quantity=col(CatalogProduct.quantity) + line.reserved)
        )
        line.reserved = 0
