"""Catalog sync benchmark: after 1% of 100,000 products change, only ~1,000 items travel.

Imports the catalog, marks it as already synced (as after an earlier full sync), changes
1% of the prices with a second import, then measures the change set query and a real
sync over HTTP against the sandbox fake. Baseline in the same run: building the payload
of every product, which is what a sync without content hashes would send.

    python bench/catalog_sync.py [--quick] [--no-postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiohttp import web
from sqlalchemy import select, update

from bench._common import free_port, fresh_pg
from bench.catalog_import import write_meta
from catalog import sync_store
from catalog.graph import GraphCatalogApi, graph_client
from catalog.importing import ImportMode, ImportRequest, run_import
from catalog.product import graph_item
from catalog.repository import PRODUCTS, product_of
from catalog.sync import CatalogSync
from sandbox import catalog as fake
from shop.clock import utcnow
from shop.storage.db import Database
from shop.storage.schema import metadata

CATALOG = "bench-catalog"


async def no_wait(_seconds: float) -> None:
    await asyncio.sleep(0)


async def _import(db: Database, path: Path) -> None:
    request = ImportRequest(file_name=path.name, actor="bench", mode=ImportMode.FULL)
    with path.open("rb") as source:
        report = await run_import(db, source, request, now=utcnow)
    assert report.exit_code == 0


async def measure(url: str, base: Path, changed: Path) -> dict[str, float]:
    db = Database(url)
    async with db.connection() as conn:
        await conn.run_sync(metadata.drop_all)
        await conn.run_sync(metadata.create_all)
    await _import(db, base)
    async with db.connection() as conn:
        await conn.execute(update(PRODUCTS).values(synced_hash=PRODUCTS.c.content_hash))
    await _import(db, changed)

    timings = []
    for _ in range(3):
        started = time.perf_counter()
        async with db.engine.connect() as conn:
            pending = await sync_store.change_set(conn)
        timings.append(time.perf_counter() - started)

    started = time.perf_counter()
    async with db.engine.connect() as conn:
        everything = [
            graph_item(product_of(row), default_link="https://s/p")
            for row in await conn.execute(select(PRODUCTS))
        ]
    naive = time.perf_counter() - started

    app = web.Application()
    fake.setup(app)
    app[fake.STATE].finish_after_polls = 1
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        async with graph_client(f"http://127.0.0.1:{port}/graph", "bench") as client:
            api = GraphCatalogApi(client, catalog_id=CATALOG, version="v23.0", sleep=no_wait)
            sync = CatalogSync(
                engine=db.engine,
                write=db.connection,
                api=api,
                catalog_id=CATALOG,
                link_for=lambda rid: f"https://shop.example/p/{rid}",
                now=utcnow,
                sleep=no_wait,
            )
            started = time.perf_counter()
            report = await sync.run()
            sync_seconds = time.perf_counter() - started
    finally:
        await runner.cleanup()
    await db.dispose()
    return {
        "pending": len(pending),
        "change_set_s": statistics.median(timings),
        "sent": report.sent,
        "batches": report.batches,
        "sync_s": sync_seconds,
        "naive_items": len(everything),
        "naive_build_s": naive,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    rows = 10_000 if args.quick else 100_000
    with tempfile.TemporaryDirectory(prefix="vitrina-bench-") as tmp:
        work = Path(tmp)
        base, changed = work / "base.csv", work / "changed.csv"
        write_meta(base, rows)
        write_meta(changed, rows, bump=rows // 100)
        backends = {"sqlite": f"sqlite+aiosqlite:///{work}/sync.db"}
        if not args.no_postgres:
            backends["postgresql"] = asyncio.run(fresh_pg("vitrina_bench_sync"))
        print(f"{rows:,} products, {rows // 100:,} changed".replace(",", " "))
        print(
            "| backend | change set items | change set s | items sent | batches | sync s "
            "| baseline: payload of all items s |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|")
        for backend, url in backends.items():
            r = asyncio.run(measure(url, base, changed))
            print(
                f"| {backend} | {r['pending']:.0f} | {r['change_set_s']:.3f} | {r['sent']:.0f} "
                f"| {r['batches']:.0f} | {r['sync_s']:.2f} "
                f"| {r['naive_build_s']:.2f} ({r['naive_items']:.0f} items) |",
                flush=True,
            )


if __name__ == "__main__":
    main()
