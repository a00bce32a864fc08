"""The quarter-hourly Graph probe: it reads the phone number from the (fake) Graph API,
records the answer once per interval however many processes run it, and the dashboard's
banners follow what it recorded."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import httpx
from aiohttp.test_utils import TestServer

from shop.clock import FrozenClock
from shop.dashboard.banners import GraphProbe, Snapshot, banners
from shop.dashboard.board import board
from shop.dashboard.probe import PROBE_KEY, GraphProber, probe_from, probe_of
from shop.doctor.checks import Reply
from shop.sandbox_mode import with_sandbox_endpoints
from shop.settings import load_settings
from shop.storage.db import Database
from shop.storage.tables import MerchantSetting
from shop.web.app import create_app
from tests.dashboard.rows import NOW
from tests.dashboard.test_pages import fake

__all__ = ["fake"]


async def recorded(db: Database) -> GraphProbe | None:
    async with db.sessions() as session:
        row = await session.get(MerchantSetting, PROBE_KEY)
    return probe_of(row.value if row is not None else None)


def test_a_refusal_for_the_token_is_recorded_with_metas_code() -> None:
    refused = Reply(400, {"error": {"code": 190, "message": "Invalid OAuth access token"}})
    assert probe_from(refused, NOW) == GraphProbe(NOW, 400, 190, None)
    assert probe_from(Reply(None, failure="timeout"), NOW) == GraphProbe(NOW, None)
    read = Reply(200, {"id": "1", "quality_rating": "GREEN"})
    assert probe_from(read, NOW) == GraphProbe(NOW, 200, None, "GREEN")
    assert [b.key for b in banners(Snapshot(NOW, True, probe=probe_from(refused, NOW)))] == [
        "token"
    ]


async def test_the_probe_reads_once_per_interval_and_the_quality_banner_follows(
    fake: TestServer, database_url: str, db: Database
) -> None:
    base = str(fake.make_url("")).rstrip("/")
    settings = with_sandbox_endpoints(load_settings(database_url=database_url), base)
    clock = FrozenClock(NOW)
    prober = GraphProber(settings=settings, db=db, clock=clock)

    assert await prober.run_once() == 0
    assert await recorded(db) == GraphProbe(NOW, 200, None, "GREEN")

    async with httpx.AsyncClient() as client:
        answer = await client.post(f"{base}/sandbox/control/phone", json={"quality_rating": "RED"})
        assert answer.status_code == 200
    clock.advance(timedelta(minutes=5))
    await prober.run_once()  # a read five minutes old is fresh enough: Meta is not asked
    assert await recorded(db) == GraphProbe(NOW, 200, None, "GREEN")

    clock.advance(timedelta(minutes=11))
    await prober.run_once()
    later = NOW + timedelta(minutes=16)
    assert await recorded(db) == GraphProbe(later, 200, None, "RED")
    found = await board(db, settings, later, str)
    assert [b.key for b in found.banners] == ["quality"]
    assert "красное" in found.banners[0].message


async def test_a_sandbox_left_pointing_at_metas_server_never_probes_it(
    database_url: str, db: Database
) -> None:
    settings = load_settings(database_url=database_url)  # sandbox, the default Graph URL
    prober = GraphProber(settings=settings, db=db, clock=FrozenClock(NOW))
    assert await prober.run_once() == 0
    assert await recorded(db) is None


async def test_metas_webhooks_raise_the_quality_and_template_banners_on_the_dashboard(
    aiohttp_server: Any, unused_tcp_port: int, database_url: str
) -> None:
    """The whole path: the sandbox posts `phone_number_quality_update` and
    `message_template_status_update` as Meta does, the inbox stores them, the worker records
    them, and the next dashboard shows both."""
    base = f"http://127.0.0.1:{unused_tcp_port}"
    settings = with_sandbox_endpoints(load_settings(database_url=database_url), base)
    await aiohttp_server(create_app(settings), port=unused_tcp_port)
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        assert 'role="alert" id="banner' not in (await client.get("/admin")).text
        flagged = {"quality_rating": "RED", "event": "DOWNGRADE"}
        assert (await client.post("/sandbox/control/phone", json=flagged)).status_code == 200
        paused = {"status": "PAUSED", "reason": "LOW_QUALITY"}
        status_url = "/sandbox/control/templates/order_update/ru/status"
        assert (await client.post(status_url, json=paused)).status_code == 200
        page = ""
        for _ in range(200):  # the webhooks, the inbox and the worker take their turns
            page = (await client.get("/admin")).text
            if 'id="banner-quality"' in page and 'id="banner-templates"' in page:
                break
            await asyncio.sleep(0.1)
    assert "Качество номера у Meta — красное" in page
    assert "Шаблоны сообщений не работают: order_update — приостановлен." in page
