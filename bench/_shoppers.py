"""Simulated shoppers and a Graph fake that records their replies (shared by the benchmarks).

A shopper walks through a purchase (menu → search → native cart → checkout → pickup →
contact → confirm) by posting signed webhooks, each turn waiting for the first reply at the
Graph fake. Latency is measured on one clock, in this process: from just before the webhook
POST to the Graph request that carries the reply.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import count
from typing import Any

import aiohttp
from aiohttp import web

from bench._common import percentile
from webhooks.intake import sign

SECRET = "bench-shopping-secret"  # noqa: S105 (a throwaway key of the benchmark)
PHONE_ID = "100000000000001"
CATALOG_ID = "300000000000001"
TURN_TIMEOUT = 30.0
THINK_MIN = 3.0  # a person reads the reply before tapping again


@dataclass
class GraphFake:
    """Records when each message to each shopper arrived; answers like Meta.

    With `upstream` (another Graph fake's base URL, such as the sandbox's), every request but
    `/messages` is passed on to it: the catalog and the templates live there."""

    upstream: str | None = None
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

    async def passed_on(self, request: web.Request) -> web.Response:
        assert self.upstream is not None
        headers = {k: v for k, v in request.headers.items() if k.lower() in PASSED_HEADERS}
        async with (
            aiohttp.ClientSession() as http,
            http.request(
                request.method,
                f"{self.upstream}/{request.match_info['rest']}",
                params=request.query,
                data=await request.read(),
                headers=headers,
            ) as answer,
        ):
            return web.Response(
                status=answer.status, body=await answer.read(), content_type=answer.content_type
            )

    def duplicates(self) -> int:
        """Messages (by the outbox id they carry) that reached Meta more than once."""
        return sum(1 for n in self.seen_callbacks.values() if n > 1)

    def app(self) -> web.Application:
        app = web.Application(client_max_size=64 * 1024**2)
        app.router.add_post("/graph/{version}/{phone}/messages", self.messages)
        if self.upstream is None:
            app.router.add_get("/graph/{version}/{waba}/message_templates", self.templates)
        else:
            app.router.add_route("*", "/graph/{rest:.*}", self.passed_on)
        return app


PASSED_HEADERS = {"authorization", "content-type"}


@dataclass(frozen=True)
class Shop:
    """Where the shoppers post their webhooks, signed with what, for which number."""

    webhook_url: str
    secret: str = SECRET
    phone_id: str = PHONE_ID
    catalog_id: str = CATALOG_ID


def envelope(wa_id: str, n: int, message: dict[str, Any], phone_id: str = PHONE_ID) -> bytes:
    item = {"from": wa_id, "id": f"wamid.IN{wa_id}{n}", "timestamp": str(int(time.time()))}
    item.update(message)
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "79000000000", "phone_number_id": phone_id},
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


async def wait_for_choice(fake: GraphFake, wa_id: str, title: str, since: int = 0) -> None:
    """A turn's later replies (the one with the buttons) may trail its first one."""
    deadline = time.perf_counter() + TURN_TIMEOUT
    while time.perf_counter() < deadline:
        replies = [body for _, body in fake.arrivals[wa_id][since:]]
        if find_choice(replies, title) is not None:
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
    sent_at: list[float] = field(default_factory=list)  # when each latency's turn began
    lost: int = 0
    lost_at: list[float] = field(default_factory=list)
    turns: int = 0  # webhooks acknowledged (200)
    purchases: int = 0  # walks through the whole script
    cpu: float = 0.0  # seconds the service's processes used during the load

    def between(self, start: float, end: float) -> Result:
        """The turns that began in [start, end)."""
        part = Result()
        for at, latency in zip(self.sent_at, self.latencies, strict=True):
            if start <= at < end:
                part.latencies.append(latency)
                part.sent_at.append(at)
        part.lost_at = [at for at in self.lost_at if start <= at < end]
        part.lost = len(part.lost_at)
        part.turns = len(part.latencies) + part.lost
        return part

    def line(self, name: str, fake: GraphFake | None = None) -> str:
        ms = [x * 1000 for x in self.latencies]
        return (
            f"{name:<22} turns={self.turns:>5}  p50={percentile(ms, 0.5):7.1f} ms  "
            f"p99={percentile(ms, 0.99):7.1f} ms  max={max(ms, default=0):7.1f} ms  "
            f"lost={self.lost}  duplicated={fake.duplicates() if fake else 0}  "
            f"cpu/turn={1000 * self.cpu / max(self.turns, 1):.2f} ms"
        )


async def walk(
    http: aiohttp.ClientSession,
    shop: Shop,
    fake: GraphFake,
    wa_id: str,
    result: Result,
    think: tuple[float, float],
    numbers: count[int],
    until: float | None = None,
) -> bool:
    """One purchase through SCRIPT; False when a turn got no reply (counted as lost), the
    choice to tap never came, or `until` passed (no new turn begins after it). `numbers`
    makes each message id new."""
    event = fake.waiters.setdefault(wa_id, asyncio.Event())
    start = len(fake.arrivals[wa_id])
    for kind, arg in SCRIPT:
        if kind == "tap":
            await wait_for_choice(fake, wa_id, arg, start)
        replies = [body for _, body in fake.arrivals[wa_id][start:]]
        if kind == "text":
            message: dict[str, Any] | None = {"type": "text", "text": {"body": arg}}
        elif kind == "cart":
            items = [
                {"product_retailer_id": "TEA1", "quantity": 1, "item_price": 299, "currency": "RUB"}
            ]
            order = {"catalog_id": shop.catalog_id, "product_items": items}
            message = {"type": "order", "order": order}
        else:
            message = find_choice(replies, arg)
        if message is None:
            result.lost += 1
            result.lost_at.append(time.perf_counter())
            if os.environ.get("BENCH_DEBUG"):
                print("no", arg, "in", json.dumps(replies[-3:], ensure_ascii=False)[:1500])
            return False
        await asyncio.sleep(random.uniform(*think))
        if until is not None and time.perf_counter() >= until:
            return False
        before = len(fake.arrivals[wa_id])
        event.clear()
        body = envelope(wa_id, next(numbers), message, shop.phone_id)
        t0 = time.perf_counter()
        headers = {
            "X-Hub-Signature-256": sign(shop.secret.encode(), body),
            "Content-Type": "application/json",
        }
        async with http.post(shop.webhook_url, data=body, headers=headers) as response:
            response.raise_for_status()
        result.turns += 1
        deadline = t0 + TURN_TIMEOUT
        while len(fake.arrivals[wa_id]) == before:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                result.lost += 1
                result.lost_at.append(t0)
                return False
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                continue
            event.clear()
        result.latencies.append(fake.arrivals[wa_id][before][0] - t0)
        result.sent_at.append(t0)
        await asyncio.sleep(0.3)  # let the rest of this turn's replies arrive
    result.purchases += 1
    return True


async def shoppers(
    shop: Shop,
    fake: GraphFake,
    count_: int,
    think: tuple[float, float],
    *,
    prefix: str = "7900",
    until: float | None = None,
) -> Result:
    """`count_` shoppers at once, each walking the script once, or again and again until
    `until` (a `time.perf_counter()` instant) when it is given."""
    result = Result()

    async def one(wa_id: str) -> None:
        numbers = count()
        while True:
            await walk(http, shop, fake, wa_id, result, think, numbers, until)
            if until is None or time.perf_counter() >= until:
                return

    connector = aiohttp.TCPConnector(limit=200)
    async with aiohttp.ClientSession(connector=connector) as http:
        await asyncio.gather(*(one(f"{prefix}{i:07d}") for i in range(count_)))
    return result


async def start_fake(fake: GraphFake, port: int) -> web.AppRunner:
    runner = web.AppRunner(fake.app(), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner


async def seed(url: str, count: int) -> None:
    """The delivery settings and `count` products, TEA1 («Чай чёрный») the one bought."""
    from datetime import UTC, datetime

    from catalog.tables import CatalogProduct
    from shop.delivery.options import OPTIONS_KEY, POINTS_KEY
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
