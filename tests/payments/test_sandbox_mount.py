"""In sandbox mode the service serves the fake YooKassa under /sandbox/yookassa/v3."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from catalog.money import Money
from payments.gateway import PaymentRequest
from payments.states import PaymentStatus
from payments.yookassa import YooKassaClient
from shop.sandbox_mode import SANDBOX_YOOKASSA_SECRET, SANDBOX_YOOKASSA_SHOP_ID
from shop.settings import load_settings
from shop.web.app import create_app


async def test_sandbox_mode_serves_the_fake_yookassa_with_links_under_the_mount(
    aiohttp_client: object, database_url: str
) -> None:
    app = create_app(load_settings(database_url=database_url), run_worker=False)
    client: TestClient = await aiohttp_client(app)  # type: ignore[operator]
    base = str(client.make_url("")).rstrip("/")
    gateway = YooKassaClient(
        api_url=f"{base}/sandbox/yookassa/v3",
        shop_id=SANDBOX_YOOKASSA_SHOP_ID,
        secret_key=SANDBOX_YOOKASSA_SECRET,
    )
    try:
        request = PaymentRequest(Money.rub("99.00"), "Заказ 1", f"{base}/o/token")
        payment = await gateway.create_payment(request, key="order-1-try-1")
        again = await gateway.get_payment(payment.id)
    finally:
        await gateway.aclose()
    assert again.status is PaymentStatus.PENDING
    assert payment.confirmation_url == f"{base}/sandbox/yookassa/confirm/{payment.id}"
    page = await client.get(f"/sandbox/yookassa/confirm/{payment.id}")
    assert "Оплатить" in await page.text()
