"""Wake-ups across processes on PostgreSQL: NOTIFY from one process, heard by the others."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import asyncpg
import pytest
from aiohttp.test_utils import TestServer
from sqlalchemy import text

from shop.compose import open_services
from shop.storage.db import Database
from shop.storage.wakeups import Wakeups, asyncpg_dsn, notify_once
from shop.web.app import create_app
from shop.web.keys import SERVICES
from shop.whatsapp.service import INBOX_JOB
from tests.conftest import ON_POSTGRES
from tests.whatsapp.rig import SECRET, payload_json, settings_for
from webhooks.intake import sign

postgres_only = pytest.mark.skipif(
    not ON_POSTGRES, reason="LISTEN/NOTIFY is PostgreSQL's; SQLite runs one process"
)
GUARD_S = 15.0  # how long to wait before calling a wake-up lost: a guard, not a speed target


async def eventually(check: Callable[[], bool]) -> None:
    deadline = time.monotonic() + GUARD_S
    while not check():
        assert time.monotonic() < deadline, "nothing arrived"
        await asyncio.sleep(0.02)


@pytest.fixture
async def processes(database_url: str) -> AsyncIterator[Callable[..., Any]]:
    opened: list[Wakeups] = []

    async def start(on_wake: Callable[[str], None] | None = None) -> Wakeups:
        wakeups = Wakeups(database_url, on_wake=on_wake)
        opened.append(wakeups)
        await wakeups.start()
        return wakeups

    yield start
    for wakeups in opened:
        await wakeups.close()


@postgres_only
async def test_a_wake_up_reaches_every_other_listening_process_but_not_its_sender(
    processes: Callable[..., Any],
) -> None:
    first: list[str] = []
    second: list[str] = []
    a = await processes(first.append)
    await processes(second.append)
    web = await processes()  # sends only, like `shop serve --no-worker`
    web.notify("channel.inbox")
    await eventually(lambda: first == ["channel.inbox"] and second == ["channel.inbox"])
    a.notify("channel.sender")
    await eventually(lambda: second == ["channel.inbox", "channel.sender"])
    web.notify("payments.notifications")
    await eventually(lambda: second[-1] == "payments.notifications")
    assert first == ["channel.inbox", "payments.notifications"]  # never its own
    assert a.heard == {"channel.inbox": 1, "payments.notifications": 1}


@postgres_only
async def test_wake_ups_in_quick_succession_share_one_connection_one_query_at_a_time(
    processes: Callable[..., Any], caplog: pytest.LogCaptureFixture
) -> None:
    heard: list[str] = []
    await processes(heard.append)
    web = await processes()
    for i in range(60):
        web.notify(f"job.{i % 6}")
        await asyncio.sleep(0)  # each send is under way when the next wake-up comes
    await eventually(lambda: set(heard) == {f"job.{n}" for n in range(6)})
    assert len(heard) < 60  # wake-ups waiting for the same send were folded into one
    assert "wake-up not sent" not in caplog.text


@postgres_only
async def test_a_listener_whose_connection_is_killed_reconnects_and_hears_again(
    processes: Callable[..., Any], database_url: str
) -> None:
    heard: list[str] = []
    await processes(heard.append)
    web = await processes()
    web.notify("channel.inbox")
    await eventually(lambda: heard == ["channel.inbox"])
    admin = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        killed = await admin.fetchval(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND query LIKE 'LISTEN%'"
        )
    finally:
        await admin.close()
    assert killed == 1

    def again() -> bool:
        web.notify("channel.sender")  # sent over and over until the listener is back
        return "channel.sender" in heard

    await eventually(again)


@postgres_only
async def test_no_server_costs_only_the_hint() -> None:
    wakeups = Wakeups("postgresql+asyncpg://nobody@127.0.0.1:1/none", on_wake=print)
    await wakeups.start()  # logs and goes on: the jobs still poll
    wakeups.notify("channel.inbox")
    await asyncio.sleep(0)
    await wakeups.close()
    assert wakeups.heard == {}


@postgres_only
async def test_a_webhook_stored_by_the_web_process_wakes_the_worker_process(
    aiohttp_client: Any, database_url: str, db: Database
) -> None:
    settings = settings_for(database_url, "http://127.0.0.1:9/graph")
    web = await aiohttp_client(TestServer(create_app(settings, run_worker=False)))
    async with open_services(settings, run_worker=True) as worker:
        wakeups = worker.waker.others
        assert isinstance(wakeups, Wakeups)
        assert web.app[SERVICES].waker.local is None  # the web process runs no jobs
        body = json.dumps(payload_json("text.json")).encode()
        response = await web.post(
            "/webhooks/whatsapp",
            data=body,
            headers={"X-Hub-Signature-256": sign(SECRET.encode(), body)},
        )
        assert response.status == 200
        await eventually(lambda: wakeups.heard[INBOX_JOB] > 0)

        async def processed() -> int:
            async with db.engine.connect() as conn:
                query = text("SELECT count(*) FROM wa_inbox WHERE processed_at IS NOT NULL")
                return int((await conn.execute(query)).scalar_one())

        deadline = time.monotonic() + GUARD_S
        while await processed() == 0:
            assert time.monotonic() < deadline, "the worker never took the webhook"
            await asyncio.sleep(0.05)


async def test_only_postgresql_runtimes_send_and_hear_wake_ups(
    database_url: str, db: Database
) -> None:
    settings = settings_for(database_url, "http://127.0.0.1:9/graph")
    async with open_services(settings, run_worker=False) as services:
        assert (services.waker.others is None) == db.is_sqlite
        services.wake(INBOX_JOB)  # no worker here, and on SQLite nobody else: nothing to do


@postgres_only
async def test_a_one_shot_command_wakes_every_listening_process(
    processes: Callable[..., Any], database_url: str
) -> None:
    first: list[str] = []
    second: list[str] = []
    await processes(first.append)
    await processes(second.append)
    assert await notify_once(database_url, "catalog.sync")
    await eventually(lambda: first == second == ["catalog.sync"])


@postgres_only
async def test_a_one_shot_wake_up_without_a_server_is_only_a_lost_hint() -> None:
    assert not await notify_once("postgresql+asyncpg://nobody@127.0.0.1:1/none", "catalog.sync")
