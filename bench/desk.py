"""The operator desk at size: 10 000 chats and 1 000 000 transcript lines on PostgreSQL.

Measures, through the code the pages and API use (`shop.desk.inbox`):
- the inbox's first page (every chat, waiting first, with each row's last message), and the
  waiting chats only;
- a chat's transcript (its last 100 lines with the outbox's ticks) for random chats;
next to a bare query of the same rows in the same run (asyncpg, no ordering by state, no
join): the baseline.

    python bench/desk.py            # 10 000 chats, 100 lines each
    python bench/desk.py --quick    # 1 000 chats
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import asyncpg
from sqlalchemy import text

from bench._common import fresh_pg, load_line, percentile
from shop.desk.inbox import InboxQuery, inbox, transcript
from shop.desk.states import DeskState
from shop.storage import migrations
from shop.storage.db import Database

LINES_PER_CHAT = 100
RUNS = 200

FILL = [
    """INSERT INTO shop_chat (business, wa_id, name, locale, state, context, updated_at,
       last_inbound_at)
       SELECT 'b', (79000000000 + n)::text, 'Покупатель ' || n, 'ru', 'menu', '{}',
              now() - n * interval '1 minute', now() - n * interval '1 minute'
       FROM generate_series(1, :chats) AS n""",
    """INSERT INTO desk_message (wa_id, at, direction, kind, text, data)
       SELECT (79000000000 + c)::text, now() - (c * 100 + l) * interval '1 second',
              CASE WHEN l % 2 = 0 THEN 'in' ELSE 'out' END, 'text',
              'Сообщение ' || l || ' чата ' || c, '{}'
       FROM generate_series(1, :chats) AS c, generate_series(1, :lines) AS l""",
    """INSERT INTO desk_chat (chat_id, state, group_key, assignee, waiting_since, updated_at)
       SELECT id, CASE WHEN id % 30 = 0 THEN 'waiting' WHEN id % 30 = 1 THEN 'assigned'
                       ELSE 'closed' END,
              'sales', CASE WHEN id % 30 = 1 THEN 'ivan' END, now(), now()
       FROM shop_chat WHERE id % 10 = 0 OR id % 30 = 1""",
    "ANALYZE",
]


async def fill(db: Database, chats: int) -> None:
    async with db.connection() as conn:
        for statement in FILL:
            await conn.execute(text(statement), {"chats": chats, "lines": LINES_PER_CHAT})


async def timed(run: Callable[[], Awaitable[Any]]) -> tuple[float, float]:
    await run()  # warm
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        await run()
        times.append((time.perf_counter() - start) * 1000)
    return percentile(times, 0.5), percentile(times, 0.99)


async def measure(db: Database, url: str, chats: int) -> list[tuple[str, tuple[float, float]]]:
    raw = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    picks = [str(79000000000 + random.randint(1, chats)) for _ in range(RUNS + 1)]

    async def page(query: InboxQuery) -> None:
        async with db.sessions() as session:
            await inbox(session, query)

    async def chat() -> None:
        async with db.sessions() as session:
            await transcript(session, random.choice(picks))

    async def bare_page() -> None:
        await raw.fetch("SELECT * FROM shop_chat ORDER BY id DESC LIMIT 50")

    async def bare_chat() -> None:
        await raw.fetch(
            "SELECT * FROM desk_message WHERE wa_id = $1 ORDER BY id DESC LIMIT 100",
            random.choice(picks),
        )

    figures = [
        ("inbox, first page of every chat", await timed(lambda: page(InboxQuery()))),
        ("inbox, waiting only", await timed(lambda: page(InboxQuery(state=DeskState.WAITING)))),
        ("bare: 50 chats by id", await timed(bare_page)),
        ("a chat's last 100 lines", await timed(chat)),
        ("bare: 100 lines of a chat", await timed(bare_chat)),
    ]
    await raw.close()
    return figures


async def main(quick: bool) -> None:
    chats = 1_000 if quick else 10_000
    url = await fresh_pg(f"vitrina_bench_desk_{os.getpid()}")
    await asyncio.to_thread(migrations.upgrade, url)
    db = Database(url)
    try:
        started = time.perf_counter()
        await fill(db, chats)
        print(
            f"{chats} chats, {chats * LINES_PER_CHAT} lines filled in "
            f"{time.perf_counter() - started:.1f} s; {load_line('before')}"
        )
        print("| query | p50 ms | p99 ms |\n|---|---:|---:|")
        for name, (p50, p99) in await measure(db, url, chats):
            print(f"| {name} | {p50:.2f} | {p99:.2f} |")
        print(load_line("after"))
    finally:
        await db.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    asyncio.run(main(parser.parse_args().quick))
