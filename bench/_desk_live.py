"""Webhook → the operator's open page, for `bench/desk.py --part live`.

`shop serve` runs in production mode on a fresh PostgreSQL with the sandbox (its own process)
as the Graph API: as one process (web and worker), and as a web process beside a `shop
worker`, where the desk change reaches the page's process through LISTEN/NOTIFY. The script
signs in as the owner and keeps the inbox's live feed (`/admin/chats/events`) open as the
desk's page does. Shoppers first ask for a person (not timed), so the bot is silent after;
then each signed webhook is a shopper's text, POSTed and timed until the feed's `change`
event names a newer transcript line than the one before. One webhook at a time, so each
event belongs to its webhook, and a little more than the feed's least gap between two looks
apart (`MIN_GAP_SECONDS`: a burst is told a few times a second, not once per message), so
each one times a message that comes to a quiet desk. Baseline in the same run: the bare
aiohttp handler (`bench/_bare.py`) answering the same signed bodies with 200.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import aiohttp

from bench._common import free_port, fresh_pg, percentile, start, stop, wait_http
from shop.web.admin.desk import MIN_GAP_SECONDS
from webhooks.intake import sign

SECRET = "bench-desk-app-secret-0123456789"  # noqa: S105 (a throwaway key of the benchmark)
ADMIN = "bench-desk-admin-token-0123456789"
PHONE_ID = "100000000000001"
SHOPPERS = 20
PACE_S = MIN_GAP_SECONDS + 0.05  # from an event to the next webhook
GUARD_S = 60.0  # a webhook whose event never comes stops the run instead of hanging it
PRODUCTION = {  # production mode: the feed's page needs a signed-in owner, as in a shop
    "WHATSAPP_ACCESS_TOKEN": "bench-access-token",
    "WHATSAPP_PHONE_NUMBER_ID": PHONE_ID,
    "WHATSAPP_BUSINESS_ACCOUNT_ID": "200000000000001",
    "WHATSAPP_VERIFY_TOKEN": "bench-verify-token",
    "WHATSAPP_APP_SECRET": SECRET,
    "ADMIN_TOKEN": ADMIN,
    "YOOKASSA_SHOP_ID": "100500",
    "YOOKASSA_SECRET_KEY": "bench-yookassa-secret-key",
    "LOG_LEVEL": "WARNING",
}


@dataclass
class Timings:
    """Seconds from each POST to its 200 and to its event on the feed."""

    acked: list[float] = field(default_factory=list)
    shown: list[float] = field(default_factory=list)

    def ms(self, values: list[float]) -> tuple[float, float]:
        return percentile(values, 0.5) * 1000, percentile(values, 0.99) * 1000


def inbound(n: int, text: str, tag: str) -> tuple[bytes, str]:
    """A signed webhook of shopper `n % SHOPPERS`'s text, as Meta sends it."""
    wa_id = f"7999{n % SHOPPERS:07d}"
    message = {
        "from": wa_id,
        "id": f"wamid.bench.desk.{tag}.{n}",
        "timestamp": str(int(time.time())),
        "type": "text",
        "text": {"body": text},
    }
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "79000000000", "phone_number_id": PHONE_ID},
        "contacts": [{"profile": {"name": f"Покупатель {n % SHOPPERS}"}, "wa_id": wa_id}],
        "messages": [message],
    }
    envelope = {
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": value}]}],
    }
    body = json.dumps(envelope, ensure_ascii=False).encode()
    return body, sign(SECRET.encode(), body)


async def post(http: aiohttp.ClientSession, url: str, signed: tuple[bytes, str]) -> None:
    body, signature = signed
    headers = {"X-Hub-Signature-256": signature, "Content-Type": "application/json"}
    async with http.post(url, data=body, headers=headers) as response:
        await response.read()
        if response.status != 200:
            raise RuntimeError(f"webhook answered {response.status}")


async def bare(count: int) -> list[float]:
    """The baseline: the same kind of signed body answered 200 by a bare aiohttp handler."""
    port = free_port()
    process = start(["bench/_bare.py", str(port)])
    times = []
    try:
        await wait_http(f"http://127.0.0.1:{port}/healthz", process)
        async with aiohttp.ClientSession() as http:
            url = f"http://127.0.0.1:{port}/webhooks/whatsapp"
            for n in range(count + SHOPPERS):
                signed = inbound(n, "Здравствуйте, где мой заказ?", "bare")
                began = time.perf_counter()
                await post(http, url, signed)
                if n >= SHOPPERS:  # the same warm-up as the service's
                    times.append(time.perf_counter() - began)
    finally:
        stop(process)
    return times


@asynccontextmanager
async def shop(split: bool) -> AsyncIterator[str]:
    """`shop serve` (and a `shop worker` if `split`) on a fresh database; its base URL."""
    url = await fresh_pg("vitrina_bench_desk_live")
    start(["-m", "shop", "db", "upgrade"], {"DATABASE_URL": url}).wait()
    graph_port, port = free_port(), free_port()
    processes: list[subprocess.Popen[bytes]] = [start(["bench/_sandbox.py", str(graph_port)])]
    env = {
        **PRODUCTION,
        "DATABASE_URL": url,
        "WHATSAPP_GRAPH_URL": f"http://127.0.0.1:{graph_port}/graph",
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
    }
    serve = ["-m", "shop", "serve", "--port", str(port), "--workers", "1"]
    processes.append(start([*serve, "--no-worker"] if split else serve, env))
    if split:
        processes.append(start(["-m", "shop", "worker"], env))
    try:
        await wait_http(f"http://127.0.0.1:{graph_port}/control/messages", processes[0])
        await wait_http(f"http://127.0.0.1:{port}/healthz", processes[1])
        yield f"http://127.0.0.1:{port}"
    finally:
        for process in reversed(processes):
            stop(process)


async def sign_in(http: aiohttp.ClientSession, base: str) -> None:
    page = await (await http.get(f"{base}/admin/login")).text()
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    if found is None:
        raise RuntimeError("no sign-in form")
    form = {"csrf": found.group(1), "name": "", "token": ADMIN, "next": "/admin"}
    async with http.post(f"{base}/admin/login", data=form, allow_redirects=False) as answer:
        if answer.status != 303:
            raise RuntimeError(f"sign-in answered {answer.status}")


async def read_feed(feed: aiohttp.ClientResponse, events: asyncio.Queue[tuple[float, int]]) -> None:
    """Each `change` event's arrival time and newest line, as the page's script gets them."""
    name = ""
    async for raw in feed.content:
        line = raw.decode().rstrip("\n")
        if line.startswith("event: "):
            name = line.removeprefix("event: ")
        elif line.startswith("data: ") and name == "change":
            data = json.loads(line.removeprefix("data: "))
            await events.put((time.perf_counter(), int(data.get("line") or 0)))


async def next_line(events: asyncio.Queue[tuple[float, int]], after: int) -> tuple[float, int]:
    """The first event that names a line newer than `after`."""
    while True:
        at, line = await asyncio.wait_for(events.get(), GUARD_S)
        if line > after:
            return at, line


async def service(count: int, *, split: bool) -> Timings:
    timings = Timings()
    jar = aiohttp.CookieJar(unsafe=True)  # the shop answers on 127.0.0.1, an IP address
    async with shop(split) as base, aiohttp.ClientSession(cookie_jar=jar) as http:
        await sign_in(http, base)
        hook = f"{base}/webhooks/whatsapp"
        events: asyncio.Queue[tuple[float, int]] = asyncio.Queue()
        async with http.get(f"{base}/admin/chats/events") as feed:
            reader = asyncio.create_task(read_feed(feed, events))
            _, last = await asyncio.wait_for(events.get(), GUARD_S)  # the first look
            for n in range(SHOPPERS):  # each asks for a person: the bot is silent after
                await post(http, hook, inbound(n, "оператор", "ask"))
                _, last = await next_line(events, last)
            await asyncio.sleep(PACE_S)
            for n in range(count):
                signed = inbound(n, "Здравствуйте, где мой заказ?", "text")
                began = time.perf_counter()
                await post(http, hook, signed)
                timings.acked.append(time.perf_counter() - began)
                at, last = await next_line(events, last)
                timings.shown.append(at - began)
                await asyncio.sleep(PACE_S)
            reader.cancel()
    return timings
