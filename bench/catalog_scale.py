"""The catalog under real size: shoppers' replies during a 100,000-row import and the sync after it.

Starts `shop serve` (web + worker in one process, production mode) with the sandbox (its
catalog) behind the Graph fake of bench/_shoppers.py, lets shoppers walk through purchases,
and measures, in the same run:
- idle: the shoppers alone, for `--idle` seconds;
- busy: the shoppers while the merchant uploads the file through `POST /api/catalog/imports`
  and the sync it wakes pushes every product to the (fake) WhatsApp catalog, until nothing is
  pending;
- the server's RSS before, at its peak and after.
`--memory` instead imports files of growing size in a child process each and prints its peak
RSS: the import's memory should not grow with the file.

    python bench/catalog_scale.py --quick            # 10 000 rows, SQLite only
    python bench/catalog_scale.py                    # 100 000 rows, SQLite and PostgreSQL
    python bench/catalog_scale.py --memory 100000 1000000 --no-postgres
    python bench/catalog_scale.py --only postgresql --waits   # one backend, and what waited

`--waits` (PostgreSQL) samples `pg_stat_activity` every 20 ms during the busy phase and prints,
for the moments of the slowest turns, what the server's connections were doing: a wait on a
lock, on the WAL's flush or on the client, or running a statement.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import ROOT, free_port, fresh_pg, load_line, start, stop, wait_http
from bench._shoppers import GraphFake, Result, Shop, seed, shoppers, start_fake, walk
from bench.catalog_import import write_meta
from bench.shopping import production_env

THINK = (1.0, 3.0)


def rss_mb(pid: int) -> tuple[float, float]:
    """Resident set size now and at its peak (VmHWM), in MB."""
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def children_of(pid: int) -> list[int]:
    """The processes `pid` started (the catalog's import or sync child), and theirs."""
    try:
        found = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:  # gone meanwhile
        return []
    return found + [grandchild for child in found for grandchild in children_of(child)]


def children_rss_mb(pid: int) -> float:
    """Their resident memory now, together, in MB."""
    total = 0.0
    for child in children_of(pid):
        try:
            total += rss_mb(child)[0]
        except (OSError, KeyError):  # exited between the two reads
            continue
    return total


async def pending(http: aiohttp.ClientSession, base: str, token: str) -> dict[str, int]:
    headers = {"Authorization": f"Bearer {token}"}
    async with http.get(f"{base}/api/catalog/products?limit=1", headers=headers) as answer:
        answer.raise_for_status()
        counts: dict[str, int] = (await answer.json())["counts"]
        return counts


async def upload(http: aiohttp.ClientSession, base: str, token: str, path: Path) -> float:
    """The merchant's upload (partial: the seeded products stay); seconds until the report."""
    started = time.perf_counter()
    headers = {"Authorization": f"Bearer {token}", "X-File-Name": path.name}
    with path.open("rb") as body:
        async with http.post(
            f"{base}/api/catalog/imports?mode=partial",
            data=body,
            headers=headers,
            timeout=aiohttp.ClientTimeout(total=3600),
        ) as answer:
            report = await answer.json()
    assert answer.status == 200, report
    assert report["rejected"] == 0, report["errors"][:3]
    return time.perf_counter() - started


async def until_synced(http: aiohttp.ClientSession, base: str, token: str, rows: int) -> None:
    while True:
        counts = await pending(http, base, token)
        if counts["total"] >= rows and counts["pending"] == 0:
            return
        await asyncio.sleep(1.0)


class WaitSampler:
    """What PostgreSQL's other connections are doing, every 20 ms: (time, state, wait, query)."""

    def __init__(self, url: str) -> None:
        self.dsn = url.replace("postgresql+asyncpg://", "postgresql://")
        self.samples: list[tuple[float, str, str, str]] = []

    async def run(self, until: asyncio.Event) -> None:
        import asyncpg

        conn = await asyncpg.connect(self.dsn)
        try:
            while not until.is_set():
                at = time.perf_counter()
                for row in await conn.fetch(
                    "SELECT state, coalesce(wait_event_type || ':' || wait_event, '') AS wait,"
                    " left(regexp_replace(query, '\\s+', ' ', 'g'), 70) AS query"
                    " FROM pg_stat_activity WHERE datname = current_database()"
                    " AND pid <> pg_backend_pid() AND state NOT IN ('idle')"
                ):
                    self.samples.append((at, row["state"], row["wait"], row["query"]))
                await asyncio.sleep(0.02)
        finally:
            await conn.close()

    def around(self, moment: float, before: float, after: float = 0.0) -> str:
        """What the connections did in [moment - before, moment + after], most seen first."""
        seen: dict[tuple[str, str, str], int] = {}
        for at, state, wait, query in self.samples:
            if moment - before <= at <= moment + after:
                key = (state, wait, query)
                seen[key] = seen.get(key, 0) + 1
        ranked = sorted(seen.items(), key=lambda item: -item[1])[:8]
        return "\n".join(f"    {n:>4}× {s} {w or '-'} {q}" for (s, w, q), n in ranked)


async def run(
    url: str, csv: Path, rows: int, count: int, idle: float, waits: bool = False
) -> dict[str, object]:
    sandbox_port, graph_port, port = free_port(), free_port(), free_port()
    sandbox = start([__file__, "--sandbox-child", str(sandbox_port)])
    fake = GraphFake(upstream=f"http://127.0.0.1:{sandbox_port}/sandbox/graph")
    runner = await start_fake(fake, graph_port)
    env = production_env(url, graph_port, port)
    start(["-m", "shop", "db", "upgrade"], env).wait()
    await seed(url, 300)
    # One process serves and runs the worker, on both backends (PostgreSQL would otherwise
    # start one per core): it is the process that answers shoppers whose memory is measured.
    serve = start(["-m", "shop", "serve", "--port", str(port), "--workers", "1"], env)
    base, token = f"http://127.0.0.1:{port}", env["ADMIN_TOKEN"]
    try:
        await wait_http(f"http://127.0.0.1:{sandbox_port}/sandbox/control/catalog/x", sandbox)
        await wait_http(f"{base}/healthz", serve)
        shop = Shop(f"{base}/webhooks/whatsapp")
        # Warm up: the first turns build the chat's catalog view, compile statements.
        await shoppers(shop, fake, 5, (0.2, 0.5), prefix="7911")
        before = rss_mb(serve.pid)[0]
        started = time.perf_counter()
        idle_end = started + idle
        marks: dict[str, float] = {}

        async def merchant() -> None:
            await asyncio.sleep(max(0.0, idle_end - time.perf_counter()))
            async with aiohttp.ClientSession() as http:
                marks["import_start"] = time.perf_counter()
                marks["import_seconds"] = await upload(http, base, token, csv)
                await until_synced(http, base, token, rows)
                marks["busy_end"] = time.perf_counter()

        result, done = Result(), asyncio.Event()
        task = asyncio.create_task(merchant())
        task.add_done_callback(lambda _: done.set())
        load = asyncio.create_task(walking(shop, fake, count, done, result))
        sampler = WaitSampler(url) if waits else None
        sampling = asyncio.create_task(sampler.run(done)) if sampler else None
        peak, lag, last = before, 0.0, time.perf_counter()
        children_peak = 0.0
        while not task.done():
            peak = max(peak, rss_mb(serve.pid)[0])
            children_peak = max(children_peak, children_rss_mb(serve.pid))
            await asyncio.sleep(0.1)
            now = time.perf_counter()
            # This process timestamps the replies: a stall of its own loop counts as latency.
            lag, last = max(lag, now - last - 0.1), now
        await task
        await load
        if sampling:
            await sampling
        await asyncio.sleep(5)  # let the last sync batch settle
        after, high = rss_mb(serve.pid)
    finally:
        stop(serve)
        stop(sandbox)
        await runner.cleanup()
    return {
        "idle": result.between(started, idle_end),
        "busy": result.between(marks["import_start"], marks["busy_end"]),
        "import_seconds": marks["import_seconds"],
        "bench_lag": lag,
        "sampler": sampler,
        "slowest_at": sorted(zip(result.latencies, result.sent_at, strict=True), reverse=True)[:5],
        "slowest": sorted(
            (
                (latency, at - marks["import_start"])
                for at, latency in zip(result.sent_at, result.latencies, strict=True)
                if at >= marks["import_start"]
            ),
            reverse=True,
        )[:5],
        "busy_seconds": marks["busy_end"] - marks["import_start"],
        "rss_before": before,
        "rss_peak": max(peak, high),
        "rss_after": after,
        "children_peak": children_peak,
        "fake": fake,
    }


async def walking(
    shop: Shop, fake: GraphFake, shoppers: int, done: asyncio.Event, result: Result
) -> None:
    """Shoppers walking through purchases, again and again, until `done`."""

    async def one(index: int) -> None:
        numbers = itertools.count()
        for purchase in itertools.count():
            if done.is_set():
                return
            # A new shopper for every purchase: one buying again and again outruns WhatsApp's
            # pace per recipient (a burst, then a message per 6 s, which the sender keeps),
            # and the replies' wait for it would count as latency: the ~5 s tail of earlier
            # rounds, in whichever phase came after the burst was spent.
            wa_id = f"79{index:03d}{purchase:06d}"
            await walk(http, shop, fake, wa_id, result, THINK, numbers)

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=200)) as http:
        await asyncio.gather(*(one(i) for i in range(shoppers)))


def memory(sizes: list[int], backends: dict[str, str], work: Path) -> None:
    print("| rows | backend | file MB | import s | peak RSS MB |")
    print("|---:|---|---:|---:|---:|")
    for size in sizes:
        path = work / f"memory-{size}.csv"
        write_meta(path, size)
        for backend, url in backends.items():
            output = subprocess.run(
                [sys.executable, __file__, "--import-child", str(path), url],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ, "LOG_LEVEL": "WARNING"},
            )
            r = json.loads(output.stdout.strip().splitlines()[-1])
            print(
                f"| {size:,} | {backend} | {path.stat().st_size / 1e6:.0f} | {r['seconds']:.0f} "
                f"| {r['max_rss_mb']:.0f} |".replace(",", " "),
                flush=True,
            )
        path.unlink()


async def import_child(path: Path, url: str) -> dict[str, float]:
    from catalog.importing import ImportRequest, run_import
    from shop.clock import utcnow
    from shop.storage.db import Database
    from shop.storage.schema import metadata

    db = Database(url)
    async with db.connection() as conn:
        await conn.run_sync(metadata.drop_all)
        await conn.run_sync(metadata.create_all)
    started = time.perf_counter()
    with path.open("rb") as source:
        request = ImportRequest(file_name=path.name, actor="bench")
        report = await run_import(db, source, request, now=utcnow)
    seconds = time.perf_counter() - started
    await db.dispose()
    assert report.exit_code == 0, report.as_json()["errors"][:3]
    return {
        "rows": report.rows,
        "seconds": seconds,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def sandbox_child(port: int) -> None:
    """The sandbox mounted as `shop serve` mounts it: under /sandbox of an app that takes
    bodies up to 64 MB (an items_batch of 3,000 products is a few MB)."""
    import uvloop
    from aiohttp import web

    from bench._sandbox import sandbox_config
    from sandbox.app import create_sandbox_app

    root = web.Application(client_max_size=64 * 1024**2)
    root.add_subapp("/sandbox", create_sandbox_app(sandbox_config()))
    web.run_app(
        root, host="127.0.0.1", port=port, access_log=None, print=None, loop=uvloop.new_event_loop()
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--rows", type=int)
    parser.add_argument("--shoppers", type=int, default=20)
    parser.add_argument("--idle", type=float, default=60.0, help="seconds of the idle phase")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--only", choices=("sqlite", "postgresql"), help="run one backend")
    parser.add_argument("--waits", action="store_true", help="sample PostgreSQL's waits")
    parser.add_argument("--memory", type=int, nargs="+", metavar="ROWS")
    parser.add_argument("--import-child", nargs=2, metavar=("FILE", "URL"))
    parser.add_argument("--sandbox-child", type=int, metavar="PORT")
    args = parser.parse_args()
    if args.sandbox_child:
        sandbox_child(args.sandbox_child)
        return
    if args.import_child:
        path, url = Path(args.import_child[0]), args.import_child[1]
        print(json.dumps(asyncio.run(import_child(path, url))))
        return
    rows = args.rows or (10_000 if args.quick else 100_000)
    with tempfile.TemporaryDirectory(prefix="vitrina-scale-") as tmp:
        work = Path(tmp)
        backends = {"sqlite": f"sqlite+aiosqlite:///{work}/scale.db"}
        if not (args.no_postgres or args.quick):
            backends["postgresql"] = asyncio.run(fresh_pg("vitrina_bench_scale"))
        if args.only:
            backends = {args.only: backends[args.only]}
        if args.memory:
            memory(args.memory, backends, work)
            return
        csv = work / "catalog.csv"
        write_meta(csv, rows)
        print(f"{rows:,} products, {args.shoppers} shoppers".replace(",", " "))
        for backend, url in backends.items():
            print(load_line(f"[{backend}] before"))
            r = asyncio.run(run(url, csv, rows, args.shoppers, args.idle, args.waits))
            print(load_line(f"[{backend}] after"))
            print(
                f"[{backend}] import {r['import_seconds']:.0f} s, import + sync "
                f"{r['busy_seconds']:.0f} s"
            )
            print(r["idle"].line(f"{backend} idle"))  # type: ignore[attr-defined]
            print(r["busy"].line(f"{backend} import+sync"))  # type: ignore[attr-defined]
            slowest = ", ".join(f"{1000 * t:.0f} ms at +{at:.0f} s" for t, at in r["slowest"])  # type: ignore[attr-defined]
            print(f"[{backend}] slowest turns (from the upload's start): {slowest}")
            print(f"[{backend}] longest stall of this process's own loop: {r['bench_lag']:.2f} s")
            sampler = r["sampler"]
            if isinstance(sampler, WaitSampler):
                for latency, at in r["slowest_at"]:  # type: ignore[attr-defined]
                    print(
                        f"[{backend}] during the {1000 * latency:.0f} ms turn "
                        f"({at:.3f}–{at + latency:.3f} on the monotonic clock), the database:"
                    )
                    print(sampler.around(at + latency, latency))
            print(
                f"[{backend}] server RSS: before {r['rss_before']:.0f} MB, "
                f"peak {r['rss_peak']:.0f} MB, after {r['rss_after']:.0f} MB; its catalog "
                f"child processes at their peak {r['children_peak']:.0f} MB",
                flush=True,
            )


if __name__ == "__main__":
    main()
