"""Webhook intake load: signed status webhooks against `shop serve` and a bare aiohttp handler.

Prints, per target, the requests/s and status events/s acknowledged (each ack means the
events are committed), p50/p99 ack latency, and the share of the bare handler's request
rate; it then checks that every acknowledged event is in the inbox.

    python bench/intake.py            # 20 000 requests per run, SQLite and PostgreSQL
    python bench/intake.py --quick    # 3 000 requests per run
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import uvloop

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import free_port, fresh_pg, percentile, start, stop, wait_http
from webhooks.intake import sign

SECRET = "bench-secret"  # noqa: S105 (a throwaway key of the benchmark)


@dataclass
class Result:
    name: str
    requests: int
    events: int
    seconds: float
    latencies: list[float]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def line(self, bare_rps: float) -> str:
        p50 = percentile(self.latencies, 0.50) * 1000
        p99 = percentile(self.latencies, 0.99) * 1000
        share = f"{100 * self.rps / bare_rps:5.0f}%" if bare_rps else "    -"
        return (
            f"| {self.name:<28} | {self.rps:8.0f} | {self.events / self.seconds:9.0f} "
            f"| {p50:6.1f} | {p99:6.1f} | {share} |"
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
        value = {"messaging_product": "whatsapp", "statuses": statuses}
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


async def service(backend: str, requests: int, concurrency: int) -> list[Result]:
    port = free_port()
    tmp = Path(tempfile.mkdtemp(prefix="vitrina-bench-"))
    if backend == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp / 'bench.db'}"
    else:
        url = await fresh_pg("vitrina_bench_intake")
        migrate = start(["-m", "shop", "db", "upgrade"], {"DATABASE_URL": url})
        migrate.wait()
    env = {
        "DATABASE_URL": url,
        "WHATSAPP_APP_SECRET": SECRET,
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
    }
    process = start(["-m", "shop", "serve", "--no-worker", "--port", str(port)], env)
    results = []
    try:
        await wait_http(f"http://127.0.0.1:{port}/healthz", process)
        base = f"http://127.0.0.1:{port}"
        single = bodies(requests, 1, f"{backend}1")
        results.append(
            await run_target(f"service, {backend}, 1 status", base, single, 1, concurrency)
        )
        batch = bodies(requests // 4, 10, f"{backend}10")
        results.append(
            await run_target(f"service, {backend}, 10 statuses", base, batch, 10, concurrency)
        )
        expected = requests + (requests // 4) * 10
        stored = await count_inbox(url, tmp)
        print(f"{backend}: {stored} inbox rows for {expected} events acknowledged", file=sys.stderr)
        if stored != expected:
            raise RuntimeError("acknowledged events are missing from the inbox")
    finally:
        stop(process)
    return results


async def count_inbox(url: str, tmp: Path) -> int:
    if url.startswith("sqlite"):
        with sqlite3.connect(tmp / "bench.db") as conn:
            return int(conn.execute("SELECT count(*) FROM wa_inbox").fetchone()[0])
    from sqlalchemy import text

    from shop.storage.db import make_engine

    engine = make_engine(url)
    async with engine.connect() as conn:
        value = (await conn.execute(text("SELECT count(*) FROM wa_inbox"))).scalar_one()
    await engine.dispose()
    return int(value)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    requests = 3000 if args.quick else 20000
    baseline = await bare(requests, args.concurrency)
    results = []
    for backend in ("sqlite", "postgres") if args.backend == "both" else (args.backend,):
        results.extend(await service(backend, requests, args.concurrency))
    print(f"{requests} requests per run, {args.concurrency} concurrent connections, loopback")
    print("| target | req/s | events/s | p50 ms | p99 ms | of bare |")
    print("|---|---:|---:|---:|---:|---:|")
    print(baseline.line(0))
    for result in results:
        print(result.line(baseline.rps))


if __name__ == "__main__":
    uvloop.run(main())
