"""The sandbox: an aiohttp app that fakes the WhatsApp Cloud API and YooKassa.

Mounted under `/sandbox` in sandbox mode, or run on its own port in tests so that the
service talks to it over real HTTP.
"""

from __future__ import annotations

import secrets

from aiohttp import web

from sandbox.config import SandboxConfig
from sandbox.yookassa import setup_yookassa

CONFIG = web.AppKey("sandbox_config", SandboxConfig)


async def send_message(request: web.Request) -> web.Response:
    body = await request.json()
    wamid = "wamid.SANDBOX" + secrets.token_hex(12).upper()
    return web.json_response(
        {
            "messaging_product": "whatsapp",
            "contacts": [{"input": body.get("to"), "wa_id": body.get("to")}],
            "messages": [{"id": wamid}],
        }
    )


def create_sandbox_app(config: SandboxConfig) -> web.Application:
    app = web.Application()
    app[CONFIG] = config
    app.router.add_post("/graph/{version}/{phone_number_id}/messages", send_message)
    setup_yookassa(app, config)
    return app
