"""Kill -9 of `shop serve` under webhook load: every acknowledged event survives, once."""

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
from pathlib import Path

import aiohttp
import pytest

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
        for _ in range(300):
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
