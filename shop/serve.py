"""Process entry points: the web service and the standalone worker, with graceful shutdown."""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
import sys

from aiohttp import web

from shop.app import create_app
from shop.runtime import open_runtime
from shop.sandbox_mode import with_sandbox_endpoints
from shop.settings import Settings
from shop.storage import migrations

log = logging.getLogger(__name__)

SHUTDOWN_GRACE_SECONDS = 30.0


def _new_loop() -> asyncio.AbstractEventLoop:
    try:
        import uvloop
    except ImportError:  # pragma: no cover - Windows
        return asyncio.new_event_loop()
    return uvloop.new_event_loop()


def settle_garbage_collector() -> None:
    """Move what start-up made (modules, classes, table metadata: most of the heap) out of
    the collector's view: a full collection then walks only objects made while serving, so
    its pauses stay short under load."""
    gc.collect()
    gc.freeze()


def prepare_database(settings: Settings) -> None:
    """SQLite is embedded, so serve migrates it itself; PostgreSQL uses `shop db upgrade`."""
    if settings.is_sqlite:
        migrations.upgrade(settings.database_url)


def serve(settings: Settings, *, host: str, port: int, run_worker: bool) -> int:
    if settings.sandbox:
        settings = with_sandbox_endpoints(settings, f"http://127.0.0.1:{port}")
    prepare_database(settings)
    app = create_app(settings, run_worker=run_worker)
    settle_garbage_collector()
    print(f"Vitrina is serving on http://{host}:{port}", file=sys.stderr, flush=True)
    web.run_app(
        app,
        host=host,
        port=port,
        access_log=None,
        print=None,
        shutdown_timeout=SHUTDOWN_GRACE_SECONDS,
        loop=_new_loop(),
    )
    return 0


def run_worker_forever(settings: Settings) -> int:
    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        async with open_runtime(settings, run_worker=True):
            log.info("worker running; SIGTERM drains in-flight jobs")
            await stop.wait()

    if settings.sandbox:
        settings = with_sandbox_endpoints(settings, settings.public_base_url)
    prepare_database(settings)
    settle_garbage_collector()
    runner = asyncio.Runner(loop_factory=_new_loop)
    with runner:
        runner.run(main())
    return 0
