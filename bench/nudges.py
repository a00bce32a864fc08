"""Reminders at scale: finding due carts among many, and dispatching them with two workers.

Fills a fresh database with N chats and carts (1 000 000 on PostgreSQL, 100 000 on SQLite by
default) of which 1% are due for a reminder, then measures:

- the scheduler's due query (partial index on `nudge_check_at`), next to the same query
  written so that no index can serve it, in the same run: the full-scan baseline;
- dispatching 10 000 due reminders with two worker processes at once (one on SQLite):
  time, and that each (cart, step) was claimed and queued exactly once.

    python bench/nudges.py --quick      # 20 000 carts, SQLite only
    python bench/nudges.py              # 100 000 on SQLite, 1 000 000 on PostgreSQL
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text

from bench._common import fresh_pg, load_line
from shop.clock import FrozenClock
from shop.reminders.config import default_config
from shop.reminders.scheduler import NudgeScheduler
from shop.settings import Settings
from shop.storage import migrations
from shop.storage.db import Database
from shop.whatsapp.service import OutboxEnqueue

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # 12:00 in Moscow: outside quiet hours
DUE_SHARE = 100  # one cart in a hundred is due
WORKERS = 2  # worker processes on PostgreSQL (SQLite runs one)
TEMPLATE = {
    "name": "cart_reminder",
    "components": [
        {"type": "BODY", "text": "{{1}}, в корзине товаров на {{2}}"},
        {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY"}, {"type": "QUICK_REPLY"}]},
    ],
}


def rows(count: int, due: int) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    chats, carts = [], []
    idle = NOW - timedelta(hours=2)
    for i in range(1, count + 1):
        last = idle if i <= due else NOW - timedelta(minutes=5)
        chats.append((i, "100", f"79{i:09d}", "ru", "menu", "{}", last, last))
        check = NOW - timedelta(minutes=1) if i <= due else NOW + timedelta(hours=(i % 48) + 1)
        carts.append((i, i, 1, "RUB", last, 2, 59800, check))
    return chats, carts


CHAT_SQL = (
    "INSERT INTO shop_chat (id, business, wa_id, locale, state, context, last_inbound_at, "
    "updated_at) VALUES ({})"
)
CART_SQL = (
    "INSERT INTO shop_cart (id, chat_id, version, currency, changed_at, lines_count, "
    "total_minor, nudge_check_at) VALUES ({})"
)


async def fill(db: Database, count: int, due: int) -> None:
    chats, carts = rows(count, due)
    consents = [
        (f"79{i:09d}", "marketing", "granted", "chat_button", NOW - timedelta(days=1), NOW)
        for i in range(1, due + 1)
    ]
    if db.dialect == "postgresql":
        raw = await db.engine.raw_connection()
        try:
            conn = raw.driver_connection
            assert conn is not None
            await conn.copy_records_to_table(
                "shop_chat",
                records=chats,
                columns=[
                    "id",
                    "business",
                    "wa_id",
                    "locale",
                    "state",
                    "context",
                    "last_inbound_at",
                    "updated_at",
                ],
            )
            await conn.copy_records_to_table(
                "shop_cart",
                records=carts,
                columns=[
                    "id",
                    "chat_id",
                    "version",
                    "currency",
                    "changed_at",
                    "lines_count",
                    "total_minor",
                    "nudge_check_at",
                ],
            )
            await conn.copy_records_to_table(
                "consent_event",
                records=consents,
                columns=["shopper", "purpose", "kind", "source", "occurred_at", "recorded_at"],
            )
            await conn.execute("ANALYZE")
        finally:
            raw.close()
    else:
        async with db.connection() as conn:
            await conn.exec_driver_sql(CHAT_SQL.format(",".join("?" * 8)), chats)
            await conn.exec_driver_sql(CART_SQL.format(",".join("?" * 8)), carts)
            await conn.exec_driver_sql(
                "INSERT INTO consent_event (shopper, purpose, kind, source, occurred_at, "
                "recorded_at) VALUES (?,?,?,?,?,?)",
                consents,
            )
    async with db.connection() as conn:
        await conn.execute(
            text(
                "INSERT INTO wa_template (name, language, category, status, parameter_format, "
                "components, updated_at) VALUES ('cart_reminder', 'ru', 'MARKETING', 'APPROVED', "
                "'POSITIONAL', :c, :t)"
            ),
            {"c": json.dumps(TEMPLATE["components"]), "t": NOW},
        )


async def timed_query(db: Database, sql: str, runs: int = 20, setup: tuple[str, ...] = ()) -> float:
    best = float("inf")
    async with db.engine.connect() as conn:
        for statement in setup:
            await conn.exec_driver_sql(statement)
        for _ in range(runs):
            start = time.perf_counter()
            await conn.execute(text(sql), {"now": NOW})
            best = min(best, time.perf_counter() - start)
    return best * 1000


DUE_SQL = (
    "SELECT id FROM shop_cart WHERE nudge_check_at IS NOT NULL AND nudge_check_at <= :now "
    "ORDER BY nudge_check_at LIMIT 200"
)
# The baseline on PostgreSQL: the same query with index scans switched off for the session.
NO_INDEX = (
    "SET enable_indexscan = off",
    "SET enable_bitmapscan = off",
    "SET enable_indexonlyscan = off",
)
SCAN_SQLITE = (
    "SELECT id FROM shop_cart NOT INDEXED WHERE nudge_check_at IS NOT NULL AND "
    "nudge_check_at <= :now ORDER BY nudge_check_at LIMIT 200"
)


def _scheduler(url: str) -> tuple[Database, NudgeScheduler]:
    clock = FrozenClock(NOW)
    config = default_config(Settings(database_url=url, _env_file=None))  # type: ignore[call-arg]
    db = Database(url)
    # The outbox's own batch enqueue; without the desk's transcript hook, as in earlier rounds.
    enqueue = OutboxEnqueue(clock)
    return db, NudgeScheduler(db=db, clock=clock, enqueue=enqueue, config=config)


async def _drain(url: str) -> tuple[float, float, int]:
    """One worker's share: (wall-clock start, end, reminders handled)."""
    db, worker = _scheduler(url)
    async with db.engine.connect() as conn:  # connected before the clock starts
        await conn.execute(text("SELECT 1"))
    began, done = time.time(), 0
    while handled := await worker.run_once():
        done += handled
    ended = time.time()
    await db.dispose()
    return began, ended, done


def _worker_process(url: str) -> tuple[float, float, int]:
    return asyncio.run(_drain(url))


async def dispatch(url: str, workers: int) -> tuple[float, int, int, int]:
    """`workers` worker processes (SQLite: one, in this process) drain the due carts."""
    if url.startswith("sqlite"):
        spans = [await _drain(url)]
    else:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            loop = asyncio.get_running_loop()
            futures = [loop.run_in_executor(pool, _worker_process, url) for _ in range(workers)]
            spans = list(await asyncio.gather(*futures))
    seconds = max(end for _, end, _ in spans) - min(start for start, _, _ in spans)
    db = Database(url)
    async with db.engine.connect() as conn:
        claims = (await conn.execute(text("SELECT count(*) FROM nudge_send"))).scalar_one()
        distinct = (
            await conn.execute(
                text(
                    "SELECT count(*) FROM "
                    "(SELECT DISTINCT cart_id, episode_at, step FROM nudge_send) d"
                )
            )
        ).scalar_one()
        queued = (
            await conn.execute(text("SELECT count(*) FROM wa_outbox WHERE kind = 'template'"))
        ).scalar_one()
    await db.dispose()
    return seconds, int(claims), int(distinct), int(queued)


async def run(name: str, url: str, count: int) -> None:
    await asyncio.to_thread(migrations.upgrade, url)
    due = count // DUE_SHARE
    db = Database(url)
    start = time.perf_counter()
    await fill(db, count, due)
    filled = time.perf_counter() - start
    indexed = await timed_query(db, DUE_SQL)
    if db.is_sqlite:
        scan = await timed_query(db, SCAN_SQLITE, runs=3)
    else:
        # A new statement text: asyncpg would otherwise reuse the plan prepared for DUE_SQL.
        scan = await timed_query(db, DUE_SQL + " -- no index", runs=3, setup=NO_INDEX)
    await db.dispose()
    workers = 1 if url.startswith("sqlite") else WORKERS
    seconds, claims, distinct, queued = await dispatch(url, workers)
    print(f"{name}: {count:,} carts ({due:,} due), filled in {filled:.1f} s".replace(",", " "))
    print(f"  due query (partial index): {indexed:8.2f} ms    full scan baseline: {scan:8.2f} ms")
    print(
        f"  dispatch of {due:,} with {workers} worker process(es): {seconds:.1f} s, "
        f"{due / seconds:,.0f}/s; "
        f"claims {claims:,}, distinct {distinct:,}, queued messages {queued:,}".replace(",", " ")
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--sqlite-carts", type=int, default=100_000)
    parser.add_argument("--pg-carts", type=int, default=1_000_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args()
    print(load_line("before"))
    if args.quick or args.backend != "postgresql":
        with tempfile.TemporaryDirectory() as tmp:
            count = 20_000 if args.quick else args.sqlite_carts
            await run("SQLite", f"sqlite+aiosqlite:///{tmp}/nudges.db", count)
    if not args.quick and args.backend != "sqlite":
        url = await fresh_pg(f"vitrina_bench_nudges_{os.getpid()}")
        await run("PostgreSQL", url, args.pg_carts)
    print(load_line("after"))


if __name__ == "__main__":
    asyncio.run(main())
