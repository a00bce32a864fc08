"""Settlement receipts of orders partly refunded before hand-over, and of payments made before
the payment's receipt was kept: the receipt covers exactly what stays paid (through the
real fake YooKassa over HTTP), or the order page says why it could not be worked out."""

from __future__ import annotations

import io
import json
from typing import Any

from aiohttp.test_utils import TestClient, TestServer
from sqlmodel import select

from catalog.importing import ImportRequest, run_import
from payments.yookassa import YooKassaClient
from shop import merchant_settings
from shop.clock import FrozenClock, utcnow
from shop.orders.model import OrderStatus
from shop.orders.payment_tables import PayAttempt, PayRefund
from shop.orders.payments import OrderPayments, PayConfig
from shop.orders.refunds import LineRefund, OrderRefunds
from shop.orders.tables import ShopOrder, ShopOrderLine
from shop.storage.db import Database
from shop.taxes.settings import KEY, TaxSettings
from shop.taxes.settlement import Settlements
from shop.taxes.tables import SettlementReceipt
from tests.orders.conftest import NOW, fake_state, shopper_acts
from tests.taxes.orders import place_lines

# 3 × 1 000,00 ₽ and 2 × 250,00 ₽ less a 100,00 ₽ promo code (spread when the order was placed:
# 85,71 ₽ and 14,29 ₽), and 300,00 ₽ delivery: 3 700,00 ₽ paid.
LINES = (("A1", "Чайник", 3, 100_000, 8_571), ("B2", "Кружка", 2, 25_000, 1_429))
TOTAL = 370_000


async def _paid(db: Database, gateway: YooKassaClient) -> ShopOrder:
    async with db.transaction() as session:
        await merchant_settings.save(session, KEY, TaxSettings(tax_system_code=2, vat_code=7), NOW)
    order = await place_lines(db, LINES)
    payments = OrderPayments(
        db=db,
        gateway=gateway,
        clock=FrozenClock(NOW),
        config=PayConfig(public_base_url="https://s.example"),
    )
    url = await payments.link_for(order.token)
    assert url is not None
    await shopper_acts(url, "pay")
    await payments.observe(url.rsplit("/", 1)[1])
    return order


async def _handed_over(db: Database, order: ShopOrder) -> None:
    async with db.transaction() as session:
        row = await session.get(ShopOrder, order.id)
        assert row is not None
        row.status = OrderStatus.DELIVERED.value  # the lifecycle's step, not ours


def _job(db: Database, gateway: YooKassaClient) -> Settlements:
    return Settlements(db=db, gateway=gateway, clock=FrozenClock(NOW))


async def _rows(db: Database) -> list[SettlementReceipt]:
    async with db.sessions() as session:
        return list((await session.exec(select(SettlementReceipt))).all())


async def _refund_row(db: Database, order: ShopOrder, status: str, piece: list[Any]) -> None:
    """A refund of one piece `[title, unit kopecks, quantity, retailer id]` as if YooKassa
    had been asked (`new`) or had made it (`succeeded`, counted on the payment)."""
    async with db.transaction() as session:
        attempt = (await session.exec(select(PayAttempt))).one()
        amount = piece[1] * piece[2]
        if status == "succeeded":
            attempt.refunded_minor += amount
        session.add(
            PayRefund(
                order_id=order.id or 0,
                attempt_id=attempt.id or 0,
                key=f"k-{status}",
                status=status,
                amount_minor=amount,
                lines_json=json.dumps([piece]),
                created_at=NOW,
                updated_at=NOW,
            )
        )


def _lines(receipt: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    return [
        (i["description"], i["quantity"], i["amount"]["value"], i["payment_mode"])
        for i in receipt["items"]
    ]


async def test_a_partly_refunded_order_settles_exactly_the_lines_not_refunded(
    db: Database, gateway: YooKassaClient, fake: TestServer
) -> None:
    order = await _paid(db, gateway)
    refunds = OrderRefunds(db=db, gateway=gateway, clock=FrozenClock(NOW))
    refund = await refunds.refund(order.id or 0, lines=[LineRefund("B2", 1), LineRefund("A1", 1)])
    assert str(refund.amount) == "1214.29 RUB"  # 971,43 ₽ and the mug's dearer 242,86 ₽
    await _handed_over(db, order)
    await _job(db, gateway).run_once()
    (receipt,) = (await fake_state(fake))["receipts"]
    assert _lines(receipt) == [
        ("Чайник", "2", "971.43", "full_payment"),
        ("Кружка", "1", "242.85", "full_payment"),
        ("Доставка", "1", "300.00", "full_payment"),
    ]
    # 3 700,00 ₽ paid − 1 214,29 ₽ refunded, to the kopeck.
    assert receipt["settlements"] == [
        {"type": "prepayment", "amount": {"value": "2485.71", "currency": "RUB"}}
    ]
    (row,) = await _rows(db)
    assert (row.status, row.error) == ("pending", None)


async def test_a_refunded_delivery_leaves_the_settlement_too(
    db: Database, gateway: YooKassaClient, fake: TestServer
) -> None:
    order = await _paid(db, gateway)
    refunds = OrderRefunds(db=db, gateway=gateway, clock=FrozenClock(NOW))
    await refunds.refund(order.id or 0, lines=[LineRefund("B2", 2)], delivery=True)
    await _handed_over(db, order)
    await _job(db, gateway).run_once()
    (receipt,) = (await fake_state(fake))["receipts"]
    assert _lines(receipt) == [("Чайник", "3", "971.43", "full_payment")]
    assert receipt["settlements"][0]["amount"]["value"] == "2914.29"


async def test_a_fully_refunded_order_gets_no_settlement_receipt(
    db: Database, gateway: YooKassaClient, fake: TestServer
) -> None:
    order = await _paid(db, gateway)
    await OrderRefunds(db=db, gateway=gateway, clock=FrozenClock(NOW)).refund(order.id or 0)
    async with db.sessions() as session:
        refunded = await session.get(ShopOrder, order.id)
        assert refunded is not None
        assert refunded.status == OrderStatus.REFUNDED
    await _job(db, gateway).run_once()
    assert await _rows(db) == []
    # Even were it marked handed over afterwards, there is nothing left to settle.
    await _handed_over(db, order)
    await _job(db, gateway).run_once()
    (row,) = await _rows(db)
    assert row.status == "not_needed"
    assert (await fake_state(fake))["receipts"] == []


async def test_an_order_waits_while_a_refund_is_unanswered(
    db: Database, gateway: YooKassaClient, fake: TestServer
) -> None:
    order = await _paid(db, gateway)
    await _handed_over(db, order)
    await _refund_row(db, order, "new", ["Кружка", 24_286, 1, "B2"])
    await _job(db, gateway).run_once()
    assert await _rows(db) == []
    async with db.transaction() as session:
        stuck = (await session.exec(select(PayRefund))).one()
        stuck.status = "canceled"  # YooKassa refused it: everything stays paid
    await _job(db, gateway).run_once()
    (receipt,) = (await fake_state(fake))["receipts"]
    assert receipt["settlements"][0]["amount"]["value"] == "3700.00"


async def _forget_receipt(db: Database) -> dict[str, Any]:
    """The payment as one made before receipts were kept with it; what it had carried."""
    async with db.transaction() as session:
        attempt = (await session.exec(select(PayAttempt))).one()
        assert attempt.receipt_json is not None
        carried = dict(json.loads(attempt.receipt_json))
        attempt.receipt_json = None
    return carried


async def test_a_payment_without_its_kept_receipt_is_settled_from_the_order_alike(
    db: Database, gateway: YooKassaClient, fake: TestServer
) -> None:
    sheet = "Артикул;Название;Цена;Фото;НДС\nA1;Чайник;1000;https://i.example/a1.jpg;22%\n"
    request = ImportRequest(file_name="c.csv", actor="test", import_valid=True)
    await run_import(db, io.BytesIO(sheet.encode()), request, now=utcnow)
    order = await _paid(db, gateway)
    carried = await _forget_receipt(db)
    await OrderRefunds(db=db, gateway=gateway, clock=FrozenClock(NOW)).refund(
        order.id or 0, lines=[LineRefund("A1", 1)]
    )
    await _handed_over(db, order)
    await _job(db, gateway).run_once()
    (receipt,) = (await fake_state(fake))["receipts"]
    # The same lines, codes and kopecks as the payment's own receipt, less the refunded unit.
    expected = [
        (i["description"], i["quantity"], i["amount"]["value"], i["vat_code"])
        for i in carried["items"]
    ]
    expected[0] = ("Чайник", "2", "971.43", 11)
    assert expected == [
        (i["description"], i["quantity"], i["amount"]["value"], i["vat_code"])
        for i in receipt["items"]
    ]
    # The teapot's own 22 %, the shop's default 7 % for the mugs and the delivery.
    assert [i["vat_code"] for i in receipt["items"]] == [11, 7, 7, 7]
    assert receipt["tax_system_code"] == 2
    assert receipt["settlements"][0]["amount"]["value"] == "2728.57"


async def test_a_receipt_that_cannot_be_rebuilt_is_shown_with_the_reason_not_skipped(
    db: Database,
    gateway: YooKassaClient,
    fake: TestServer,
    open_client: TestClient,
) -> None:
    order = await _paid(db, gateway)
    await _forget_receipt(db)
    async with db.transaction() as session:
        line = (await session.exec(select(ShopOrderLine))).first()
        assert line is not None
        line.unit_price_minor += 100  # the lines no longer add up to what was paid
    await _handed_over(db, order)
    await _job(db, gateway).run_once()
    (row,) = await _rows(db)
    assert row.status == "unbuilt"
    assert row.error is not None
    assert row.error.startswith("Чек оплаты не сохранён")
    assert (await fake_state(fake))["receipts"] == []
    page = await (await open_client.get(f"/admin/orders/{order.id}")).text()
    assert 'data-status="unbuilt">Не собран, оформите вручную<' in page
    assert "Чек оплаты не сохранён" in page
    # The builder's reason in Russian too, money as the pages write it (no English detail).
    said = "строки заказа дают 3\u00a0703,00\u00a0₽, а оплачено 3\u00a0700,00\u00a0₽"
    assert row.error.endswith(said)
    assert said in page
    assert "sum to" not in page
    shopper = await (await open_client.get(f"/o/{order.token}")).text()
    assert 'id="settlement"' not in shopper  # the merchant's matter, not the shopper's


async def test_a_lump_sum_refund_is_shown_as_the_reason(
    db: Database, gateway: YooKassaClient, fake: TestServer
) -> None:
    order = await _paid(db, gateway)
    await _refund_row(db, order, "succeeded", ["Возврат по заказу A-10001", 50_000, 1, ""])
    await _handed_over(db, order)
    await _job(db, gateway).run_once()
    (row,) = await _rows(db)
    assert row.status == "unbuilt"
    assert row.error is not None
    assert "«Возврат по заказу A-10001»" in row.error
    assert (await fake_state(fake))["receipts"] == []
