"""The application factory: `create_app(settings)` builds the web app and nothing runs at import."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from aiohttp import web

from sandbox.app import create_sandbox_app
from sandbox.config import SandboxConfig
from shop.clock import Clock
from shop.orders import notifications as yookassa_notifications
from shop.runtime import open_runtime
from shop.sandbox_mode import (
    SANDBOX_APP_SECRET,
    SANDBOX_BUSINESS_ACCOUNT_ID,
    SANDBOX_CATALOG_ID,
    SANDBOX_PHONE_NUMBER_ID,
)
from shop.settings import Settings
from shop.web import admin, health, order_page
from shop.web import whatsapp as channel_web
from shop.web.keys import RUNTIME, SETTINGS

log = logging.getLogger(__name__)

SANDBOX_BANNER = (
    "SANDBOX MODE: no WHATSAPP_ACCESS_TOKEN is set. WhatsApp and YooKassa are the built-in fakes; "
    "nothing reaches real shoppers or real money."
)


def create_app(
    settings: Settings, *, run_worker: bool = True, clock: Clock | None = None
) -> web.Application:
    app = web.Application(client_max_size=64 * 1024 * 1024)
    app[SETTINGS] = settings

    async def runtime_ctx(app: web.Application) -> AsyncIterator[None]:
        async with open_runtime(settings, clock=clock, run_worker=run_worker) as runtime:
            app[RUNTIME] = runtime
            yield

    app.cleanup_ctx.append(runtime_ctx)
    health.setup(app)
    channel_web.setup(app)
    order_page.setup(app)
    yookassa_notifications.setup(app)
    admin.setup(app)  # merchant frame: /admin pages, /api with its OpenAPI, catalog
    if settings.sandbox:
        log.warning(SANDBOX_BANNER)
        app.add_subapp("/sandbox", create_sandbox_app(sandbox_config(settings)))
    return app


def sandbox_config(settings: Settings) -> SandboxConfig:
    """The built-in fakes post their webhooks back to this very service."""
    secret = settings.whatsapp_app_secret
    return SandboxConfig(
        app_secret=secret.get_secret_value() if secret else SANDBOX_APP_SECRET,
        webhook_url=f"{settings.public_base_url}/webhooks/whatsapp",
        phone_number_id=settings.whatsapp_phone_number_id or SANDBOX_PHONE_NUMBER_ID,
        business_account_id=settings.whatsapp_business_account_id or SANDBOX_BUSINESS_ACCOUNT_ID,
        catalog_id=settings.whatsapp_catalog_id or SANDBOX_CATALOG_ID,
        yookassa_notification_url=f"{settings.public_base_url}/webhooks/yookassa",
        messages_per_second=settings.whatsapp_messages_per_second,
    )
