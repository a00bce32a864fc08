"""A product's VAT code and payment subject: CSV columns checked row by row, stored, and
used by the payment's receipt before the shop's defaults."""

from __future__ import annotations

import io
import json
from typing import Any

from sqlalchemy import select

from catalog.importing import ImportRequest, run_import
from catalog.repository import PRODUCTS
from payments.gateway import Refund, RefundRequest
from payments.yookassa import YooKassaClient
from shop import merchant_settings
from shop.clock import FrozenClock, utcnow
from shop.orders.payment_tables import PayAttempt
from shop.orders.payments import OrderPayments, PayConfig
from shop.orders.refunds import OrderRefunds
from shop.orders.tables import ShopOrder
from shop.storage.db import Database
from shop.taxes.settings import KEY, TaxSettings
from tests.catalog.conftest import parse_bytes
from tests.orders.conftest import NOW, shopper_acts
from tests.taxes.orders import place_lines

SHEET = (
    "Артикул;Название;Цена;Фото;НДС;Предмет расчёта\n"
    "A1;Чайник;1000;https://i.example/a1.jpg;22%;услуга\n"
    "A2;Кружка;250;https://i.example/a2.jpg;;\n"
    "A3;Блюдце;100;https://i.example/a3.jpg;без НДС;commodity\n"
    "A4;Ложка;50;https://i.example/a4.jpg;30%;товар\n"
    "A5;Вилка;50;https://i.example/a5.jpg;12;подарок\n"
)


def test_the_columns_are_read_as_codes_and_bad_cells_reject_their_rows() -> None:
    _, results = parse_bytes(SHEET.encode())
    by_id = {r.retailer_id: r for r in results}
    a1, a2, a3 = (by_id[k].product for k in ("A1", "A2", "A3"))
    assert a1 is not None
    assert (a1.vat_code, a1.payment_subject) == (11, "service")
    assert a2 is not None
    assert (a2.vat_code, a2.payment_subject) == (None, None)
    assert a3 is not None
    assert (a3.vat_code, a3.payment_subject) == (1, "commodity")
    (bad_vat,) = by_id["A4"].problems
    assert by_id["A4"].product is None
    assert bad_vat.column == "НДС"
    assert "30%" in bad_vat.ru
    (bad_subject,) = by_id["A5"].problems  # 12 is a code (22/122); the subject is wrong
    assert bad_subject.column == "Предмет расчёта"
    assert "подарок" in bad_subject.ru


async def _import(db: Database, text: str) -> None:
    request = ImportRequest(file_name="c.csv", actor="test", import_valid=True)
    await run_import(db, io.BytesIO(text.encode()), request, now=utcnow)


async def _codes(db: Database) -> dict[str, tuple[int | None, str | None]]:
    async with db.engine.connect() as conn:
        rows = (await conn.execute(select(PRODUCTS))).mappings().all()
    return {r["retailer_id"]: (r["vat_code"], r["payment_subject"]) for r in rows}


async def test_an_import_stores_the_codes_and_a_changed_rate_alone_is_written(
    db: Database,
) -> None:
    await _import(db, SHEET)
    assert (await _codes(db))["A1"] == (11, "service")
    await _import(db, SHEET.replace(";22%;", ";7%;"))
    codes = await _codes(db)
    assert codes["A1"] == (8, "service")
    assert codes["A2"] == (None, None)
    await _import(db, SHEET.replace(";22%;услуга", ";;"))  # emptied: the defaults again
    assert (await _codes(db))["A1"] == (None, None)


async def _order(db: Database) -> ShopOrder:
    """Two lines: a product with its own codes and one without; courier delivery 300 ₽."""
    return await place_lines(db, [("A1", "Чайник", 1, 100_000, 0), ("A2", "Кружка", 1, 25_000, 0)])


async def _sent_receipt(db: Database, gateway: YooKassaClient) -> dict[str, Any]:
    """The receipt a payment link for a fresh order carried (the fake accepted it)."""
    order = await _order(db)
    payments = OrderPayments(
        db=db,
        gateway=gateway,
        clock=FrozenClock(NOW),
        config=PayConfig(public_base_url="https://s.example"),
    )
    assert await payments.link_for(order.token)
    async with db.sessions() as session:
        (attempt,) = (await session.exec(select(PayAttempt))).one()  # type: ignore[call-overload]
    assert attempt.receipt_json is not None
    return dict(json.loads(attempt.receipt_json))


async def test_the_receipt_takes_the_products_codes_then_the_shops_defaults(
    db: Database, gateway: YooKassaClient
) -> None:
    await _import(db, SHEET)
    async with db.transaction() as session:
        taxes = TaxSettings(tax_system_code=2, vat_code=7, payment_subject="commodity")
        await merchant_settings.save(session, KEY, taxes, NOW)
    receipt = await _sent_receipt(db, gateway)
    lines = {i["description"]: (i["vat_code"], i["payment_subject"]) for i in receipt["items"]}
    assert lines == {
        "Чайник": (11, "service"),
        "Кружка": (7, "commodity"),
        "Доставка": (7, "service"),
    }
    assert {i["payment_mode"] for i in receipt["items"]} == {"full_prepayment"}
    assert receipt["tax_system_code"] == 2


async def test_without_tax_settings_the_receipt_is_as_before_no_vat_and_no_tax_system(
    db: Database, gateway: YooKassaClient
) -> None:
    receipt = await _sent_receipt(db, gateway)
    assert {i["vat_code"] for i in receipt["items"]} == {1}
    assert "tax_system_code" not in receipt


class Spy:
    """The real client, keeping the refund requests it sends."""

    def __init__(self, inner: YooKassaClient) -> None:
        self.inner, self.refunds = inner, []

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)

    async def create_refund(self, request: RefundRequest, *, key: str) -> Refund:
        self.refunds.append(request)
        return await self.inner.create_refund(request, key=key)


async def test_a_refund_repeats_the_codes_of_the_sale_whatever_the_settings_say_now(
    db: Database, gateway: YooKassaClient
) -> None:
    await _import(db, SHEET)
    async with db.transaction() as session:
        taxes = TaxSettings(tax_system_code=2, vat_code=7)
        await merchant_settings.save(session, KEY, taxes, NOW)
    order = await _order(db)
    clock = FrozenClock(NOW)
    config = PayConfig(public_base_url="https://s.example")
    payments = OrderPayments(db=db, gateway=gateway, clock=clock, config=config)
    url = await payments.link_for(order.token)
    assert url is not None
    await shopper_acts(url, "pay")
    await payments.observe(url.rsplit("/", 1)[1])
    async with db.transaction() as session:  # the merchant changes the rates afterwards
        await merchant_settings.save(session, KEY, TaxSettings(vat_code=11), NOW)
    spy = Spy(gateway)
    refunds = OrderRefunds(db=db, gateway=spy, clock=clock)  # type: ignore[arg-type]
    assert order.id is not None
    await refunds.refund(order.id)
    (request,) = spy.refunds
    assert request.receipt is not None
    items = {i["description"]: i["vat_code"] for i in request.receipt["items"]}
    assert items == {"Чайник": 11, "Кружка": 7, "Доставка": 7}
    assert request.receipt["tax_system_code"] == 2
