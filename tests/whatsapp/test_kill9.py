"""Kill -9 of `shop serve` under load: every acknowledged event survives, once, and no reply
goes out twice because its sender died mid-send."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from webhooks.intake import sign

SECRET = "kill-test-secret"
ROOT = Path(__file__).resolve().parents[2]
EVENTS = 3000
KILL_AFTER = 600


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(db_path: Path, port: int, log: Path, *extra: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite+aiosqlite:///{db_path}",
        "WHATSAPP_APP_SECRET": SECRET,
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("WHATSAPP_ACCESS_TOKEN", None)
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "shop", "serve", "--port", str(port), *extra],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


async def _wait_healthy(port: int, process: subprocess.Popen[bytes]) -> None:
    async with aiohttp.ClientSession() as session:
        for _ in range(900):  # a loaded machine starts Python slowly
            assert process.poll() is None, "the service exited"
            try:
                async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise AssertionError("the service did not become healthy")


def _body(n: int) -> bytes:
    message = {
        "from": f"7990000{n % 20:04d}",
        "id": f"wamid.K{n}",
        "timestamp": str(int(time.time())),
        "type": "text",
        "text": {"body": f"#{n}"},
    }
    value = {"messaging_product": "whatsapp", "messages": [message]}
    envelope = {
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": value}]}],
    }
    return json.dumps(envelope).encode()


async def _load(port: int, process: subprocess.Popen[bytes]) -> set[str]:
    acked: set[str] = set()
    queue = list(range(EVENTS))
    url = f"http://127.0.0.1:{port}/webhooks/whatsapp"

    async def client(session: aiohttp.ClientSession) -> None:
        while queue:
            n = queue.pop()
            body = _body(n)
            headers = {"X-Hub-Signature-256": sign(SECRET.encode(), body)}
            try:
                async with session.post(url, data=body, headers=headers) as response:
                    if response.status == 200:
                        acked.add(f"wamid.K{n}")
            except (TimeoutError, aiohttp.ClientError):
                continue
            if len(acked) >= KILL_AFTER and process.poll() is None:
                process.send_signal(signal.SIGKILL)

    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        await asyncio.gather(*(client(session) for _ in range(40)))
    return acked


def _inbox(db_path: Path) -> list[tuple[str, str | None, int]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT wamid, processed_at, attempts FROM wa_inbox").fetchall()


@pytest.mark.slow
async def test_every_acknowledged_event_is_processed_once_after_a_kill(tmp_path: Path) -> None:
    db_path, log = tmp_path / "shop.db", tmp_path / "serve.log"
    port = _free_port()
    first = _start(db_path, port, log)
    try:
        await _wait_healthy(port, first)
        acked = await _load(port, first)
        first.wait(timeout=10)
        assert first.returncode == -signal.SIGKILL
    finally:
        if first.poll() is None:
            first.kill()
    assert len(acked) >= KILL_AFTER
    assert len(acked) < EVENTS  # the kill really happened mid-load
    second = _start(db_path, port, log)
    try:
        await _wait_healthy(port, second)
        for _ in range(900):  # claims of the killed process expire after their lease
            rows = _inbox(db_path)
            if rows and all(processed for _, processed, _ in rows):
                break
            await asyncio.sleep(0.1)
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)
    rows = _inbox(db_path)
    stored = [wamid for wamid, _, _ in rows]
    assert acked <= set(stored)
    assert len(stored) == len(set(stored))  # none twice
    assert all(processed for _, processed, _ in rows)
    assert all(attempts == 0 for _, _, attempts in rows)  # processed on the first try, once
    with sqlite3.connect(db_path) as conn:
        chats = conn.execute("SELECT count(*) FROM wa_chat").fetchone()[0]
    assert chats == 20


# The sender's crash edge, against the Graph fake in a process of its own (it outlives the
# service, as Meta does) answering every send in 200 ms.
SHOPPERS = 40
MESSAGES_EACH = 4
LATENCY_MS = 200
KILL_IN_FLIGHT = 8  # the kill lands while at least this many sends wait for their answer
PRODUCTION_SECRET = "kill-test-app-secret-0123456789abcdef"


def _start_production(
    database_url: str, port: int, fake_port: int, log: Path, *command: str
) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "WHATSAPP_GRAPH_URL": f"http://127.0.0.1:{fake_port}/graph",
        "WHATSAPP_ACCESS_TOKEN": "kill-test-access-token-0123456789abcdef",
        "WHATSAPP_PHONE_NUMBER_ID": "100000000000001",
        "WHATSAPP_BUSINESS_ACCOUNT_ID": "200000000000001",
        "WHATSAPP_APP_SECRET": PRODUCTION_SECRET,
        "WHATSAPP_VERIFY_TOKEN": "kill-test-verify-token-0123456789abcdef",
        "ADMIN_TOKEN": "kill-test-admin-token-0123456789abcdef",
        "YOOKASSA_SHOP_ID": "100500",
        "YOOKASSA_SECRET_KEY": "kill-test-yookassa-key-0123456789abcdef",
        # Short enough for a test; the defaults (30 s each) only make the wait longer.
        "WHATSAPP_SEND_LEASE_S": "15",
        "WHATSAPP_ECHO_GRACE_S": "5",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("WHATSAPP_CATALOG_ID", None)
    args = command or ("serve", "--port", str(port))
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "shop", *args],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


@contextmanager
def _graph_fake(port: int, shop_port: int, log: Path) -> Iterator[str]:
    webhook_url = f"http://127.0.0.1:{shop_port}/webhooks/whatsapp"
    with log.open("ab") as out:
        fake = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.whatsapp.graph_fake",
                str(port),
                webhook_url,
                PRODUCTION_SECRET,
            ],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        yield f"http://127.0.0.1:{port}/control"
    finally:
        fake.terminate()
        fake.wait(timeout=10)


async def _control(
    session: aiohttp.ClientSession, method: str, url: str, body: object = None
) -> Any:
    async with session.request(method, url, json=body) as response:
        assert response.status < 300, await response.text()
        return await response.json()


async def _wait_control(session: aiohttp.ClientSession, control: str) -> None:
    for _ in range(300):
        try:
            await _control(session, "GET", f"{control}/faults")
            return
        except aiohttp.ClientError:
            await asyncio.sleep(0.1)
    raise AssertionError("the Graph fake did not start")


async def _outbox_states(database_url: str) -> Counter[str]:
    """The outbox rows by state; `inbox` counts the inbox rows not yet processed."""
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as conn:
            states = Counter(state for (state,) in await conn.execute(_STATES))
            states["inbox"] = (await conn.execute(_UNPROCESSED)).scalar_one()
            return states
    finally:
        await engine.dispose()


_STATES = text("SELECT state FROM wa_outbox")
_UNPROCESSED = text("SELECT count(*) FROM wa_inbox WHERE processed_at IS NULL")


async def _kill_mid_send(
    session: aiohttp.ClientSession,
    control: str,
    process: subprocess.Popen[bytes],
    before_kill: Callable[[], object] = lambda: None,
) -> int:
    """Shoppers write; the service is killed once enough sends wait for the fake's answer
    (`before_kill` runs just before, e.g. to start the sender that survives it)."""

    async def shopper(n: int) -> None:
        for m in range(MESSAGES_EACH):
            body = {"type": "text", "text": {"body": f"привет {m}"}}
            await _control(session, "POST", f"{control}/shoppers/7990100{n:04d}/messages", body)
            await asyncio.sleep(0.3)

    writers = asyncio.gather(*(shopper(n) for n in range(SHOPPERS)))
    try:
        for _ in range(3000):
            in_flight = int((await _control(session, "GET", f"{control}/faults"))["in_flight"])
            if in_flight >= KILL_IN_FLIGHT:
                before_kill()
                process.send_signal(signal.SIGKILL)
                return in_flight
            await asyncio.sleep(0.005)
        raise AssertionError("the sends never overlapped")
    finally:
        await writers


async def _settled(session: aiohttp.ClientSession, control: str, database_url: str) -> None:
    """Every webhook delivered and processed, nothing left to send: the killed sender's
    leases lapse, then the grace for their echoes."""
    for _ in range(1500):
        await _control(session, "POST", f"{control}/webhooks/flush?timeout_s=20")
        states = await _outbox_states(database_url)
        if not states["sending"] and not states["pending"] and not states["inbox"]:
            return
        await asyncio.sleep(0.1)


@pytest.mark.slow
async def test_a_reply_in_flight_when_its_sender_dies_is_not_sent_twice(
    tmp_path: Path, database_url: str
) -> None:
    """SQLite: `shop serve` killed and started again. PostgreSQL, as docker-compose runs it:
    `shop serve --no-worker` and two `shop worker`s, one of them killed."""
    log = tmp_path / "serve.log"
    port, fake_port = _free_port(), _free_port()
    on_sqlite = database_url.startswith("sqlite")
    if on_sqlite:  # a new file: `shop serve` makes its schema itself, as on a first run
        database_url = f"sqlite+aiosqlite:///{tmp_path / 'shop.db'}"
    timeout = aiohttp.ClientTimeout(total=30)
    processes: list[subprocess.Popen[bytes]] = []

    def start(*command: str) -> subprocess.Popen[bytes]:
        processes.append(_start_production(database_url, port, fake_port, log, *command))
        return processes[-1]

    with _graph_fake(fake_port, port, tmp_path / "fake.log") as control:
        async with aiohttp.ClientSession(timeout=timeout) as session:
            await _wait_control(session, control)
            # Meta keeps retrying a webhook for days; the fake must outlast the restart too.
            config = {
                "webhook_max_attempts": 1000,
                "webhook_max_backoff_s": 0.5,
                "webhook_ttl_s": 600,
                "webhook_concurrency": 4,
            }
            await _control(session, "POST", f"{control}/config", config)
            await _control(session, "POST", f"{control}/faults", {"latency_ms": LATENCY_MS})
            try:
                web = start() if on_sqlite else start("serve", "--port", str(port), "--no-worker")
                victim = web if on_sqlite else start("worker")
                await _wait_healthy(port, web)
                # On PostgreSQL the second worker starts as the first is killed: had it run from
                # the start, it might hold every send in flight and the kill would leave none.
                survivor = (lambda: None) if on_sqlite else (lambda: start("worker"))
                in_flight = await _kill_mid_send(session, control, victim, survivor)
                victim.wait(timeout=10)
                left = await _outbox_states(database_url)
                assert left["sending"] >= 1  # the kill really left claimed messages behind
                if on_sqlite:
                    await _wait_healthy(port, start())
                await _settled(session, control, database_url)
            finally:
                for process in processes:
                    if process.poll() is None:
                        process.send_signal(signal.SIGTERM)
                        process.wait(timeout=30)
            sent = await _control(session, "GET", f"{control}/messages")
    callbacks = Counter(m["body"].get("biz_opaque_callback_data") for m in sent)
    twice = sum(count - 1 for count in callbacks.values() if count > 1)
    print(
        f"sends in flight at the kill: {in_flight}; left claimed: {left['sending']}; "
        f"replies sent twice: {twice}"
    )
    states = await _outbox_states(database_url)
    assert set(states) == {"accepted", "inbox"}
    assert states["accepted"] == len(callbacks)  # every reply went out
    assert len(callbacks) >= SHOPPERS * MESSAGES_EACH  # at least one per message
    assert twice == 0
