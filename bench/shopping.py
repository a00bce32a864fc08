"""Shoppers at once: time from a webhook's arrival to the reply's send request.

Starts `shop serve` (web + worker in one process) on SQLite or PostgreSQL with a seeded catalog,
points it at a Graph fake inside this process, and lets N simulated shoppers walk through a
purchase (menu → search → native cart → checkout → pickup → contact → confirm), each turn
waiting for the first reply. Latency is measured on one clock, in this process: from just
before the signed webhook POST to the Graph request that carries the reply.

The baseline, measured in the same run with the same load, is a bare aiohttp app that answers
each webhook by posting one message to the same fake at once: the floor of this machine.

    python bench/shopping.py --quick            # 50 shoppers, SQLite only
    python bench/shopping.py                    # 500 shoppers, SQLite and PostgreSQL
    python bench/shopping.py --split            # also PostgreSQL as docker-compose runs it:
                                                # `shop serve --no-worker` + one `shop worker`
    python bench/shopping.py --backend postgresql --workers 2 --curve 100,500,1000 --sample
                                                # the curve, `shop serve --workers 2`, and
                                                # what PostgreSQL's connections were doing
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import cpu_seconds, free_port, fresh_pg, load_line, start, stop, wait_http
from bench._pgstat import ActivitySampler
from bench._shoppers import (
    CATALOG_ID,
    PHONE_ID,
    SCRIPT,
    SECRET,
    GraphFake,
    Result,
    Shop,
    envelope,
    seed,
    shoppers,
    start_fake,
)

THINK_MIN = 3.0


def production_env(database_url: str, graph_port: int, port: int) -> dict[str, str]:
    """`shop serve` in production mode, talking to the Graph fake of this process."""
    return {
        "DATABASE_URL": database_url,
        "WHATSAPP_ACCESS_TOKEN": "bench-token",
        "WHATSAPP_GRAPH_URL": f"http://127.0.0.1:{graph_port}/graph",
        "WHATSAPP_PHONE_NUMBER_ID": PHONE_ID,
        "WHATSAPP_CATALOG_ID": CATALOG_ID,
        "WHATSAPP_BUSINESS_ACCOUNT_ID": "200000000000001",
        "WHATSAPP_APP_SECRET": SECRET,
        "WHATSAPP_VERIFY_TOKEN": "bench-verify-token",
        "YOOKASSA_SHOP_ID": "100500",
        "YOOKASSA_SECRET_KEY": "bench-yookassa-secret",
        "WHATSAPP_MESSAGES_PER_SECOND": "1000",
        "WHATSAPP_PAIR_BURST": "45",
        "ADMIN_TOKEN": "bench-admin-token-long",
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
    }


async def run_service(
    database_url: str,
    count: int,
    think: float,
    *,
    split: bool = False,
    workers: int = 1,
    sample: bool = False,
) -> tuple[Result, GraphFake]:
    fake = GraphFake()
    graph_port = free_port()
    runner = await start_fake(fake, graph_port)
    port = free_port()
    env = production_env(database_url, graph_port, port)
    migrate = start(["-m", "shop", "db", "upgrade"], env)
    migrate.wait()
    await seed(database_url, 300)
    serve = ["-m", "shop", "serve", "--port", str(port), "--workers", str(workers)]
    serve += ["--no-worker"] if split else []
    processes = [start(serve, env)]
    if split:  # the worker in a process of its own, woken by the web process's NOTIFY
        processes.append(start(["-m", "shop", "worker"], env))
    try:
        await wait_http(f"http://127.0.0.1:{port}/healthz", processes[0])
        if split:
            await wait_listening(database_url)
        pids = [pid for p in processes for pid in (p.pid, *children(p.pid))]
        before = sum(cpu_seconds(pid) for pid in pids)
        sampler = ActivitySampler(database_url) if sample else None
        if sampler is not None:
            await sampler.start()
        shop = Shop(f"http://127.0.0.1:{port}/webhooks/whatsapp")
        result = await shoppers(shop, fake, count, (THINK_MIN, think))
        result.cpu = sum(cpu_seconds(pid) for pid in pids) - before
        if sampler is not None:
            await sampler.stop()
            print(sampler.report())
    finally:
        for process in processes:
            stop(process)
        await runner.cleanup()
    return result, fake


def children(pid: int) -> list[int]:
    """The processes `shop serve --workers N` forked (their CPU counts too)."""
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text(encoding="ascii")
    return [int(p) for p in text.split()]


async def wait_listening(database_url: str) -> None:
    """Until the worker process has its LISTEN connection (or 30 s have passed)."""
    import asyncpg

    from shop.storage.wakeups import asyncpg_dsn

    conn = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        for _ in range(300):
            listening = await conn.fetchval(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND query LIKE 'LISTEN%'"
            )
            if listening:
                return
            await asyncio.sleep(0.1)
    finally:
        await conn.close()


async def run_bare(count: int, think: float) -> Result:
    """The floor: webhook in, one Graph POST out, nothing in between."""
    fake = GraphFake()
    graph_port = free_port()
    fake_runner = await start_fake(fake, graph_port)
    port = free_port()
    process = start(["bench/_bare_reply.py", str(port), str(graph_port)])
    try:
        await wait_http(f"http://127.0.0.1:{port}/healthz", process)
        result = Result()
        before = cpu_seconds(process.pid)
        connector = aiohttp.TCPConnector(limit=200)
        async with aiohttp.ClientSession(connector=connector) as http:
            await asyncio.gather(
                *(
                    bare_shopper(
                        http,
                        f"http://127.0.0.1:{port}/webhooks/whatsapp",
                        fake,
                        f"7911{i:07d}",
                        result,
                        think,
                    )
                    for i in range(count)
                )
            )
        result.cpu = cpu_seconds(process.pid) - before
    finally:
        stop(process)
        await fake_runner.cleanup()
    return result


async def bare_shopper(
    http: aiohttp.ClientSession, url: str, fake: GraphFake, wa_id: str, result: Result, think: float
) -> None:
    fake.waiters[wa_id] = asyncio.Event()
    for n in range(len(SCRIPT)):
        await asyncio.sleep(random.uniform(THINK_MIN, think))
        before = len(fake.arrivals[wa_id])
        fake.waiters[wa_id].clear()
        body = envelope(wa_id, n, {"type": "text", "text": {"body": "меню"}})
        t0 = time.perf_counter()
        async with http.post(url, data=body) as response:
            response.raise_for_status()
        result.turns += 1
        while len(fake.arrivals[wa_id]) == before:
            await fake.waiters[wa_id].wait()
            fake.waiters[wa_id].clear()
        result.latencies.append(fake.arrivals[wa_id][before][0] - t0)


def report(name: str, result: Result, fake: GraphFake | None = None) -> None:
    print(result.line(name, fake))


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="50 shoppers on SQLite only")
    parser.add_argument("--shoppers", type=int)
    parser.add_argument("--think", type=float, default=10.0, help="most seconds between turns")
    parser.add_argument("--think-min", type=float, default=3.0, help="least seconds between turns")
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"))
    parser.add_argument(
        "--split", action="store_true", help="PostgreSQL also with web and worker processes"
    )
    parser.add_argument("--workers", type=int, default=1, help="`shop serve --workers` (PG)")
    parser.add_argument("--curve", help="shopper counts one after another, e.g. 100,500,1000")
    parser.add_argument("--sample", action="store_true", help="sample pg_stat_activity (PG)")
    args = parser.parse_args()
    print(load_line("before"))
    for count in [int(n) for n in args.curve.split(",")] if args.curve else [args.shoppers]:
        await one_round(args, count)
    print(load_line("after"))


async def one_round(args: argparse.Namespace, shoppers_count: int | None) -> None:
    global THINK_MIN
    THINK_MIN = min(args.think_min, args.think)
    count = shoppers_count or (50 if args.quick else 500)
    backend = args.backend or ("sqlite" if args.quick else "both")
    print(
        f"{count} shoppers, {len(SCRIPT)} turns each, "
        f"{THINK_MIN}–{args.think} s between a reply and the next tap"
    )
    report("bare baseline", await run_bare(count, args.think))
    if backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.environ.get("BENCH_SQLITE_PATH") or f"{tmp}/bench.db"
            result, fake = await run_service(f"sqlite+aiosqlite:///{path}", count, args.think)
            report("vitrina on SQLite", result, fake)
    if backend in ("postgresql", "both"):
        url = await fresh_pg(f"vitrina_bench_shopping_{os.getpid()}")
        result, fake = await run_service(
            url, count, args.think, workers=args.workers, sample=args.sample
        )
        name = "vitrina on PostgreSQL" + (f" ×{args.workers}" if args.workers > 1 else "")
        report(name, result, fake)
        if args.split:
            url = await fresh_pg(f"vitrina_bench_shopping_split_{os.getpid()}")
            result, fake = await run_service(url, count, args.think, split=True)
            report("PostgreSQL, web+worker", result, fake)


if __name__ == "__main__":
    import uvloop

    uvloop.run(main())
