"""Process entry points: the web service and the standalone worker, with graceful shutdown."""

from __future__ import annotations

import asyncio
import errno
import functools
import gc
import logging
import signal
import socket
import sys
from collections.abc import Awaitable, Callable

from aiohttp import web

from shop.compose import open_services
from shop.sandbox_mode import record_address, sandbox_of_worker, with_sandbox_endpoints
from shop.settings import Settings
from shop.storage import migrations
from shop.supervisor import Supervisor, process_count
from shop.web.app import create_app
from shop.web.keys import SERVICES

log = logging.getLogger(__name__)

SHUTDOWN_GRACE_SECONDS = 30.0
BACKLOG = 512
PROCESS_HEADER = "X-Vitrina-Process"
_WILDCARDS = {"", "0.0.0.0", "::"}  # noqa: S104 (recognised here, never bound to)


class ServeError(Exception):
    """`shop serve` cannot start as asked; the message is one line for the operator."""


class ListenError(ServeError):
    """The address cannot be listened on."""


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


def default_workers(settings: Settings) -> int:
    """Every core on PostgreSQL; one process on SQLite (its one writer is taken in turns
    within a process, across processes it is waited for) and in sandbox mode."""
    if settings.is_sqlite or settings.sandbox:
        return 1
    return process_count()


def check_one_process(settings: Settings, count: int) -> None:
    if count > 1 and settings.sandbox:
        raise ServeError(
            "sandbox mode runs one process (its fakes keep their state in its memory): "
            "leave out --workers, or configure production settings"
        )


def serve(
    settings: Settings, *, host: str, port: int, run_worker: bool, workers: int | None = None
) -> int:
    count = default_workers(settings) if workers is None else workers
    check_one_process(settings, count)
    sock = listen(host, port)
    port = int(sock.getsockname()[1])  # the real one when --port 0 asked for any
    if settings.sandbox:
        settings = with_sandbox_endpoints(settings, local_url(host, port))
    prepare_database(settings)
    shown = f"[{host}]" if ":" in host else host
    line = f"Vitrina is serving on http://{shown}:{port}"
    if count == 1:
        return _serve_app(settings, sock, run_worker=run_worker, ready=lambda: _say(line))

    def child(index: int, ready: Callable[[], None]) -> int:
        return _serve_app(settings, sock, run_worker=run_worker, ready=ready, index=index)

    settle_garbage_collector()  # before the forks: the children share these pages
    announce = functools.partial(_say, f"{line} ({count} processes)")
    return Supervisor(count, child, announce).run()


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _serve_app(
    settings: Settings,
    sock: socket.socket,
    *,
    run_worker: bool,
    ready: Callable[[], None],
    index: int | None = None,
) -> int:
    app = create_app(settings, run_worker=run_worker)

    async def announce(app: web.Application) -> None:
        if settings.sandbox:
            services = app[SERVICES]
            await record_address(services.db, settings.public_base_url, services.clock.now())
        ready()

    app.on_startup.append(announce)  # after the services opened: the app answers now
    if index is not None:
        app.on_response_prepare.append(_name_process(str(index)))
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


def _name_process(index: str) -> Callable[[web.Request, web.StreamResponse], Awaitable[None]]:
    """`/healthz` names the process that answered (1…N): how an operator, or a test, sees
    that every process takes connections."""

    async def name(request: web.Request, response: web.StreamResponse) -> None:
        if request.path == "/healthz":
            response.headers[PROCESS_HEADER] = index

    return name


def run_worker_forever(settings: Settings, *, concurrency: int = 1) -> int:
    prepare_database(settings)
    if settings.sandbox:
        settings = sandbox_of_worker(settings)
    settle_garbage_collector()
    if concurrency == 1:
        return _run_worker(settings, ready=lambda: None)

    def child(_index: int, ready: Callable[[], None]) -> int:
        return _run_worker(settings, ready)

    return Supervisor(concurrency, child, announce=lambda: None).run()


def _run_worker(settings: Settings, ready: Callable[[], None]) -> int:
    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        async with open_services(settings, run_worker=True):
            log.info("worker running; SIGTERM drains in-flight jobs")
            ready()
            await stop.wait()

    runner = asyncio.Runner(loop_factory=_new_loop)
    with runner:
        runner.run(main())
    return 0
