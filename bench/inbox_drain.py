"""Inbox worker throughput: status rows merged into the outbox, per second and CPU per row.

Fills the inbox with sent/delivered/read statuses of N sent messages, then drains it with the
worker as configured (batches of 200, statuses merged in bulk); the baseline in the same run
drains a tenth as many rows one per transaction (batch of 1).

    python bench/inbox_drain.py           # 5 000 messages (15 000 status rows)
    python bench/inbox_drain.py --quick   # 1 000 messages
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import fresh_pg
from shop.clock import SystemClock
from shop.storage.db import Database
from shop.storage.schema import metadata
from shop.storage.sql import run
from shop.whatsapp.dispatch import Handlers
from shop.whatsapp.inbox_worker import InboxWorker
from shop.whatsapp.outbox import OUTBOX
from webhooks.batch_insert import InboxBatchInsert
from webhooks.intake import split_body


async def fill(db: Database, count: int, tag: str) -> None:
    now = datetime.now(UTC)
    messages = [
        {
            "recipient": "79990000000",
            "kind": "text",
            "category": "service",
            "body": "{}",
            "state": "accepted",
            "attempts": 1,
            "created_at": now,
            "next_attempt_at": now,
            "wamid": f"wamid.{tag}{n}",
        }
        for n in range(count)
    ]
    async with db.transaction() as session:
        await run(session, OUTBOX.insert(), messages)
    rows = []
    for n in range(count):
        for step in ("sent", "delivered", "read"):
            item = {"id": f"wamid.{tag}{n}", "status": step, "timestamp": "1764000000"}
            value = {"statuses": [item]}
            envelope = {
                "object": "x",
                "entry": [{"changes": [{"field": "messages", "value": value}]}],
            }
            rows += split_body(json.dumps(envelope).encode(), now)
    async with db.connection() as conn:
        await InboxBatchInsert(db.engine.dialect).execute(conn, rows)


async def drain(db: Database, batch: int) -> tuple[int, float, float]:
    worker = InboxWorker(db, SystemClock(), Handlers(), batch=batch)
    began, cpu, total = time.perf_counter(), time.process_time(), 0
    while handled := await worker.run_once():
        total += handled
    return total, time.perf_counter() - began, time.process_time() - cpu


async def measure(name: str, url: str, count: int) -> list[str]:
    db = Database(url)
    async with db.connection() as conn:
        await conn.run_sync(metadata.create_all)
    lines = []
    for label, n, batch in (("one row per transaction", count // 10, 1), ("worker", count, 200)):
        await fill(db, n, f"{label[:3]}{batch}.")
        rows, wall, cpu = await drain(db, batch)
        lines.append(f"| {name}, {label} | {rows} | {rows / wall:8.0f} | {1e6 * cpu / rows:6.0f} |")
    await db.dispose()
    return lines


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    count = 1000 if args.quick else 5000
    sqlite_url = f"sqlite+aiosqlite:///{Path(tempfile.mkdtemp()) / 'drain.db'}"
    lines = await measure("SQLite", sqlite_url, count)
    lines += await measure("PostgreSQL", await fresh_pg("vitrina_bench_drain"), count)
    print("| run | status rows | rows/s | CPU µs/row |")
    print("|---|---:|---:|---:|")
    print("\n".join(lines))


if __name__ == "__main__":
    asyncio.run(main())
