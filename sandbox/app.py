"""The sandbox: an aiohttp app that fakes the WhatsApp Cloud API and YooKassa.

Mounted under `/sandbox` in sandbox mode, or run on its own port in tests so that the
service talks to it over real HTTP.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import suppress

import aiohttp
from aiohttp import web

from sandbox import catalog, chat, control, graph, media, shoppers
from sandbox.auth import AUTH_HEADER
from sandbox.config import SandboxConfig
from sandbox.core import SANDBOX, Sandbox
from sandbox.yookassa import setup_yookassa

CONFIG = web.AppKey("sandbox_config", SandboxConfig)


async def _delivery_ctx(app: web.Application) -> AsyncIterator[None]:
    """The webhook sender runs for the app's lifetime; its HTTP client closes with it."""
    sandbox = app[SANDBOX]
    async with aiohttp.ClientSession() as session:
        task = asyncio.create_task(sandbox.delivery.run(session), name="sandbox-webhooks")
        yield
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task


async def _release_held(app: web.Application) -> None:
    # Requests held by a `timeout` fault must not delay the server's shutdown.
    app[SANDBOX].faults.release_held()


def create_sandbox_app(config: SandboxConfig) -> web.Application:
    app = web.Application()
    app[CONFIG] = config
    app[AUTH_HEADER] = config.graph_auth_header
    app[SANDBOX] = Sandbox.create(config)
    app.cleanup_ctx.append(_delivery_ctx)
    app.on_shutdown.append(_release_held)
    media.setup(app)  # media ids before the Graph node route, uploads, /control/media
    graph.setup(app)
    control.setup(app)
    shoppers.setup(app)
    chat.setup(app)  # the chat page a person uses to play a shopper
    catalog.setup(app)  # items_batch, check_batch_request_status, /control/catalog
    # Other fakes mount their routes below, one line each (catalog items_batch, YooKassa).
    setup_yookassa(app, config)
    return app
