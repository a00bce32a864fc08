"""Process entry points: the web service and the standalone worker, with graceful shutdown."""

from __future__ import annotations

import asyncio
import errno
import gc
import logging
import signal
import socket
import sys

from aiohttp import web

from shop.compose import open_services
from shop.sandbox_mode import record_address, sandbox_of_worker, with_sandbox_endpoints
from shop.settings import Settings
from shop.storage import migrations
from shop.web.app import create_app
from shop.web.keys import SERVICES

log = logging.getLogger(__name__)

SHUTDOWN_GRACE_SECONDS = 30.0
BACKLOG = 512
_WILDCARDS = {"", "0.0.0.0", "::"}  # noqa: S104 (recognised here, never bound to)


class ListenError(Exception):
    """The address cannot be listened on; the message is one line for the operator."""


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


def listen(host: str, port: int) -> socket.socket:
    """Bind and listen before anything else, so a busy port is one line, not a traceback
    after "serving on"."""
    try:
        family = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM)[0][0]
        return socket.create_server((host, port), family=family, backlog=BACKLOG)
    except socket.gaierror as exc:
        raise ListenError(
            f"cannot listen on {host}:{port}: unknown host ({exc.strerror})"
        ) from None
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            reason = "the port is in use (another `shop serve`?); choose another with --port"
        else:
            reason = exc.strerror or str(exc)
        raise ListenError(f"cannot listen on {host}:{port}: {reason}") from None


def local_url(host: str, port: int) -> str:
    """How this machine reaches the server: loopback for a wildcard host."""
    host = "127.0.0.1" if host in _WILDCARDS else host
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def serve(settings: Settings, *, host: str, port: int, run_worker: bool) -> int:
    sock = listen(host, port)
    port = int(sock.getsockname()[1])  # the real one when --port 0 asked for any
    if settings.sandbox:
        settings = with_sandbox_endpoints(settings, local_url(host, port))
    prepare_database(settings)
    app = create_app(settings, run_worker=run_worker)

    async def announce(app: web.Application) -> None:
        if settings.sandbox:
            services = app[SERVICES]
            await record_address(services.db, settings.public_base_url, services.clock.now())
        shown = f"[{host}]" if ":" in host else host
        print(f"Vitrina is serving on http://{shown}:{port}", file=sys.stderr, flush=True)

    app.on_startup.append(announce)  # after the services opened: the app answers now
    settle_garbage_collector()
    web.run_app(
        app,
        sock=sock,
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
        async with open_services(settings, run_worker=True):
            log.info("worker running; SIGTERM drains in-flight jobs")
            await stop.wait()

    prepare_database(settings)
    if settings.sandbox:
        settings = sandbox_of_worker(settings)
    settle_garbage_collector()
    runner = asyncio.Runner(loop_factory=_new_loop)
    with runner:
        runner.run(main())
    return 0
