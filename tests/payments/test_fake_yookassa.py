"""The fake YooKassa driven over HTTP: confirmation page, notifications, faults, clock, the SDK."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

import pytest
from yookassa import Configuration
from yookassa import Payment as SdkPayment
from yookassa.domain.notification import WebhookNotificationFactory

from catalog.money import Money
from payments.gateway import Payment, PaymentRequest
from payments.states import PaymentStatus
from payments.yookassa import YooKassaClient
from tests.payments.conftest import SECRET, SHOP_ID, Fake

RETURN_URL = "https://shop.example/o/token-42"


async def new_payment(client: YooKassaClient, total: str = "1000.00", key: str = "k-1") -> Payment:
    request = PaymentRequest(Money.rub(total), "Заказ 42", RETURN_URL, {"order_id": "42"})
    payment = await client.create_payment(request, key=key)
    assert payment.confirmation_url
    return payment


async def test_the_confirmation_page_offers_pay_and_decline(
    client: YooKassaClient, fake: Fake
) -> None:
    payment = await new_payment(client)
    assert payment.confirmation_url
    page = await fake.http.get(payment.confirmation_url)
    assert page.status_code == 200
    assert "Оплатить" in page.text
    assert "Отклонить" in page.text
    assert "1000.00" in page.text


async def test_paying_redirects_back_marks_succeeded_with_fee_and_notifies(
    client: YooKassaClient, fake: Fake
) -> None:
    payment = await new_payment(client)
    assert payment.confirmation_url
    answer = await fake.choose(payment.confirmation_url, "pay")
    assert answer.status_code == 303
    assert answer.headers["location"] == RETURN_URL
    paid = await client.get_payment(payment.id)
    assert paid.status is PaymentStatus.SUCCEEDED
    assert paid.income_amount == Money.rub("965.00")
    assert paid.captured_at is not None
    assert fake.collector.events() == [("payment.succeeded", payment.id)]
    note = fake.collector.received[0]
    assert note["object"]["status"] == "succeeded"
    assert WebhookNotificationFactory().create(note).object.id == payment.id
    page = await fake.http.get(payment.confirmation_url)
    assert "Оплатить" not in page.text


async def test_declining_cancels_with_party_and_reason_and_notifies(
    client: YooKassaClient, fake: Fake
) -> None:
    payment = await new_payment(client)
    assert payment.confirmation_url
    answer = await fake.choose(payment.confirmation_url, "decline")
    assert answer.headers["location"] == RETURN_URL
    declined = await client.get_payment(payment.id)
    assert declined.status is PaymentStatus.CANCELED
    assert declined.cancellation_party == "payment_network"
    assert declined.cancellation_reason == "general_decline"
    assert fake.collector.events() == [("payment.canceled", payment.id)]


async def test_links_expire_an_hour_after_creation_on_the_fake_clock(
    client: YooKassaClient, fake: Fake
) -> None:
    payment = await new_payment(client)
    await fake.control("clock", {"advance_seconds": 59 * 60})
    assert (await client.get_payment(payment.id)).status is PaymentStatus.PENDING
    await fake.control("clock", {"advance_seconds": 2 * 60})
    expired = await client.get_payment(payment.id)
    assert expired.status is PaymentStatus.CANCELED
    assert expired.cancellation_reason == "expired_on_confirmation"
    assert fake.collector.events() == [("payment.canceled", payment.id)]
    assert payment.confirmation_url
    await fake.choose(payment.confirmation_url, "pay")
    assert (await client.get_payment(payment.id)).status is PaymentStatus.CANCELED


async def test_a_payment_can_be_made_to_succeed_with_a_different_amount(
    client: YooKassaClient, fake: Fake
) -> None:
    payment = await new_payment(client, "700.00")
    await fake.control("faults", {"fault": "different_amount", "amount": "650.00"})
    assert payment.confirmation_url
    await fake.choose(payment.confirmation_url, "pay")
    paid = await client.get_payment(payment.id)
    assert paid.amount == Money.rub("650.00")
    assert fake.collector.received[0]["object"]["amount"]["value"] == "650.00"


async def test_duplicate_notifications_arrive_twice(client: YooKassaClient, fake: Fake) -> None:
    payment = await new_payment(client)
    await fake.control("faults", {"fault": "duplicate_notifications"})
    assert payment.confirmation_url
    await fake.choose(payment.confirmation_url, "pay")
    assert fake.collector.events() == [("payment.succeeded", payment.id)] * 2


async def test_late_notifications_wait_for_the_flush(client: YooKassaClient, fake: Fake) -> None:
    first = await new_payment(client, key="k-1")
    second = await new_payment(client, key="k-2")
    await fake.control("faults", {"fault": "late_notifications"})
    assert first.confirmation_url
    assert second.confirmation_url
    await fake.choose(first.confirmation_url, "pay")
    await fake.choose(second.confirmation_url, "decline")
    assert fake.collector.received == []
    assert (await fake.state())["held"] == 2
    assert await fake.control("notifications/flush", {}) == {"sent": 2}
    assert fake.collector.events() == [
        ("payment.succeeded", first.id),
        ("payment.canceled", second.id),
    ]


async def test_unknown_faults_are_refused(fake: Fake) -> None:
    response = await fake.http.post(
        f"{fake.base}/control/yookassa/faults", json={"fault": "meteor"}
    )
    assert response.status_code == 400


async def test_the_api_refuses_requests_without_basic_auth(fake: Fake) -> None:
    response = await fake.http.get(f"{fake.api_url}/payments")
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"


async def test_the_fake_refuses_a_receipt_that_does_not_sum_to_the_amount(fake: Fake) -> None:
    body: dict[str, Any] = {
        "amount": {"value": "100.00", "currency": "RUB"},
        "confirmation": {"type": "redirect", "return_url": RETURN_URL},
        "receipt": {
            "customer": {"phone": "79001234567"},
            "items": [
                {
                    "description": "Чай",
                    "quantity": "1",
                    "amount": {"value": "99.00", "currency": "RUB"},
                    "vat_code": 1,
                }
            ],
        },
    }
    response = await fake.http.post(
        f"{fake.api_url}/payments",
        json=body,
        headers={"Idempotence-Key": "r-1"},
        auth=(SHOP_ID, SECRET),
    )
    assert response.status_code == 400
    assert response.json()["parameter"] == "receipt.items"


async def test_the_official_sdk_works_against_the_fake(fake: Fake) -> None:
    """The SDK adds `statements`, `transfers` and `metadata.cms_name`; the fake accepts them."""
    Configuration.configure(SHOP_ID, SECRET, api_url=fake.api_url)
    params = {
        "amount": {"value": "1500.00", "currency": "RUB"},
        "capture": True,
        "confirmation": {"type": "redirect", "return_url": RETURN_URL},
        "description": "Заказ 42",
        "metadata": {"order_id": "42"},
    }
    try:
        first = await asyncio.to_thread(SdkPayment.create, params, "order-42-try-1")
        again = await asyncio.to_thread(SdkPayment.create, params, "order-42-try-1")
        listed = await asyncio.to_thread(SdkPayment.list, {"limit": 10})
    finally:
        Configuration.configure(SHOP_ID, SECRET, api_url="https://api.yookassa.ru/v3")
    assert first.id == again.id
    assert first.status == "pending"
    assert Decimal(str(first.amount.value)) == Decimal("1500.00")
    assert first.metadata["cms_name"] == "yookassa_sdk_python"
    assert [p.id for p in listed.items] == [first.id]


async def test_list_filters_by_creation_time(client: YooKassaClient, fake: Fake) -> None:
    early = await new_payment(client, key="k-1")
    await fake.control("clock", {"advance_seconds": 600})
    late = await new_payment(client, key="k-2")
    query = {"created_at.gte": late.created_at.isoformat(), "limit": "100"}
    response = await fake.http.get(f"{fake.api_url}/payments", params=query, auth=(SHOP_ID, SECRET))
    assert [p["id"] for p in response.json()["items"]] == [late.id]
    query = {"created_at.lt": late.created_at.isoformat()}
    response = await fake.http.get(f"{fake.api_url}/payments", params=query, auth=(SHOP_ID, SECRET))
    assert [p["id"] for p in response.json()["items"]] == [early.id]


@pytest.mark.parametrize("limit", ["0", "101", "ten"])
async def test_list_limits_outside_1_to_100_are_refused(fake: Fake, limit: str) -> None:
    response = await fake.http.get(
        f"{fake.api_url}/payments", params={"limit": limit}, auth=(SHOP_ID, SECRET)
    )
    assert response.status_code == 400
    assert response.json()["parameter"] == "limit"


async def test_idempotence_keys_are_forgotten_after_24_hours(
    client: YooKassaClient, fake: Fake
) -> None:
    first = await new_payment(client, key="order-42-try-1")
    await fake.control("clock", {"advance_seconds": 23 * 3600})
    assert (await new_payment(client, key="order-42-try-1")).id == first.id
    await fake.control("clock", {"advance_seconds": 2 * 3600})
    assert (await new_payment(client, key="order-42-try-1")).id != first.id
    assert len((await fake.state())["payments"]) == 2
