"""The checkout turn's database work: `place_order` for N carts of two lines, one at a time.

Each order is placed in its own unit of work, as the inbox does (re-check prices and stock,
reserve counted stock, write the order and its lines, empty the cart). CPU is this process's
own (`time.process_time`), so it is the Python side of a checkout; wall time adds the
database. The baseline, in the same run on the same database, is the floor of writing an
order: one plain INSERT of an order row and one of its two lines per unit of work.

    python bench/checkout.py              # 2 000 orders, SQLite and PostgreSQL
    python bench/checkout.py --quick      # 300 orders
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import fresh_pg
from catalog.money import Money
from catalog.tables import CatalogProduct
from shop.chat.carts import cart_for, chat_for, load_cart, save_cart
from shop.chat.decision import AddToCart, DeliveryChoice, PlaceOrder, ReceiptContact
from shop.chat.views import CartLine, DeliveryKind, DeliveryOption, SettingsView
from shop.orders.checkout import PlacedOrder, place_order
from shop.orders.tables import ShopOrder, ShopOrderLine
from shop.storage.db import Database
from shop.storage.schema import metadata

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
PICKUP = DeliveryOption("pickup", DeliveryKind.PICKUP, "Самовывоз", Money.rub("0"))
SETTINGS = SettingsView(delivery_options=(PICKUP,))
LINES = (  # one product with counted stock, one without
    CartLine("TEA1", "Чай чёрный", 1, Money.rub("299.00")),
    CartLine("POT1", "Чайник", 1, Money.rub("1500.00")),
)
EFFECT = PlaceOrder(
    DeliveryChoice("pickup", pickup_point_id="p1"), ReceiptContact(), Money.rub("1799.00")
)


async def prepare(db: Database, count: int) -> None:
    async with db.connection() as conn:
        await conn.run_sync(metadata.create_all)
    async with db.transaction() as session:
        for rid, title, price, quantity in (
            ("TEA1", "Чай чёрный", "299.00", 10 * count),
            ("POT1", "Чайник", "1500.00", None),
        ):
            session.add(
                CatalogProduct(
                    retailer_id=rid,
                    title=title,
                    price_amount=Decimal(price),
                    availability="in stock",
                    condition="new",
                    quantity=quantity,
                    content_hash="h" * 32,
                    synced_hash="h" * 32,
                    created_at=NOW,
                    updated_at=NOW,
                )
            )
    for i in range(count):
        async with db.transaction() as session:
            chat = await chat_for(session, "biz", f"7900{i:07d}", NOW)
            cart = await cart_for(session, chat.id or 0, NOW)
            current = await load_cart(session, cart)
            await save_cart(session, cart, current, tuple(AddToCart(ln) for ln in LINES), NOW)


async def checkouts(db: Database, count: int) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    for i in range(count):
        async with db.transaction() as session:
            chat = await chat_for(session, "biz", f"7900{i:07d}", NOW)
            cart_row = await cart_for(session, chat.id or 0, NOW)
            cart = await load_cart(session, cart_row)
            placed = await place_order(
                session,
                chat=chat,
                cart_row=cart_row,
                cart=cart,
                effect=EFFECT,
                settings=SETTINGS,
                now=NOW,
            )
            assert isinstance(placed, PlacedOrder), placed
    return time.process_time() - cpu, time.perf_counter() - wall


async def floor(db: Database, count: int) -> tuple[float, float]:
    """The same number of orders written by two plain INSERTs each."""
    from sqlalchemy import insert

    order = ShopOrder.__table__  # type: ignore[attr-defined]
    lines = ShopOrderLine.__table__  # type: ignore[attr-defined]
    cpu, wall = time.process_time(), time.perf_counter()
    for i in range(count):
        async with db.transaction() as session:
            row = {
                "token": f"floor-{i}",
                "chat_id": i + 1,
                "wa_id": f"7900{i:07d}",
                "status": "awaiting_payment",
                "currency": "RUB",
                "goods_minor": 179900,
                "delivery_minor": 0,
                "total_minor": 179900,
                "delivery_option": "pickup",
                "delivery_kind": "pickup",
                "delivery_title": "Самовывоз",
                "cart_version": 1_000_000 + i,
                "created_at": NOW,
                "expires_at": NOW + timedelta(hours=1),
            }
            order_id = (
                await session.execute(insert(order).returning(order.c.id), row)
            ).scalar_one()
            await session.execute(
                insert(lines),
                [
                    {
                        "order_id": order_id,
                        "position": n,
                        "retailer_id": ln.retailer_id,
                        "title": ln.title,
                        "quantity": ln.quantity,
                        "unit_price_minor": ln.unit_price.minor,
                        "reserved": 0,
                    }
                    for n, ln in enumerate(LINES)
                ],
            )
    return time.process_time() - cpu, time.perf_counter() - wall


async def run(name: str, url: str, count: int) -> None:
    db = Database(url)
    try:
        await prepare(db, count)
        base_cpu, base_wall = await floor(db, count)
        cpu, wall = await checkouts(db, count)
    finally:
        await db.dispose()
    per = 1000 / count
    print(
        f"| {name} | {count} | {cpu * per:.2f} | {wall * per:.2f} "
        f"| {base_cpu * per:.2f} | {base_wall * per:.2f} |"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="300 orders")
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args()
    count = 300 if args.quick else 2000
    print("| backend | orders | place_order CPU ms | wall ms | floor CPU ms | floor wall ms |")
    print("|---|---:|---:|---:|---:|---:|")
    if args.backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as tmp:
            await run("SQLite", f"sqlite+aiosqlite:///{tmp}/checkout.db", count)
    if args.backend in ("postgresql", "both"):
        await run("PostgreSQL", await fresh_pg(f"vitrina_bench_checkout_{os.getpid()}"), count)


if __name__ == "__main__":
    import uvloop

    uvloop.run(main())
