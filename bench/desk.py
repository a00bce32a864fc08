"""The operator desk at size: 10 000 chats and 1 000 000 transcript lines on PostgreSQL.

`--part query` measures, through the code the pages and API use (`shop.desk.inbox`):
- the inbox's first page (every chat, waiting first, with each row's last message), and the
  waiting chats only;
- a chat's transcript (its last 100 lines with the outbox's ticks) for random chats;
next to, in the same run, the very statements the code sent replayed over bare asyncpg (the
same rows; what is left is the database's own time) and a bare index read of rows of the
same kind (no ordering by state, no join): the baselines. `--explain` prints the plans of the
code's statements (EXPLAIN ANALYZE, BUFFERS).

`--part live` measures a webhook's way to the operator's open page (`bench/_desk_live.py`):
a signed webhook POSTed to `shop serve` until the `change` event arrives on the inbox's open
live feed, against the bare handler answering the same body 200.

    python bench/desk.py                          # both parts: 10 000 chats, 200 webhooks
    python bench/desk.py --quick                  # 1 000 chats
    python bench/desk.py --part live --webhooks 50
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
from sqlalchemy import event, text

from bench import _desk_live as live
from bench._common import fresh_pg, load_line, percentile, ratio
from shop.desk.inbox import InboxQuery, inbox, latest_change, transcript
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


Statement = tuple[str, tuple[Any, ...]]


async def captured(db: Database, run: Callable[[], Awaitable[Any]]) -> list[Statement]:
    """The statements, with their parameters, that one call of `run` sends to PostgreSQL."""
    seen: list[Statement] = []

    def grab(_c: Any, _cursor: Any, statement: str, params: Any, _x: Any, _many: bool) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            seen.append((statement, tuple(params or ())))

    event.listen(db.engine.sync_engine, "before_cursor_execute", grab)
    try:
        await run()
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", grab)
    return seen


async def replay(raw: asyncpg.Connection, statements: list[Statement]) -> None:
    for statement, params in statements:
        await raw.fetch(statement, *params)


async def explain(raw: asyncpg.Connection, name: str, statements: list[Statement]) -> None:
    for statement, params in statements:
        plan = await raw.fetch(f"EXPLAIN (ANALYZE, BUFFERS) {statement}", *params)
        print(f"\n-- {name}\n{statement}\n" + "\n".join(row[0] for row in plan))


async def measure(
    db: Database, url: str, chats: int, show_plans: bool
) -> list[tuple[str, tuple[float, float]]]:
    raw = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    picks = [str(79000000000 + random.randint(1, chats)) for _ in range(RUNS + 1)]

    async def page(query: InboxQuery) -> None:
        async with db.sessions() as session:
            await inbox(session, query)

    async def chat() -> None:
        async with db.sessions() as session:
            await transcript(session, random.choice(picks))

    async def look() -> None:  # what every open live feed runs after each desk change
        async with db.sessions() as session:
            await latest_change(session)

    async def bare_page() -> None:
        await raw.fetch("SELECT * FROM shop_chat ORDER BY id DESC LIMIT 50")

    async def bare_chat() -> None:
        await raw.fetch(
            "SELECT * FROM desk_message WHERE wa_id = $1 ORDER BY id DESC LIMIT 100",
            random.choice(picks),
        )

    every = await captured(db, lambda: page(InboxQuery()))
    waiting = await captured(db, lambda: page(InboxQuery(state=DeskState.WAITING)))
    one_chat = await captured(db, chat)
    if show_plans:
        for name, statements in (("inbox", every), ("waiting", waiting), ("chat", one_chat)):
            await explain(raw, name, statements)
    figures = [
        ("inbox, first page of every chat", await timed(lambda: page(InboxQuery()))),
        ("same statements, bare asyncpg", await timed(lambda: replay(raw, every))),
        ("inbox, waiting only", await timed(lambda: page(InboxQuery(state=DeskState.WAITING)))),
        ("same statements, bare asyncpg", await timed(lambda: replay(raw, waiting))),
        ("bare: 50 chats by id", await timed(bare_page)),
        ("a chat's last 100 lines", await timed(chat)),
        ("same statements (one chat), bare asyncpg", await timed(lambda: replay(raw, one_chat))),
        ("bare: 100 lines of a chat", await timed(bare_chat)),
        ("the live feed's look (newest line and change, number waiting)", await timed(look)),
    ]
    await raw.close()
    return figures


async def queries(chats: int, show_plans: bool) -> None:
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
        figures = await measure(db, url, chats, show_plans)
        print("| query | p50 ms | p99 ms |\n|---|---:|---:|")
        for name, (p50, p99) in figures:
            print(f"| {name} | {p50:.2f} | {p99:.2f} |")
        print(load_line("after"))
    finally:
        await db.dispose()


async def webhook_to_page(count: int) -> None:
    print(f"{count} webhooks, one at a time; {load_line('before')}")
    baseline = await live.bare(count)
    base50, base99 = percentile(baseline, 0.5) * 1000, percentile(baseline, 0.99) * 1000
    print("| target | p50 ms | p99 ms | p50 of bare | p99 of bare |\n|---|---:|---:|---:|---:|")
    print(f"| bare handler: POST → 200 | {base50:.1f} | {base99:.1f} | 1× | 1× |")
    for split in (False, True):
        timings = await live.service(count, split=split)
        how = "web + worker (NOTIFY)" if split else "one process"
        for what, values in (("POST → 200", timings.acked), ("POST → event", timings.shown)):
            p50, p99 = timings.ms(values)
            print(
                f"| {how}: {what} | {p50:.1f} | {p99:.1f} "
                f"| {ratio(p50, base50)} | {ratio(p99, base99)} |"
            )
    print(load_line("after"))


async def main(args: argparse.Namespace) -> None:
    if args.part in ("query", "both"):
        await queries(1_000 if args.quick else 10_000, args.explain)
    if args.part in ("live", "both"):
        await webhook_to_page(args.webhooks)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--part", choices=("query", "live", "both"), default="both")
    parser.add_argument("--webhooks", type=int, default=200)
    parser.add_argument("--explain", action="store_true")
    asyncio.run(main(parser.parse_args()))
