"""Settlement receipts: a prepaid order handed over gets one `full_payment` receipt through
YooKassa's receipts API (the real fake over HTTP), exactly once across a crash, 5xx and
timeouts, re-read until registered."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlmodel import select

from payments.receipts_api import FiscalReceipt
from payments.yookassa import YooKassaClient
from shop import merchant_settings
from shop.clock import FrozenClock
from shop.orders.model import OrderStatus
from shop.orders.payments import OrderPayments, PayConfig
from shop.orders.shopper_link import link_token
from shop.orders.tables import ShopOrder
from shop.storage.db import Database
from shop.taxes.settings import KEY, TaxSettings
from shop.taxes.settlement import LEASE, POLL, Settlements
from shop.taxes.tables import SettlementReceipt
from tests.orders.conftest import NOW, fake_state, fault, place, shopper_acts
from tests.web.answers import assert_declared
from tests.web.conftest import bearer


class Crash(Exception):
    """The process dies right after YooKassa answered, before anything is recorded."""


class CrashAfterCall:
    def __init__(self, inner: YooKassaClient) -> None:
        self.inner = inner

    async def create_receipt(self, body: Mapping[str, Any], *, key: str) -> FiscalReceipt:
        await self.inner.create_receipt(body, key=key)
        raise Crash

    async def get_receipt(self, receipt_id: str) -> FiscalReceipt:
        return await self.inner.get_receipt(receipt_id)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


async def _delivered(
    db: Database, gateway: YooKassaClient, clock: FrozenClock, taxes: TaxSettings
) -> ShopOrder:
    """An order paid through the fake (its receipt built from `taxes`), then handed over."""
    async with db.transaction() as session:
        await merchant_settings.save(session, KEY, taxes, NOW)
    order = await place(db, "1350.00")
    payments = OrderPayments(
        db=db, gateway=gateway, clock=clock, config=PayConfig(public_base_url="https://s.example")
    )
    url = await payments.link_for(order.token)
    assert url is not None
    await shopper_acts(url, "pay")
    payment_id = url.rsplit("/", 1)[1]
    await payments.observe(payment_id)
    async with db.transaction() as session:
        paid = await session.get(ShopOrder, order.id)
        assert paid is not None
        assert paid.status == OrderStatus.PAID
        paid.status = OrderStatus.DELIVERED.value  # the lifecycle's step, not ours
    return paid


async def _rows(db: Database) -> list[SettlementReceipt]:
    async with db.sessions() as session:
        return list((await session.exec(select(SettlementReceipt))).all())


TAXES = TaxSettings(tax_system_code=2, vat_code=11)


async def test_a_handed_over_prepaid_order_gets_one_full_payment_receipt(
    db: Database, gateway: YooKassaClient, fake: TestServer, clock: FrozenClock
) -> None:
    await _delivered(db, gateway, clock, TAXES)
    job = Settlements(db=db, gateway=gateway, clock=clock)
    await job.run_once()
    (receipt,) = (await fake_state(fake))["receipts"]
    assert receipt["type"] == "payment"
    assert receipt["status"] == "pending"
    assert receipt["settlements"] == [
        {"type": "prepayment", "amount": {"value": "1350.00", "currency": "RUB"}}
    ]
    assert {item["payment_mode"] for item in receipt["items"]} == {"full_payment"}
    assert {item["vat_code"] for item in receipt["items"]} == {11}
    assert receipt["tax_system_code"] == 2
    (row,) = await _rows(db)
    assert (row.status, row.receipt_id) == ("pending", receipt["id"])
    clock.advance(POLL)
    await job.run_once()
    (row,) = await _rows(db)
    assert row.status == "succeeded"
    clock.advance(POLL)
    await job.run_once()  # nothing new to send: still the one receipt
    assert len((await fake_state(fake))["receipts"]) == 1


async def test_the_receipt_is_made_once_across_a_crash_between_the_call_and_the_record(
    db: Database, gateway: YooKassaClient, fake: TestServer, clock: FrozenClock
) -> None:
    await _delivered(db, gateway, clock, TAXES)
    with pytest.raises(Crash):
        await Settlements(db=db, gateway=CrashAfterCall(gateway), clock=clock).run_once()
    (row,) = await _rows(db)
    assert (row.status, row.receipt_id) == ("new", None)
    clock.advance(LEASE + timedelta(seconds=1))
    await Settlements(db=db, gateway=gateway, clock=clock).run_once()  # after the restart
    receipts = (await fake_state(fake))["receipts"]
    assert len(receipts) == 1  # YooKassa answered the same key with the same receipt
    (row,) = await _rows(db)
    assert (row.status, row.receipt_id) == ("pending", receipts[0]["id"])


@pytest.mark.parametrize("trouble", [{"fault": "error_500"}, {"fault": "timeout", "seconds": 3}])
async def test_a_5xx_or_a_timeout_is_retried_with_the_same_key_later(
    db: Database,
    gateway: YooKassaClient,
    fake: TestServer,
    clock: FrozenClock,
    trouble: dict[str, Any],
) -> None:
    await _delivered(db, gateway, clock, TAXES)
    job = Settlements(db=db, gateway=gateway, clock=clock)
    await fault(fake, **trouble)
    await job.run_once()
    (row,) = await _rows(db)
    assert (row.status, row.tries) == ("new", 1)
    assert row.error
    first_key = row.key
    await job.run_once()  # not due yet: nothing sent
    assert (await _rows(db))[0].tries == 1
    clock.advance(timedelta(seconds=31))
    await job.run_once()
    (row,) = await _rows(db)
    receipts = (await fake_state(fake))["receipts"]
    assert len(receipts) == 1
    assert row.key == first_key
    assert (row.status, row.receipt_id, row.error) == ("pending", receipts[0]["id"], None)


async def test_a_full_payment_shop_and_an_unfinished_order_get_no_settlement_receipt(
    db: Database, gateway: YooKassaClient, fake: TestServer, clock: FrozenClock
) -> None:
    await _delivered(db, gateway, clock, TaxSettings(payment_mode="full_payment"))
    await Settlements(db=db, gateway=gateway, clock=clock).run_once()
    (row,) = await _rows(db)
    assert row.status == "not_needed"
    assert (await fake_state(fake))["receipts"] == []


async def test_a_refused_receipt_is_kept_with_youkassas_reason_and_not_resent(
    db: Database, gateway: YooKassaClient, fake: TestServer, clock: FrozenClock
) -> None:
    await _delivered(db, gateway, clock, TAXES)
    async with db.transaction() as session:
        attempt_receipt = json.dumps({"customer": {}, "items": []})
        await session.exec(  # type: ignore[call-overload]
            SettlementReceipt.__table__.insert().values(  # type: ignore[attr-defined]
                order_id=(await session.exec(select(ShopOrder.id))).one(),
                payment_id="nope",
                key="k-1",
                status="new",
                body_json=attempt_receipt,
                tries=0,
                next_try_at=NOW,
                created_at=NOW,
                updated_at=NOW,
            )
        )
    await Settlements(db=db, gateway=gateway, clock=clock).run_once()
    (row,) = await _rows(db)
    assert row.status == "rejected"
    assert row.error
    assert "invalid_request" in row.error
    clock.advance(timedelta(hours=2))
    await Settlements(db=db, gateway=gateway, clock=clock).run_once()
    assert (await _rows(db))[0].tries == 1


async def test_the_shoppers_page_shows_the_settlement_receipts_state(
    db: Database,
    gateway: YooKassaClient,
    clock: FrozenClock,
    client: TestClient,
) -> None:
    order = await _delivered(db, gateway, clock, TAXES)
    job = Settlements(db=db, gateway=gateway, clock=clock)
    page = await (await client.get(f"/o/{order.token}")).text()
    assert 'id="settlement"' not in page  # not sent yet: nothing to show
    await job.run_once()
    page = await (await client.get(f"/o/{order.token}")).text()
    assert "Чек полного расчёта: регистрируется" in page
    clock.advance(POLL)
    await job.run_once()
    page = await (await client.get(f"/o/{order.token}")).text()
    assert "Чек полного расчёта: зарегистрирован" in page
    async with db.transaction() as session:
        token = await link_token(session, order.chat_id, NOW)
    own_page = await (await client.get(f"/a/{token}")).text()
    assert "Чек полного расчёта: зарегистрирован" in own_page
    detail = await (await client.get(f"/api/orders/{order.id}", headers=bearer())).json()
    assert detail["payment_method"] == "online"
    assert detail["settlement_receipt"]["status"] == "succeeded"
    assert detail["settlement_receipt"]["receipt_id"].startswith("rt-")
    assert_declared("GET", "/api/orders/{id}", 200, detail)
