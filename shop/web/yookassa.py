"""`POST /webhooks/yookassa`: 403 for strangers; 200 once stored (CONTRACT.md)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from shop.orders.notifications import JOB, LOOPBACK, store
from shop.web.keys import SERVICES, SETTINGS
from webhooks.yookassa import make_handler


def setup(app: web.Application) -> None:
    settings = app[SETTINGS]
    networks = tuple(settings.yookassa_trusted_networks)
    if settings.sandbox:  # the built-in fake posts from this machine
        networks += LOOPBACK

    async def keep(row: dict[str, Any]) -> None:
        services = app[SERVICES]
        await store(services.db, row)
        services.wake(JOB)

    handler = make_handler(
        networks=networks,
        trusted_proxies=tuple(settings.trusted_proxies),
        store=keep,
        now=lambda: app[SERVICES].clock.now(),
    )
    app.router.add_post("/webhooks/yookassa", handler)
