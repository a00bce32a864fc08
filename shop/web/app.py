"""The application factory: `create_app(settings)` builds the web app and nothing runs at import."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from aiohttp import web

from sandbox.app import create_sandbox_app
from sandbox.config import SandboxConfig
from shop.clock import Clock
from shop.compose import open_services
from shop.sandbox_mode import credentials
from shop.settings import Settings
from shop.web import admin, api, health, order_page, shopper_page, whatsapp, yookassa
from shop.web.admin import frame
from shop.web.keys import SERVICES, SETTINGS

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

    async def services_ctx(app: web.Application) -> AsyncIterator[None]:
        async with open_services(settings, clock=clock, run_worker=run_worker) as services:
            app[SERVICES] = services
            yield

    app.cleanup_ctx.append(services_ctx)
    app.add_routes(health.routes)
    app.add_routes(whatsapp.routes)
    app.add_routes(order_page.routes)
    app.add_routes(shopper_page.routes)
    yookassa.setup(app)  # its handler is made from the settings (trusted networks)
    frame.setup_frame(app)  # the merchant frame: auth of /admin and /api, sessions, templates
    admin.setup(app)
    api.setup(app)
    if settings.sandbox:
        log.warning(SANDBOX_BANNER)
        app.add_subapp("/sandbox", create_sandbox_app(sandbox_config(settings)))
    return app


def sandbox_config(settings: Settings) -> SandboxConfig:
    """The built-in fakes post their webhooks back to this very service."""
    known = credentials(settings)
    return SandboxConfig(
        app_secret=known.app_secret,
        webhook_url=f"{settings.public_base_url}/webhooks/whatsapp",
        phone_number_id=known.phone_number_id,
        business_account_id=known.business_account_id,
        catalog_id=known.catalog_id or "",
        yookassa_notification_url=f"{settings.public_base_url}/webhooks/yookassa",
        messages_per_second=settings.whatsapp_messages_per_second,
        graph_auth_header=settings.whatsapp_auth_header,
    )
