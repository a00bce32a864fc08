"""Shared helpers of the benchmarks: free ports, service subprocesses, databases, percentiles."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import IO

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN = os.environ.get("BENCH_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(
    args: list[str],
    env: dict[str, str] | None = None,
    log: IO[str] | None = None,
    *,
    python: str = sys.executable,
) -> subprocess.Popen[bytes]:
    """A Python process in the repository; its output to `log` (both streams) if given."""
    full = {**os.environ, "LOG_LEVEL": "WARNING", **(env or {})}
    if log is not None:
        return subprocess.Popen(
            [python, *args], cwd=ROOT, env=full, stdout=log, stderr=subprocess.STDOUT
        )
    return subprocess.Popen(
        [python, *args], cwd=ROOT, env=full, stdout=subprocess.DEVNULL, stderr=None
    )


async def wait_http(url: str, process: subprocess.Popen[bytes]) -> None:
    async with aiohttp.ClientSession() as session:
        for _ in range(600):
            if process.poll() is not None:
                raise RuntimeError(f"{url}: the process exited with {process.returncode}")
            try:
                async with session.get(url) as response:
                    if response.status < 500:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError(f"{url} did not answer")


def cpu_seconds(pid: int) -> float:
    """The CPU (user + system) a process has used so far, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


async def fresh_pg(name: str) -> str:
    """An empty PostgreSQL database named `name`; returns its URL."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from shop.storage.db import make_engine

    engine = make_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    await engine.dispose()
    return make_url(PG_ADMIN).set(database=name).render_as_string(hide_password=False)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def load_line(when: str) -> str:
    """The machine's load average (1, 5, 15 min) and its cores: figures taken at a load above
    the cores' count are noisy, and the tables say so."""
    one, five, fifteen = os.getloadavg()
    return f"load average {when}: {one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} cores)"


def ratio(ours: float, baseline: float) -> str:
    return f"{ours / baseline:.2f}×" if baseline else "-"
