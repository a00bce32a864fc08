"""Webhook intake load: signed status webhooks against `shop serve` and a bare aiohttp handler.

Prints, per target, the requests/s and status events/s acknowledged (each ack means the
events are committed), p50/p99 ack latency, and the ratio to the bare handler's request rate
measured in the same run (for N processes: the total, and per process), with the load
average before and after. It then checks that every acknowledged body is stored, splits them
into inbox items as the worker does (timed on its own: the rate the worker keeps up with,
which an intake faster than it only queues), and checks that every acknowledged event is in
the inbox.
Bodies of 10 statuses are also sent to pywa (FastAPI + uvicorn, signature checked) when a
Python with pywa is given (`--pywa-python`, or BENCH_PYWA_PYTHON).

    python bench/intake.py                 # 20 000 requests per run, SQLite and PostgreSQL,
                                           # and PostgreSQL with `--workers 2`
    python bench/intake.py --quick         # 3 000 requests per run
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import uvloop

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import (
    free_port,
    fresh_pg,
    load_line,
    percentile,
    ratio,
    start,
    stop,
    wait_http,
)
from webhooks.intake import sign

SECRET = "bench-app-secret-0123456789"  # noqa: S105 (a throwaway key of the benchmark)
PHONE_ID = "100000000000001"


PRODUCTION = {  # production mode: sandbox mode runs one process only
    "WHATSAPP_ACCESS_TOKEN": "bench-access-token",
    "WHATSAPP_PHONE_NUMBER_ID": PHONE_ID,
    "WHATSAPP_VERIFY_TOKEN": "bench-verify-token",
    "ADMIN_TOKEN": "bench-admin-token-0123456789",
    "YOOKASSA_SHOP_ID": "100500",
    "YOOKASSA_SECRET_KEY": "bench-yookassa-secret-key",
}


@dataclass
class Result:
    name: str
    requests: int
    events: int
    seconds: float
    latencies: list[float]
    processes: int = 1
    split: bool = False  # the worker's step after the 200s: no requests, no latencies

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def line(self, bare_rps: float) -> str:
        if self.split:
            bodies, events = f"({self.rps:6.0f} bodies/s)", self.events / self.seconds
            return f"| {self.name:<34} | {bodies} | {events:9.0f} | – | – | – | – |"
        p50 = percentile(self.latencies, 0.50) * 1000
        p99 = percentile(self.latencies, 0.99) * 1000
        per_process = ratio(self.rps / self.processes, bare_rps)
        return (
            f"| {self.name:<34} | {self.rps:8.0f} | {self.events / self.seconds:9.0f} "
            f"| {p50:6.1f} | {p99:6.1f} | {ratio(self.rps, bare_rps)} | {per_process} |"
        )


def bodies(count: int, per_body: int, tag: str) -> list[tuple[bytes, str]]:
    out = []
    for n in range(count):
        statuses = [
            {
                "id": f"wamid.{tag}.{n}.{k}",
                "status": "delivered",
                "timestamp": "1764000000",
                "recipient_id": f"7999{n % 5000:07d}",
            }
            for k in range(per_body)
        ]
        # As Meta sends them, with the metadata and the contact pywa reads (its status type
        # needs both), so that the rival parses every body instead of logging an error.
        value = {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "79000000000", "phone_number_id": PHONE_ID},
            "contacts": [{"wa_id": statuses[0]["recipient_id"]}],
            "statuses": statuses,
        }
        envelope = {
            "object": "whatsapp_business_account",
            "entry": [{"id": "1", "changes": [{"field": "messages", "value": value}]}],
        }
        body = json.dumps(envelope, separators=(",", ":")).encode()
        out.append((body, sign(SECRET.encode(), body)))
    return out


async def load(
    url: str, payloads: list[tuple[bytes, str]], concurrency: int
) -> tuple[float, list[float]]:
    latencies: list[float] = []
    queue = iter(payloads)
    connector = aiohttp.TCPConnector(limit=concurrency)

    async def client(session: aiohttp.ClientSession) -> None:
        for body, signature in queue:
            started = time.perf_counter()
            headers = {"X-Hub-Signature-256": signature, "Content-Type": "application/json"}
            async with session.post(url, data=body, headers=headers) as response:
                await response.read()
                if response.status != 200:
                    raise RuntimeError(f"HTTP {response.status}")
            latencies.append(time.perf_counter() - started)

    async with aiohttp.ClientSession(connector=connector) as session:
        began = time.perf_counter()
        await asyncio.gather(*(client(session) for _ in range(concurrency)))
        return time.perf_counter() - began, latencies


async def run_target(
    name: str, base: str, payloads: list[tuple[bytes, str]], per_body: int, concurrency: int
) -> Result:
    warm = payloads[: max(50, len(payloads) // 20)]
    await load(f"{base}/webhooks/whatsapp", warm, concurrency)
    rest = payloads[len(warm) :]
    seconds, latencies = await load(f"{base}/webhooks/whatsapp", rest, concurrency)
    return Result(name, len(rest), len(rest) * per_body, seconds, latencies)


async def bare(requests: int, concurrency: int) -> Result:
    port = free_port()
    process = start(["bench/_bare.py", str(port)])
    try:
        await wait_http(f"http://127.0.0.1:{port}/healthz", process)
        return await run_target(
            "bare aiohttp handler",
            f"http://127.0.0.1:{port}",
            bodies(requests, 1, "bare"),
            1,
            concurrency,
        )
    finally:
        stop(process)


async def service(backend: str, requests: int, concurrency: int, workers: int = 1) -> list[Result]:
    port = free_port()
    tmp = Path(tempfile.mkdtemp(prefix="vitrina-bench-"))
    if backend == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp / 'bench.db'}"
    else:
        url = await fresh_pg("vitrina_bench_intake")
        migrate = start(["-m", "shop", "db", "upgrade"], {"DATABASE_URL": url})
        migrate.wait()
    env = {
        **PRODUCTION,
        "DATABASE_URL": url,
        "WHATSAPP_APP_SECRET": SECRET,
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
    }
    args = ["-m", "shop", "serve", "--no-worker", "--port", str(port), "--workers", str(workers)]
    process = start(args, env)
    label = f"{backend} ×{workers}" if workers > 1 else backend
    results = []
    try:
        await wait_http(f"http://127.0.0.1:{port}/healthz", process)
        base = f"http://127.0.0.1:{port}"
        single = bodies(requests, 1, f"{backend}1")
        one = await run_target(f"service, {label}, 1 status", base, single, 1, concurrency)
        batch = bodies(requests // 4, 10, f"{backend}10")
        ten = await run_target(f"service, {label}, 10 statuses", base, batch, 10, concurrency)
        results = [one, ten]
        for result in results:
            result.processes = workers
    finally:
        stop(process)
    acknowledged = requests + requests // 4
    kept = await count_rows(url, tmp, "wa_intake")
    print(f"{label}: {kept} bodies stored for {acknowledged} acknowledged", file=sys.stderr)
    if kept != acknowledged:
        raise RuntimeError("acknowledged bodies are missing from the intake")
    expected = requests + (requests // 4) * 10
    results.append(await split(url, label, acknowledged, expected))
    stored = await count_rows(url, tmp, "wa_inbox")
    print(f"{label}: {stored} inbox rows for {expected} events acknowledged", file=sys.stderr)
    if stored != expected:
        raise RuntimeError("acknowledged events are missing from the inbox")
    return results


async def split(url: str, label: str, bodies: int, events: int) -> Result:
    """The worker's split of the stored bodies into inbox items, timed alone."""
    from shop.storage.db import Database
    from webhooks.splitter import InboxSplitter

    db = Database(url)
    splitter = InboxSplitter(db.engine.dialect, begin=db.connection)
    began = time.perf_counter()
    done, _more = await splitter.run(batches=1_000_000)
    seconds = time.perf_counter() - began
    await db.dispose()
    if done != bodies:
        raise RuntimeError(f"split {done} bodies of {bodies}")
    return Result(f"split by the worker, {label}", bodies, events, seconds, [], split=True)


async def pywa(python: str, requests: int, concurrency: int) -> Result:
    """pywa's webhook (FastAPI on uvicorn, signature checked) on the same 10-status bodies."""
    port = free_port()
    process = start(["bench/_pywa.py", str(port), SECRET], python=python)
    try:
        await wait_http(f"http://127.0.0.1:{port}/healthz", process)
        batch = bodies(requests // 4, 10, "pywa10")
        return await run_target(
            "pywa, 10 statuses", f"http://127.0.0.1:{port}", batch, 10, concurrency
        )
    finally:
        stop(process)


async def count_rows(url: str, tmp: Path, table: str) -> int:
    if url.startswith("sqlite"):
        with sqlite3.connect(tmp / "bench.db") as conn:
            return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    from sqlalchemy import text

    from shop.storage.db import make_engine

    engine = make_engine(url)
    async with engine.connect() as conn:
        value = (await conn.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one()
    await engine.dispose()
    return int(value)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    # 64 connections: the measurement (wrk -c64); 32 keeps batches smaller.
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2, help="processes for the PostgreSQL run")
    parser.add_argument("--pywa-python", default=os.environ.get("BENCH_PYWA_PYTHON"))
    args = parser.parse_args()
    requests = 3000 if args.quick else 20000
    before = load_line("before")
    first = await bare(requests, args.concurrency)
    results = []
    for backend in ("sqlite", "postgres") if args.backend == "both" else (args.backend,):
        results.extend(await service(backend, requests, args.concurrency))
        if backend == "postgres" and args.workers > 1:
            results.extend(await service(backend, requests, args.concurrency, args.workers))
    rival = await pywa(args.pywa_python, requests, args.concurrency) if args.pywa_python else None
    # The bare handler again at the end: the machine's load drifts during a run, and the
    # ratios use the mean of both (the two figures show how far it drifted).
    last = await bare(requests, args.concurrency)
    baseline = Result(
        "bare aiohttp handler (mean)",
        first.requests + last.requests,
        first.events + last.events,
        first.seconds + last.seconds,
        first.latencies + last.latencies,
    )
    print(f"{requests} requests per run, {args.concurrency} concurrent connections, loopback")
    print(f"bare handler: {first.rps:.0f} req/s first, {last.rps:.0f} req/s last")
    print(before)
    print(load_line("after"))
    print("| target | req/s | events/s | p50 ms | p99 ms | of bare | per process |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    print(baseline.line(0))
    for result in results:
        print(result.line(baseline.rps))
    if rival is not None:
        print(rival.line(baseline.rps))
        for result in results:
            if "10 statuses" in result.name and not result.split:
                print(f"{result.name} / pywa: {ratio(result.rps, rival.rps)} of its request rate")
    else:
        print("pywa: not measured (no --pywa-python); the bare handler is the only baseline")


if __name__ == "__main__":
    uvloop.run(main())
