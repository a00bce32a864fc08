"""Wiring of order payments: the YooKassa client, the service and its background jobs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from payments.yookassa import YooKassaClient
from shop.orders.jobs import expire_orders, recheck_pending
from shop.orders.notifications import JOB as NOTIFICATIONS_JOB
from shop.orders.notifications import NotificationWorker
from shop.orders.payments import OrderPayments, PayConfig
from shop.orders.refunds import OrderRefunds
from shop.sandbox_mode import SANDBOX_YOOKASSA_SECRET, SANDBOX_YOOKASSA_SHOP_ID
from shop.worker import Job

if TYPE_CHECKING:
    from shop.runtime import Runtime


async def install(runtime: Runtime) -> None:
    settings = runtime.settings
    secret = settings.yookassa_secret_key
    client = YooKassaClient(
        api_url=settings.yookassa_api_url,
        shop_id=settings.yookassa_shop_id or SANDBOX_YOOKASSA_SHOP_ID,
        secret_key=secret.get_secret_value() if secret else SANDBOX_YOOKASSA_SECRET,
    )
    runtime.stack.push_async_callback(client.aclose)
    payments = OrderPayments(
        db=runtime.db,
        gateway=client,
        clock=runtime.clock,
        config=PayConfig(public_base_url=settings.public_base_url),
    )
    runtime.order_payments = payments
    refunds = OrderRefunds(db=runtime.db, gateway=client, clock=runtime.clock)
    runtime.order_refunds = refunds
    runtime.yookassa = client

    async def recheck() -> int:
        return await recheck_pending(runtime.db, payments, runtime.clock)

    async def expire() -> int:
        return await expire_orders(runtime.db, payments, runtime.clock)

    notifications = NotificationWorker(
        db=runtime.db, clock=runtime.clock, payments=payments, refunds=refunds
    )
    runtime.jobs.append(Job(NOTIFICATIONS_JOB, notifications.run_once, interval=5.0))
    runtime.jobs.append(Job("payments.recheck", recheck, interval=60.0))
    runtime.jobs.append(Job("orders.expire", expire, interval=60.0))
