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
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import cpu_seconds, free_port, fresh_pg, percentile, start, stop, wait_http
from webhooks.intake import sign

SECRET = "bench-shopping-secret"  # noqa: S105 (a throwaway key of the benchmark)
PHONE_ID = "100000000000001"
CATALOG_ID = "300000000000001"
TURN_TIMEOUT = 30.0
THINK_MIN = 3.0  # a person reads the reply before tapping again


@dataclass
class GraphFake:
    """Records when each message to each shopper arrived; answers like Meta."""

    arrivals: dict[str, list[tuple[float, dict[str, Any]]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    waiters: dict[str, asyncio.Event] = field(default_factory=dict)
    seen_callbacks: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    counter: int = 0

    async def messages(self, request: web.Request) -> web.Response:
        at = time.perf_counter()
        body = await request.json()
        to = body.get("to", "")
        self.arrivals[to].append((at, body))
        if callback := body.get("biz_opaque_callback_data"):
            self.seen_callbacks[callback] += 1
        if event := self.waiters.get(to):
            event.set()
        self.counter += 1
        return web.json_response(
            {"messaging_product": "whatsapp", "messages": [{"id": f"wamid.B{self.counter}"}]}
        )

    async def templates(self, _request: web.Request) -> web.Response:
        return web.json_response({"data": []})

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/graph/{version}/{phone}/messages", self.messages)
        app.router.add_get("/graph/{version}/{waba}/message_templates", self.templates)
        return app


def envelope(wa_id: str, n: int, message: dict[str, Any]) -> bytes:
    item = {"from": wa_id, "id": f"wamid.IN{wa_id}{n}", "timestamp": str(int(time.time()))}
    item.update(message)
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "79000000000", "phone_number_id": PHONE_ID},
        "contacts": [{"profile": {"name": "Покупатель"}, "wa_id": wa_id}],
        "messages": [item],
    }
    change = {"field": "messages", "value": value}
    body = {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [change]}]}
    return json.dumps(body, ensure_ascii=False).encode()


def find_choice(replies: list[dict[str, Any]], title: str) -> dict[str, Any] | None:
    for body in reversed(replies):
        action = (body.get("interactive") or {}).get("action") or {}
        for button in action.get("buttons") or ():
            if button["reply"]["title"] == title:
                reply = button["reply"]
                return {
                    "type": "interactive",
                    "interactive": {"type": "button_reply", "button_reply": reply},
                }
        for section in action.get("sections") or ():
            for row in section.get("rows") or ():
                if row["title"] == title:
                    pick = {"id": row["id"], "title": row["title"]}
                    return {
                        "type": "interactive",
                        "interactive": {"type": "list_reply", "list_reply": pick},
                    }
    return None


async def wait_for_choice(fake: GraphFake, wa_id: str, title: str) -> None:
    """A turn's later replies (the one with the buttons) may trail its first one."""
    deadline = time.perf_counter() + TURN_TIMEOUT
    while time.perf_counter() < deadline:
        if find_choice([body for _, body in fake.arrivals[wa_id]], title) is not None:
            return
        await asyncio.sleep(0.05)


SCRIPT: list[tuple[str, Any]] = [
    ("text", "меню"),
    ("text", "чай"),
    ("cart", None),
    ("tap", "Оформить"),
    ("tap", "Самовывоз"),
    ("tap", "Тверская, 7"),
    ("tap", "На номер WhatsApp"),
    ("tap", "Подтвердить"),
]


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    lost: int = 0
    turns: int = 0
    cpu: float = 0.0  # seconds the service's processes used during the load


async def shopper(
    http: aiohttp.ClientSession, url: str, fake: GraphFake, wa_id: str, result: Result, think: float
) -> None:
    fake.waiters[wa_id] = asyncio.Event()
    for n, (kind, arg) in enumerate(SCRIPT):
        if kind == "tap":
            await wait_for_choice(fake, wa_id, arg)
        replies = [body for _, body in fake.arrivals[wa_id]]
        if kind == "text":
            message: dict[str, Any] | None = {"type": "text", "text": {"body": arg}}
        elif kind == "cart":
            items = [
                {"product_retailer_id": "TEA1", "quantity": 1, "item_price": 299, "currency": "RUB"}
            ]
            message = {"type": "order", "order": {"catalog_id": CATALOG_ID, "product_items": items}}
        else:
            message = find_choice(replies, arg)
        if message is None:
            result.lost += 1
            if os.environ.get("BENCH_DEBUG"):
                print("no", arg, "in", json.dumps(replies[-3:], ensure_ascii=False)[:1500])
            return
        await asyncio.sleep(random.uniform(THINK_MIN, think))
        before = len(fake.arrivals[wa_id])
        fake.waiters[wa_id].clear()
        body = envelope(wa_id, n, message)
        t0 = time.perf_counter()
        headers = {
            "X-Hub-Signature-256": sign(SECRET.encode(), body),
            "Content-Type": "application/json",
        }
        async with http.post(url, data=body, headers=headers) as response:
            response.raise_for_status()
        result.turns += 1
        deadline = t0 + TURN_TIMEOUT
        while len(fake.arrivals[wa_id]) == before:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                result.lost += 1
                return
            try:
                await asyncio.wait_for(fake.waiters[wa_id].wait(), remaining)
            except TimeoutError:
                continue
            fake.waiters[wa_id].clear()
        result.latencies.append(fake.arrivals[wa_id][before][0] - t0)
        await asyncio.sleep(0.3)  # let the rest of this turn's replies arrive


async def seed(url: str, count: int) -> None:
    from datetime import UTC, datetime

    from catalog.tables import CatalogProduct
    from shop.shopping.delivery import OPTIONS_KEY, POINTS_KEY
    from shop.storage.db import Database
    from shop.storage.tables import MerchantSetting

    now = datetime.now(UTC)
    db = Database(url)
    options = [{"id": "pickup", "kind": "pickup", "title": "Самовывоз", "price": "0"}]
    points = [
        {"id": "p1", "title": "Тверская, 7", "address": "Москва", "lat": 55.76, "lon": 37.61},
        {"id": "p2", "title": "Арбат, 24", "address": "Москва", "lat": 55.75, "lon": 37.59},
    ]
    async with db.transaction() as session:
        session.add(MerchantSetting(key=OPTIONS_KEY, value=json.dumps(options), updated_at=now))
        session.add(MerchantSetting(key=POINTS_KEY, value=json.dumps(points), updated_at=now))
        for i in range(count):
            retailer_id = "TEA1" if i == 0 else f"P{i:05d}"
            session.add(
                CatalogProduct(
                    retailer_id=retailer_id,
                    title="Чай чёрный" if i == 0 else f"Товар {i}",
                    price_amount=Decimal("299.00"),
                    availability="in stock",
                    condition="new",
                    quantity=None,
                    category=f"Категория {i % 12}",
                    content_hash="h" * 32,
                    synced_hash="h" * 32,
                    created_at=now,
                    updated_at=now,
                )
            )
    await db.dispose()


async def run_service(
    database_url: str, shoppers: int, think: float, *, split: bool = False
) -> tuple[Result, GraphFake]:
    fake = GraphFake()
    runner = web.AppRunner(fake.app(), access_log=None)
    await runner.setup()
    graph_port = free_port()
    await web.TCPSite(runner, "127.0.0.1", graph_port).start()
    port = free_port()
    env = {
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
    migrate = start(["-m", "shop", "db", "upgrade"], env)
    migrate.wait()
    await seed(database_url, 300)
    serve = ["-m", "shop", "serve", "--port", str(port), *(["--no-worker"] if split else [])]
    processes = [start(serve, env)]
    if split:  # the worker in a process of its own, woken by the web process's NOTIFY
        processes.append(start(["-m", "shop", "worker"], env))
    try:
        await wait_http(f"http://127.0.0.1:{port}/healthz", processes[0])
        if split:
            await wait_listening(database_url)
        before = sum(cpu_seconds(p.pid) for p in processes)
        result = await load(f"http://127.0.0.1:{port}/webhooks/whatsapp", fake, shoppers, think)
        result.cpu = sum(cpu_seconds(p.pid) for p in processes) - before
    finally:
        for process in processes:
            stop(process)
        await runner.cleanup()
    return result, fake


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


async def load(url: str, fake: GraphFake, shoppers: int, think: float) -> Result:
    result = Result()
    connector = aiohttp.TCPConnector(limit=200)
    async with aiohttp.ClientSession(connector=connector) as http:
        await asyncio.gather(
            *(shopper(http, url, fake, f"7900{i:07d}", result, think) for i in range(shoppers))
        )
    return result


async def run_bare(shoppers: int, think: float) -> Result:
    """The floor: webhook in, one Graph POST out, nothing in between."""
    fake = GraphFake()
    fake_runner = web.AppRunner(fake.app(), access_log=None)
    await fake_runner.setup()
    graph_port = free_port()
    await web.TCPSite(fake_runner, "127.0.0.1", graph_port).start()
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
                    for i in range(shoppers)
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
    ms = [x * 1000 for x in result.latencies]
    duplicates = sum(1 for n in (fake.seen_callbacks.values() if fake else ()) if n > 1)
    print(
        f"{name:<22} turns={result.turns:>5}  p50={percentile(ms, 0.5):7.1f} ms  "
        f"p99={percentile(ms, 0.99):7.1f} ms  max={max(ms, default=0):7.1f} ms  "
        f"lost={result.lost}  duplicated={duplicates}  "
        f"cpu/turn={1000 * result.cpu / max(result.turns, 1):.2f} ms"
    )


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
    args = parser.parse_args()
    global THINK_MIN
    THINK_MIN = min(args.think_min, args.think)
    shoppers = args.shoppers or (50 if args.quick else 500)
    backend = args.backend or ("sqlite" if args.quick else "both")
    print(
        f"{shoppers} shoppers, {len(SCRIPT)} turns each, "
        f"{THINK_MIN}–{args.think} s between a reply and the next tap"
    )
    report("bare baseline", await run_bare(shoppers, args.think))
    if backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.environ.get("BENCH_SQLITE_PATH") or f"{tmp}/bench.db"
            result, fake = await run_service(f"sqlite+aiosqlite:///{path}", shoppers, args.think)
            report("vitrina on SQLite", result, fake)
    if backend in ("postgresql", "both"):
        url = await fresh_pg(f"vitrina_bench_shopping_{os.getpid()}")
        result, fake = await run_service(url, shoppers, args.think)
        report("vitrina on PostgreSQL", result, fake)
        if args.split:
            url = await fresh_pg(f"vitrina_bench_shopping_split_{os.getpid()}")
            result, fake = await run_service(url, shoppers, args.think, split=True)
            report("PostgreSQL, web+worker", result, fake)


if __name__ == "__main__":
    import uvloop

    uvloop.run(main())
