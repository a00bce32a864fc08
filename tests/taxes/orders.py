"""An order of several lines awaiting payment, for the receipt tests: each line a
`(retailer id, title, quantity, unit kopecks, its share of a discount)`; courier delivery."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from shop.chat.tables import ShopChat
from shop.orders.model import OrderStatus, new_token
from shop.orders.tables import ShopOrder, ShopOrderLine
from shop.storage.db import Database
from tests.orders.conftest import NOW

Line = tuple[str, str, int, int, int]


async def place_lines(db: Database, lines: Sequence[Line], *, delivery: int = 30_000) -> ShopOrder:
    goods = sum(quantity * unit for _rid, _title, quantity, unit, _share in lines)
    discount = sum(share for *_rest, share in lines)
    async with db.transaction() as session:
        chat = ShopChat(business="b", wa_id="79001234567")
        session.add(chat)
        await session.flush()
        order = ShopOrder(
            number="A-10001",
            token=new_token(),
            chat_id=chat.id or 0,
            wa_id=chat.wa_id,
            status=OrderStatus.AWAITING_PAYMENT.value,
            goods_minor=goods,
            discount_minor=discount,
            delivery_minor=delivery,
            total_minor=goods - discount + delivery,
            delivery_option="courier",
            delivery_kind="courier",
            delivery_title="Курьер",
            expires_at=NOW + timedelta(hours=24),
        )
        session.add(order)
        await session.flush()
        for position, (rid, title, quantity, unit, share) in enumerate(lines):
            session.add(
                ShopOrderLine(
                    order_id=order.id or 0,
                    position=position,
                    retailer_id=rid,
                    title=title,
                    quantity=quantity,
                    unit_price_minor=unit,
                    discount_minor=share,
                )
            )
    return order
