"""The baseline: an aiohttp handler that reads the body and answers 200, nothing else."""

from __future__ import annotations

import sys

import uvloop
from aiohttp import web


async def ok(request: web.Request) -> web.Response:
    await request.read()
    return web.Response(text="OK")


async def health(_request: web.Request) -> web.Response:
    return web.Response(text="ok")


def main() -> None:
    app = web.Application()
    app.router.add_post("/webhooks/whatsapp", ok)
    app.router.add_get("/healthz", health)
    port = int(sys.argv[1])
    web.run_app(
        app, host="127.0.0.1", port=port, access_log=None, print=None, loop=uvloop.new_event_loop()
    )


if __name__ == "__main__":
    main()
