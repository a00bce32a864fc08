"""The shopping baseline: each webhook is answered by one Graph POST at once, nothing else."""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator

import aiohttp
import uvloop
from aiohttp import web

SESSION = web.AppKey("session", aiohttp.ClientSession)


async def webhook(request: web.Request) -> web.Response:
    body = json.loads(await request.read())
    wa_id = body["entry"][0]["changes"][0]["value"]["messages"][0]["from"]
    reply = {"messaging_product": "whatsapp", "to": wa_id, "type": "text", "text": {"body": "ok"}}
    url = f"{request.app['graph']}/graph/v23.0/1/messages"  # type: ignore[index]
    async with request.app[SESSION].post(url, json=reply) as response:
        await response.read()
    return web.Response(text="OK")


async def health(_request: web.Request) -> web.Response:
    return web.Response(text="ok")


async def session_ctx(app: web.Application) -> AsyncIterator[None]:
    async with aiohttp.ClientSession() as session:
        app[SESSION] = session
        yield


def main() -> None:
    app = web.Application()
    app["graph"] = f"http://127.0.0.1:{sys.argv[2]}"
    app.cleanup_ctx.append(session_ctx)
    app.router.add_post("/webhooks/whatsapp", webhook)
    app.router.add_get("/healthz", health)
    web.run_app(
        app,
        host="127.0.0.1",
        port=int(sys.argv[1]),
        access_log=None,
        print=None,
        loop=uvloop.new_event_loop(),
    )


if __name__ == "__main__":
    main()
