"""Wake-ups across processes on PostgreSQL: a job's name sent with NOTIFY, heard by LISTEN.

Worker jobs poll every fraction of a second, so work that another process creates — a
webhook stored by `shop serve --no-worker`, a reply queued from a merchant page — would wait
for the next poll. `Wakeups.notify(job)` tells every listening process to run that job now.
It is a hint and nothing more: a notification lost with a dropped connection costs one poll
interval, never work, because the jobs go on polling. SQLite runs one process and needs none.

One dedicated connection per process (outside the engine's pool, which would recycle it)
both sends and listens; it is reopened with a growing pause when it drops. Notifications are
coalesced per job while one is being sent, and a process ignores its own.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections import Counter
from collections.abc import Callable
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)
CHANNEL = "vitrina_wake"
RECONNECT_PAUSES = (0.5, 1.0, 2.0, 5.0, 10.0, 30.0)
CONNECT_TIMEOUT_S = 5.0


def asyncpg_dsn(url: str) -> str:
    """`postgresql+asyncpg://…` as asyncpg's own `postgresql://…`."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class Wakeups:
    """`notify(job)` wakes `job` in the other processes; `on_wake(job)` is called for theirs.

    Without `on_wake` the process only sends (a web process without a worker).
    """

    def __init__(self, url: str, *, on_wake: Callable[[str], None] | None = None) -> None:
        self._dsn = asyncpg_dsn(url)
        self._on_wake = on_wake
        self._origin = uuid.uuid4().hex[:16]
        self._conn: asyncpg.Connection | None = None
        self._opening: asyncio.Task[asyncpg.Connection | None] | None = None
        self._dropped = asyncio.Event()
        self._pending: set[str] = set()
        self._sending = False  # one send at a time: a connection runs one query at a time
        self._tasks: set[asyncio.Task[None]] = set()
        self._closed = False
        self.heard: Counter[str] = Counter()  # wake-ups from other processes, by job

    async def start(self) -> None:
        """Open the connection; a listening process keeps it open from now on."""
        if self._on_wake is None:
            await self._connection()
            return
        opened = asyncio.Event()
        self._spawn(self._keep_listening(opened), "wakeups:listen")
        await opened.wait()

    def notify(self, job: str) -> None:
        """Ask the other processes to run `job` now; sent in the background, soon."""
        if self._closed:
            return
        self._pending.add(job)
        if not self._sending:
            self._sending = True
            self._spawn(self._send(), "wakeups:notify")

    async def close(self) -> None:
        self._closed = True
        tasks = [*self._tasks, *([self._opening] if self._opening else [])]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._conn is not None:
            await _close(self._conn)
        self._conn = None

    def _spawn(self, work: Any, name: str) -> None:
        task = asyncio.create_task(work, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _send(self) -> None:
        try:
            while self._pending and not self._closed:
                conn = await self._connection()
                jobs = sorted(self._pending)
                self._pending.clear()
                if conn is None:
                    return  # a hint only: the jobs' polls cover it
                payloads = [(CHANNEL, f"{self._origin}:{job}") for job in jobs]
                try:
                    await conn.executemany("SELECT pg_notify($1, $2)", payloads)
                except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError) as exc:
                    log.warning("wake-up not sent", extra={"error": type(exc).__name__})
                    self._lost(conn)
                    await _close(conn)
        finally:
            self._sending = False

    async def _keep_listening(self, opened: asyncio.Event) -> None:
        failures = 0
        while not self._closed:
            conn = await self._connection()
            opened.set()
            if conn is not None:
                failures = 0
                await self._dropped.wait()
                self._dropped.clear()
                continue
            await asyncio.sleep(RECONNECT_PAUSES[min(failures, len(RECONNECT_PAUSES) - 1)])
            failures += 1

    async def _connection(self) -> asyncpg.Connection | None:
        if self._conn is not None and not self._conn.is_closed():
            return self._conn
        if self._opening is None or self._opening.done():
            self._opening = asyncio.create_task(self._open(), name="wakeups:connect")
        return await asyncio.shield(self._opening)

    async def _open(self) -> asyncpg.Connection | None:
        try:
            conn = await asyncpg.connect(self._dsn, timeout=CONNECT_TIMEOUT_S)
        except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError, TimeoutError) as exc:
            log.warning("wake-up connection failed", extra={"error": type(exc).__name__})
            return None
        try:
            if self._on_wake is not None:
                await conn.add_listener(CHANNEL, self._heard)
        except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError) as exc:
            log.warning("wake-up listen failed", extra={"error": type(exc).__name__})
            await _close(conn)
            return None
        except BaseException:  # cancelled by close(): never leave the connection open
            conn.terminate()
            raise
        if self._closed:  # closed while connecting
            await _close(conn)
            return None
        conn.add_termination_listener(self._lost)
        self._conn = conn
        return conn

    def _lost(self, conn: Any) -> None:
        if conn is self._conn:
            self._conn = None
            self._dropped.set()
            if not self._closed:
                log.warning("wake-up connection lost")

    def _heard(self, _conn: Any, _pid: int, _channel: str, payload: str) -> None:
        origin, _, job = payload.partition(":")
        if origin == self._origin or self._on_wake is None:
            return
        self.heard[job] += 1
        self._on_wake(job)


async def notify_once(url: str, job: str) -> bool:
    """Wake `job` in the running processes from a one-shot command (`shop catalog import`).

    Such a command has no worker and lives too briefly for `Wakeups`' background sending, so
    it sends one notification over a connection of its own and closes it. A hint like any
    other: False (with a log line) when PostgreSQL cannot be reached; the job's poll covers it.
    """
    payload = f"{uuid.uuid4().hex[:16]}:{job}"  # an origin no listener has: all of them hear it
    try:
        conn = await asyncpg.connect(asyncpg_dsn(url), timeout=CONNECT_TIMEOUT_S)
    except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError, TimeoutError) as exc:
        log.warning("wake-up connection failed", extra={"error": type(exc).__name__})
        return False
    try:
        await conn.execute("SELECT pg_notify($1, $2)", CHANNEL, payload)
    except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError) as exc:
        log.warning("wake-up not sent", extra={"error": type(exc).__name__})
        return False
    finally:
        await _close(conn)
    return True


async def _close(conn: asyncpg.Connection) -> None:
    """Close politely, or cut the connection if the server does not answer soon."""
    if conn.is_closed():
        return
    try:
        await conn.close(timeout=2)
    except (asyncpg.PostgresError, asyncpg.InterfaceError, OSError, TimeoutError):
        conn.terminate()
