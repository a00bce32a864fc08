"""The dashboard's discounts figure: what paid orders did not charge through promo codes,
today and in the 7 days, for the owner and the accountant only."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from shop.access import roles
from shop.dashboard import queries
from shop.dashboard.figures import Pair, window
from shop.dashboard.sections import sales_section
from shop.storage.db import Database
from tests.dashboard.rows import DAY, NOW, TODAY, chat, order

W = window(NOW, ZoneInfo("Europe/Moscow"))


async def test_discounts_of_orders_paid_today_and_in_the_week(db: Database) -> None:
    async with db.transaction() as session:
        session.add(chat(1))
        await session.flush()
        rows = [
            (order(1, 1, TODAY, "900.00", paid=TODAY), 10000),
            (order(2, 1, NOW - 3 * DAY, "450.00", paid=NOW - 3 * DAY), 5000),
            (order(3, 1, TODAY, "300.00"), 2500),  # not paid
        ]
        for row, discount in rows:
            row.discount_minor = discount
            session.add(row)
    async with db.read_connection() as conn:
        sales = await queries.sales(conn, W)
    assert sales.discounts == {"RUB": Pair(today=10000, week=15000)}
    section = sales_section(sales, W, "RUB")
    figure = next(f for f in section.figures if f.key == "dashboard.discounts")
    assert (figure.today, figure.week) == ("100,00\u00a0₽", "150,00\u00a0₽")
    assert figure.roles == roles.MONEY
