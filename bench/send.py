"""Outbound sending: one sender against the sandbox at a ceiling of 1,000 messages/s.

Queues N text messages to N shoppers (windows open), runs one `Sender` until all are
accepted, and prints messages/s, the busiest calendar second as the sandbox recorded it
(must not exceed the ceiling), the sends the sandbox refused, and CPU per message of the
sender process. The baseline in the same run: the same Graph client posting the same number of
messages directly, without the outbox or the ceiling.

    python bench/send.py            # 10 000 messages, SQLite and PostgreSQL
    python bench/send.py --quick    # 2 000 messages
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

import httpx
import uvloop

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import free_port, fresh_pg, start, stop, wait_http
from shop.clock import SystemClock
from shop.settings import Settings
from shop.storage import migrations
from shop.storage.db import Database
from shop.whatsapp.dispatch import record_inbound
from shop.whatsapp.graph import GraphClient
from shop.whatsapp.messages import TextMessage
from shop.whatsapp.outbox import enqueue
from shop.whatsapp.ratelimit import SecondCounter
from shop.whatsapp.sender import Sender

CEILING = 1000
PHONE_ID = "100000000000001"


async def queue(db: Database, count: int) -> None:
    now = SystemClock().now()
    async with db.transaction() as session:
        for n in range(count):
            to = f"7999{n:07d}"
            await record_inbound(session, to, now)
            await enqueue(session, TextMessage(body=f"Сообщение {n}"), to=to, now=now)


async def control(base: str, method: str, path: str, body: object = None) -> object:
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        response = await client.request(method, f"/control/{path}", json=body)
        response.raise_for_status()
        return response.json() if response.content else None


def busiest_second(accepted: list[dict[str, str]]) -> int:
    seconds = Counter(int(datetime.fromisoformat(m["accepted_at"]).timestamp()) for m in accepted)
    return max(seconds.values())


async def run_sender(url: str, base: str, count: int) -> str:
    await control(base, "DELETE", "messages")
    db = Database(url)
    await queue(db, count)
    settings = Settings(
        database_url=url,
        whatsapp_graph_url=f"{base}/graph",
        whatsapp_phone_number_id=PHONE_ID,
        whatsapp_messages_per_second=CEILING,
    )
    graph = GraphClient(settings)
    sender = Sender(db, graph, SystemClock(), SecondCounter(CEILING), batch=500)
    cpu, began = time.process_time(), time.perf_counter()
    sent = 0
    while sent < count:
        handled = await sender.run_once()
        sent += handled
        if not handled:
            await asyncio.sleep(0.01)
    wall, cpu = time.perf_counter() - began, time.process_time() - cpu
    await graph.aclose()
    await db.dispose()
    accepted = await control(base, "GET", "messages")
    assert isinstance(accepted, list)
    return (
        f"| outbox sender, {url.split('+')[0]} | {len(accepted) / wall:8.0f} "
        f"| {busiest_second(accepted):5d} | {1e6 * cpu / count:6.0f} |"
    )


async def run_bare(base: str, count: int) -> str:
    """The same Graph client posting directly (no outbox, no ceiling), equally bounded."""
    await control(base, "DELETE", "messages")
    graph = GraphClient(
        Settings(whatsapp_graph_url=f"{base}/graph", whatsapp_phone_number_id=PHONE_ID)
    )
    in_flight = asyncio.Semaphore(64)

    async def post(n: int) -> None:
        async with in_flight:
            result = await graph.send(TextMessage(body=f"{n}").to_body(f"7998{n:07d}"))
            assert result.ok, result

    cpu, began = time.process_time(), time.perf_counter()
    await asyncio.gather(*(post(n) for n in range(count)))
    wall, cpu = time.perf_counter() - began, time.process_time() - cpu
    await graph.aclose()
    accepted = await control(base, "GET", "messages")
    assert isinstance(accepted, list)
    return (
        f"| bare Graph client posts (no outbox, no ceiling) | {len(accepted) / wall:8.0f} "
        f"| {busiest_second(accepted):5d} | {1e6 * cpu / count:6.0f} |"
    )


async def main(count: int, backends: list[str], port: int) -> None:
    base = f"http://127.0.0.1:{port}"
    rows = []
    await control(base, "POST", "config", {"messages_per_second": 100000, "statuses": False})
    rows.append(await run_bare(base, count))
    await control(base, "POST", "config", {"messages_per_second": CEILING})
    for url in backends:
        rows.append(await run_sender(url, base, count))
    print(f"{count} messages to {count} shoppers, ceiling {CEILING}/s, sandbox on loopback")
    print("| sender | msgs/s | busiest second | CPU µs/msg |")
    print("|---|---:|---:|---:|")
    print("\n".join(rows))


def prepare(backend: str) -> str:
    if backend == "sqlite":
        url = f"sqlite+aiosqlite:///{Path(tempfile.mkdtemp(prefix='vitrina-send-')) / 'send.db'}"
    else:
        url = asyncio.run(fresh_pg("vitrina_bench_send"))
    migrations.upgrade(url)
    return url


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    args = parser.parse_args()
    names = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    urls = [prepare(name) for name in names]
    sandbox_port = free_port()
    process = start(["bench/_sandbox.py", str(sandbox_port)])
    try:
        uvloop.run(wait_http(f"http://127.0.0.1:{sandbox_port}/control/config", process))
        uvloop.run(main(2000 if args.quick else 10000, urls, sandbox_port))
    finally:
        stop(process)
