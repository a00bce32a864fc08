"""`shop serve --workers N` as real processes: N children on one port, each taking
connections, a crashed child started again, SIGTERM passed on, sandbox mode kept to one."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from shop.serve import PROCESS_HEADER
from tests.foundation.shop_process import free_port, shop, shop_env

PRODUCTION = {
    "WHATSAPP_ACCESS_TOKEN": "EAAG-real-looking-token",
    "WHATSAPP_PHONE_NUMBER_ID": "1065",
    "WHATSAPP_APP_SECRET": "0123456789abcdef0123456789abcdef",
    "WHATSAPP_VERIFY_TOKEN": "verify-me-please-meta",
    "YOOKASSA_SHOP_ID": "506751",
    "YOOKASSA_SECRET_KEY": "live_a-long-yookassa-secret-key",
    "ADMIN_TOKEN": "a-long-random-admin-token",
}


def children(pid: int) -> set[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text(encoding="ascii")
    return {int(p) for p in text.split()}


def answering(base: str, tries: int = 400) -> set[str]:
    """Which processes answered `tries` fresh connections (stops once both did)."""
    seen: set[str] = set()
    for _ in range(tries):
        with httpx.Client(timeout=10) as client:  # a new connection each time
            answer = client.get(f"{base}/healthz", headers={"Connection": "close"})
        assert answer.status_code == 200
        seen.add(answer.headers[PROCESS_HEADER])
        if len(seen) == 2:
            break
    return seen


@pytest.fixture
def two_workers(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "shop",
            "serve",
            "--port",
            str(port),
            "--workers",
            "2",
            "--no-worker",
        ],
        cwd=tmp_path,
        env=shop_env(**PRODUCTION),
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stderr is not None
    first = proc.stderr.readline()
    try:
        assert "serving on" in first, first + proc.stderr.read()
        assert first.strip().endswith("(2 processes)")
        yield f"http://127.0.0.1:{port}", proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=60)
        proc.stderr.close()


def test_two_processes_answer_on_one_port_and_both_take_connections(
    two_workers: tuple[str, subprocess.Popen[str]],
) -> None:
    base, proc = two_workers
    assert len(children(proc.pid)) == 2
    assert answering(base) == {"1", "2"}


def test_a_killed_process_is_started_again_and_sigterm_stops_all_cleanly(
    two_workers: tuple[str, subprocess.Popen[str]],
) -> None:
    base, proc = two_workers
    before = children(proc.pid)
    victim = min(before)
    subprocess.run(["kill", "-KILL", str(victim)], check=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        now = children(proc.pid)
        if len(now) == 2 and victim not in now:
            break
        time.sleep(0.1)
    after = children(proc.pid)
    assert len(after) == 2
    assert victim not in after
    # The new child answers once its services are open; until then the other one does.
    deadline = time.monotonic() + 60
    seen: set[str] = set()
    while seen != {"1", "2"} and time.monotonic() < deadline:
        seen |= answering(base, tries=50)
    assert seen == {"1", "2"}
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 0
    for pid in after:
        assert not Path(f"/proc/{pid}").exists() or _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    return stat.rsplit(")", 1)[1].split()[0] == "Z"


def test_sandbox_mode_refuses_more_than_one_process_in_one_line(tmp_path: Path) -> None:
    result = shop(tmp_path, "serve", "--port", str(free_port()), "--workers", "2")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "shop: sandbox mode runs one process (its fakes keep their state in its memory): "
        "leave out --workers, or configure production settings"
    ]
    assert not (tmp_path / "shop.db").exists()


def test_a_busy_port_with_workers_is_still_one_line_and_exit_2(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = int(sock.getsockname()[1])
        result = shop(tmp_path, "serve", "--port", str(port), "--workers", "2", **PRODUCTION)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"shop: cannot listen on 127.0.0.1:{port}: the port is in use "
        "(another `shop serve`?); choose another with --port"
    ]
    assert not (tmp_path / "shop.db").exists()


def test_a_process_count_must_be_a_positive_number(tmp_path: Path) -> None:
    result = shop(tmp_path, "serve", "--workers", "0")
    assert result.returncode == 2
    assert "--workers: 0 is not between 1 and 64" in result.stderr


def test_a_worker_runs_its_jobs_in_n_processes_and_sigterm_stops_them(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "shop", "worker", "--concurrency", "2"],
        cwd=tmp_path,
        env=shop_env(**PRODUCTION, LOG_LEVEL="INFO"),
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stderr is not None
    try:
        running = 0
        for line in proc.stderr:  # each child logs once its services are open
            running += "worker running" in line
            if running == 2:
                break
        assert running == 2
        assert len(children(proc.pid)) == 2
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=60)
        proc.stderr.close()


def test_the_default_is_one_process_per_core_on_postgresql_and_one_otherwise() -> None:
    from shop.serve import default_workers
    from shop.settings import Settings
    from shop.supervisor import process_count

    production: dict[str, Any] = {k.lower(): v for k, v in PRODUCTION.items()}
    postgres = "postgresql+asyncpg://shop@127.0.0.1:5432/shop"
    on_pg = Settings(database_url=postgres, _env_file=None, **production)
    sandbox_pg = Settings(database_url=postgres, _env_file=None)
    on_sqlite = Settings(_env_file=None, **production)
    assert default_workers(on_pg) == process_count() >= 1
    assert default_workers(sandbox_pg) == 1
    assert default_workers(on_sqlite) == 1
