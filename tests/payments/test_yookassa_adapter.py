"""The httpx adapter against the fake YooKassa over real HTTP: keys, outcomes, paging, refunds."""

from __future__ import annotations

import socket
from decimal import Decimal

import httpx
import pytest
from aiohttp import web

from catalog.money import Money
from payments.gateway import (
    OutcomeUnknown,
    PaymentFilter,
    PaymentRequest,
    RefundRequest,
    Rejected,
)
from payments.receipt import Customer, ReceiptLine, build_receipt
from payments.states import PaymentStatus, RefundStatus
from payments.yookassa import YooKassaClient
from tests.payments.conftest import SECRET, SHOP_ID, Fake, ServerFactory


def order_request(total: str = "1500.00", order_id: str = "42") -> PaymentRequest:
    amount = Money.rub(total)
    receipt = build_receipt(
        [ReceiptLine("Чайник заварочный", Decimal(1), amount)],
        customer=Customer(phone="+7 900 123-45-67"),
        amount=amount,
    )
    return PaymentRequest(
        amount=amount,
        description=f"Заказ {order_id}",
        return_url=f"https://shop.example/o/token-{order_id}",
        metadata={"order_id": order_id},
        receipt=receipt.to_api(),
    )


async def count_payments(fake: Fake) -> int:
    return len((await fake.state())["payments"])


async def test_create_payment_with_receipt_returns_a_pending_payment_with_link(
    client: YooKassaClient, fake: Fake
) -> None:
    payment = await client.create_payment(order_request(), key="order-42-try-1")
    assert payment.status is PaymentStatus.PENDING
    assert payment.amount == Money.rub("1500.00")
    assert payment.order_id == "42"
    assert payment.test is True
    assert payment.created_at.tzinfo is not None
    assert payment.confirmation_url == f"{fake.base}/yookassa/confirm/{payment.id}"
    stored = (await fake.state())["payments"][0]
    assert stored["receipt_registration"] == "pending"
    assert stored["amount"] == {"value": "1500.00", "currency": "RUB"}


async def test_repeating_a_key_with_the_same_body_returns_the_same_payment(
    client: YooKassaClient, fake: Fake
) -> None:
    first = await client.create_payment(order_request(), key="order-42-try-1")
    again = await client.create_payment(order_request(), key="order-42-try-1")
    assert again.id == first.id
    assert await count_payments(fake) == 1


async def test_a_key_reused_for_a_different_body_is_rejected_with_yookassas_code(
    client: YooKassaClient,
) -> None:
    await client.create_payment(order_request("1500.00"), key="order-42-try-1")
    with pytest.raises(Rejected) as caught:
        await client.create_payment(order_request("1600.00"), key="order-42-try-1")
    assert caught.value.http_status == 400
    assert caught.value.code == "invalid_request"
    assert caught.value.description == "Idempotence key duplicated"
    assert caught.value.parameter == "Idempotence-Key"


async def test_a_500_is_an_unknown_outcome_and_the_same_key_yields_exactly_one_payment(
    client: YooKassaClient, fake: Fake
) -> None:
    await fake.control("faults", {"fault": "error_500"})
    with pytest.raises(OutcomeUnknown) as caught:
        await client.create_payment(order_request(), key="order-7-try-1")
    assert caught.value.http_status == 500
    assert caught.value.code == "internal_server_error"
    payment = await client.create_payment(order_request(), key="order-7-try-1")
    assert payment.status is PaymentStatus.PENDING
    assert [p["id"] for p in (await fake.state())["payments"]] == [payment.id]


async def test_a_timeout_is_an_unknown_outcome_and_the_same_key_yields_exactly_one_payment(
    client: YooKassaClient, fake: Fake
) -> None:
    # The fake creates the payment, then holds the answer far beyond the client's read timeout.
    impatient = YooKassaClient(
        api_url=fake.api_url,
        shop_id=SHOP_ID,
        secret_key=SECRET,
        timeout=httpx.Timeout(0.3, connect=5.0),
    )
    await fake.control("faults", {"fault": "timeout", "seconds": 60})
    try:
        with pytest.raises(OutcomeUnknown, match="timeout") as caught:
            await impatient.create_payment(order_request(), key="order-8-try-1")
    finally:
        await impatient.aclose()
    assert caught.value.http_status is None
    payment = await client.create_payment(order_request(), key="order-8-try-1")
    assert [p["id"] for p in (await fake.state())["payments"]] == [payment.id]


async def test_a_refused_request_is_rejected_and_a_new_key_makes_a_new_attempt(
    client: YooKassaClient, fake: Fake
) -> None:
    broken = PaymentRequest(
        amount=Money.rub("100.00"),
        description="x" * 129,
        return_url="https://shop.example/o/t",
    )
    with pytest.raises(Rejected) as caught:
        await client.create_payment(broken, key="order-9-try-1")
    assert caught.value.parameter == "description"
    assert caught.value.description
    assert await count_payments(fake) == 0
    payment = await client.create_payment(order_request("100.00", "9"), key="order-9-try-2")
    assert payment.amount == Money.rub("100.00")
    assert await count_payments(fake) == 1


async def test_an_overlong_key_is_refused_before_any_call(
    client: YooKassaClient, fake: Fake
) -> None:
    with pytest.raises(ValueError, match="64"):
        await client.create_payment(order_request(), key="k" * 65)
    assert await count_payments(fake) == 0


async def test_the_fake_refuses_an_overlong_key_as_yookassa_does(fake: Fake) -> None:
    response = await fake.http.post(
        f"{fake.api_url}/payments",
        json=order_request().to_api(),
        headers={"Idempotence-Key": "k" * 65},
        auth=(SHOP_ID, SECRET),
    )
    assert response.status_code == 400
    assert response.json()["parameter"] == "Idempotence-Key"


async def test_wrong_credentials_are_rejected(fake: Fake) -> None:
    wrong = YooKassaClient(api_url=fake.api_url, shop_id=SHOP_ID, secret_key="wrong")
    try:
        with pytest.raises(Rejected) as caught:
            await wrong.get_payment("nope")
    finally:
        await wrong.aclose()
    assert caught.value.http_status == 401
    assert caught.value.code == "invalid_credentials"


async def test_a_refused_connection_is_an_unknown_outcome() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    gone = YooKassaClient(api_url=f"http://127.0.0.1:{port}/v3", shop_id="1", secret_key="s")
    try:
        with pytest.raises(OutcomeUnknown, match="connection"):
            await gone.create_payment(order_request(), key="order-1-try-1")
    finally:
        await gone.aclose()


async def test_listing_follows_the_cursor_across_pages_newest_first(
    client: YooKassaClient, fake: Fake
) -> None:
    created = []
    for n in range(5):
        payment = await client.create_payment(order_request("10.00", str(n)), key=f"o-{n}")
        created.append(payment.id)
    seen, cursor, pages = [], None, 0
    while True:
        page = await client.list_payments(PaymentFilter(limit=2), cursor)
        pages += 1
        seen.extend(page.items)
        cursor = page.next_cursor
        if cursor is None:
            break
    assert pages == 3
    assert sorted(p.id for p in seen) == sorted(created)
    stamps = [(p.created_at, p.id) for p in seen]
    assert stamps == sorted(stamps, reverse=True)


async def test_listing_filters_by_status(client: YooKassaClient, fake: Fake) -> None:
    paid = await client.create_payment(order_request("10.00", "1"), key="o-1")
    await client.create_payment(order_request("10.00", "2"), key="o-2")
    assert paid.confirmation_url
    await fake.choose(paid.confirmation_url, "pay")
    page = await client.list_payments(PaymentFilter(status=PaymentStatus.SUCCEEDED))
    assert [p.id for p in page.items] == [paid.id]
    assert page.next_cursor is None


async def test_a_paid_payment_reads_back_with_fee_and_capture_time(
    client: YooKassaClient, fake: Fake
) -> None:
    payment = await client.create_payment(order_request("1000.00"), key="order-42-try-1")
    assert payment.confirmation_url
    await fake.choose(payment.confirmation_url, "pay")
    paid = await client.get_payment(payment.id)
    assert paid.status is PaymentStatus.SUCCEEDED
    assert paid.income_amount == Money.rub("965.00")
    assert paid.captured_at is not None
    assert paid.refundable


async def test_partial_then_full_refund_and_no_more_than_was_paid(
    client: YooKassaClient, fake: Fake
) -> None:
    payment = await client.create_payment(order_request("1000.00"), key="order-42-try-1")
    assert payment.confirmation_url
    await fake.choose(payment.confirmation_url, "pay")
    part = await client.create_refund(
        RefundRequest(payment_id=payment.id, amount=Money.rub("400.00")), key="refund-42-1"
    )
    assert part.status is RefundStatus.SUCCEEDED
    assert part.amount == Money.rub("400.00")
    with pytest.raises(Rejected) as caught:
        await client.create_refund(
            RefundRequest(payment_id=payment.id, amount=Money.rub("600.01")), key="refund-42-2"
        )
    assert caught.value.parameter == "amount"
    rest = await client.create_refund(
        RefundRequest(payment_id=payment.id, amount=Money.rub("600.00")), key="refund-42-3"
    )
    assert (await client.get_refund(rest.id)).payment_id == payment.id
    after = await client.get_payment(payment.id)
    assert after.refunded_amount == Money.rub("1000.00")
    assert not after.refundable
    assert ("refund.succeeded", rest.id) in fake.collector.events()


async def test_cancelling_a_held_payment_records_the_merchant_as_the_party(
    client: YooKassaClient, fake: Fake
) -> None:
    request = order_request("50.00")
    held = PaymentRequest(
        amount=request.amount,
        description=request.description,
        return_url=request.return_url,
        capture=False,
    )
    payment = await client.create_payment(held, key="hold-1")
    assert payment.confirmation_url
    await fake.choose(payment.confirmation_url, "pay")
    assert (await client.get_payment(payment.id)).status is PaymentStatus.WAITING_FOR_CAPTURE
    assert ("payment.waiting_for_capture", payment.id) in fake.collector.events()
    canceled = await client.cancel_payment(payment.id, key="cancel-1")
    assert canceled.status is PaymentStatus.CANCELED
    assert (canceled.cancellation_party, canceled.cancellation_reason) == (
        "merchant",
        "canceled_by_merchant",
    )
    assert fake.collector.events()[-1] == ("payment.canceled", payment.id)


async def test_a_missing_payment_is_rejected_as_not_found(client: YooKassaClient) -> None:
    with pytest.raises(Rejected) as caught:
        await client.get_payment("00000000-0000-0000-0000-000000000000")
    assert caught.value.http_status == 404


async def test_a_non_json_bad_gateway_is_an_unknown_outcome(aiohttp_server: ServerFactory) -> None:
    async def proxy_error(request: web.Request) -> web.Response:
        return web.Response(status=502, text="<html>Bad Gateway</html>", content_type="text/html")

    app = web.Application()
    app.router.add_post("/v3/payments", proxy_error)
    server = await aiohttp_server(app)
    gateway = YooKassaClient(api_url=str(server.make_url("/v3")), shop_id="1", secret_key="s")
    try:
        with pytest.raises(OutcomeUnknown) as caught:
            await gateway.create_payment(order_request(), key="k-1")
    finally:
        await gateway.aclose()
    assert caught.value.http_status == 502
    assert caught.value.code is None


async def test_large_amounts_travel_exactly_where_a_float_would_lose_a_kopeck(
    client: YooKassaClient, fake: Fake
) -> None:
    huge = "99999999999999.99"  # the SDK's float conversion sends …98
    request = PaymentRequest(Money.rub(huge), "Заказ 1", "https://shop.example/o/t")
    payment = await client.create_payment(request, key="order-1-try-1")
    assert payment.amount.api_value() == huge
    assert (await fake.state())["payments"][0]["amount"]["value"] == huge
