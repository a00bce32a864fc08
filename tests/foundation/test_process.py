"""`shop serve` as a real process: first run on an empty directory, and graceful SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(base: str, proc: subprocess.Popen[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(
                f"server exited early: {proc.stderr.read() if proc.stderr else ''}"
            )
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise AssertionError("server did not become healthy")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WHATSAPP_", "DATABASE_"))}
    env["PYTHONPATH"] = str(ROOT)
    log = (tmp_path / "server.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "shop", "serve", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, proc)
        yield base, proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        log.close()


def test_first_run_creates_and_migrates_sqlite(
    server: tuple[str, subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    base, _proc = server
    assert httpx.get(f"{base}/healthz").json() == {"status": "ok"}
    assert (tmp_path / "shop.db").exists()


def test_sigterm_finishes_in_flight_requests_then_exits_cleanly(
    server: tuple[str, subprocess.Popen[bytes]], tmp_path: Path
) -> None:
    base, proc = server
    graph = f"{base}/sandbox/graph/v23.0/100000000000001/messages"
    slow = httpx.post(f"{base}/sandbox/control/faults", json={"latency_ms": 1500}, timeout=5)
    assert slow.status_code == 200
    with httpx.Client(timeout=30) as client:
        result: dict[str, int] = {}

        def call() -> None:
            body = {
                "messaging_product": "whatsapp",
                "to": "79001234567",
                "type": "text",
                "text": {"body": "in flight"},
            }
            result["status"] = client.post(
                graph, json=body, headers={"Authorization": "Bearer t"}
            ).status_code

        thread = threading.Thread(target=call)
        thread.start()
        time.sleep(0.5)
        proc.send_signal(signal.SIGTERM)
        thread.join(timeout=30)
    assert result.get("status") == 200
    assert proc.wait(timeout=40) == 0
    assert "worker stopped" in (tmp_path / "server.log").read_text(encoding="utf-8")
