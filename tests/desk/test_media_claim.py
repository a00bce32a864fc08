"""Several workers fetching inbound media at once: each fetch is claimed, so the fake Graph
serves a shopper's file once and one file is kept; a worker that dies mid-download holds the
file back until its lease ends, then another takes it over. Each fetcher has a database
engine of its own, as a worker process would."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from sandbox.media import MEDIA
from shop.clock import FrozenClock
from shop.desk.media import LEASE, LINES, MediaFetcher, MediaInfo, MediaSource
from shop.desk.media_graph import GraphMedia
from shop.storage.db import Database
from tests.chat.chat import Shopper
from tests.desk.media import PNG, data_of, media_dir, put_media, send_media
from tests.desk.test_media import rig
from tests.whatsapp.rig import Rig

__all__ = ["rig"]
GUARD_S = 30.0  # how long to wait for a stalled fetch to start: a guard, not a speed target

Fetchers = Callable[..., Any]


@pytest.fixture
async def fetchers(rig: Rig) -> AsyncIterator[Fetchers]:
    """`make(source=None)`: a fetcher as another worker process runs it (its own engine; the
    real Graph client unless a source is given)."""
    opened: list[Any] = []
    settings = rig.services.settings

    async def make(source: MediaSource | None = None) -> MediaFetcher:
        db = Database(settings.database_url)
        opened.append(db.dispose)
        if source is None:
            graph = GraphMedia(settings)
            opened.append(graph.aclose)
            source = graph
        return MediaFetcher(
            db=db,
            clock=rig.services.clock,
            source=source,
            directory=settings.media_dir,
            cap=settings.media_max_bytes,
        )

    yield make
    for close in reversed(opened):
        await close()


class Stalled:
    """The Graph of a worker that dies mid-fetch: its first call never comes back."""

    def __init__(self) -> None:
        self.asked = asyncio.Event()

    async def info(self, media_id: str) -> MediaInfo:
        self.asked.set()
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    async def download(self, url: str, limit: int) -> tuple[bytes, str | None]:
        raise AssertionError("a stalled worker downloads nothing")


def downloads(rig: Rig, media_id: str) -> int:
    return rig.sandbox.app[MEDIA].downloads[media_id]


def parts(rig: Rig) -> list[Path]:
    return sorted(media_dir(rig).glob("*.part")) if media_dir(rig).exists() else []


async def stored_text(rig: Rig, line_id: int) -> str:
    async with rig.services.db.read_connection() as conn:
        query = select(LINES.c.data).where(LINES.c.id == line_id)
        return str((await conn.execute(query)).scalar_one())


async def test_two_workers_fetching_at_once_download_the_file_once(
    rig: Rig, shopper: Shopper, fetchers: Fetchers
) -> None:
    media_id = await put_media(rig, "image/png", PNG)
    line_id = await send_media(shopper, "image", media_id, "image/png")
    first, second = await fetchers(), await fetchers()
    handled = await asyncio.gather(first.run_once(), second.run_once())
    assert sorted(handled) == [0, 1]
    assert downloads(rig, media_id) == 1
    data = await data_of(rig, line_id)
    assert data["media_state"] == "stored"
    assert "media_claim" not in data
    assert [p.name for p in media_dir(rig).iterdir()] == [data["media_file"]]
    assert (media_dir(rig) / data["media_file"]).read_bytes() == PNG


async def test_of_two_claims_on_the_same_read_exactly_one_wins(
    rig: Rig, shopper: Shopper, fetchers: Fetchers
) -> None:
    media_id = await put_media(rig, "image/png", PNG)
    line_id = await send_media(shopper, "image", media_id, "image/png")
    stored = await stored_text(rig, line_id)  # both workers read the line alike
    first, second = await fetchers(), await fetchers()
    now = rig.services.clock.now()
    claims = await asyncio.gather(
        first.claim(line_id, stored, now), second.claim(line_id, stored, now)
    )
    assert sum(claim is not None for claim in claims) == 1
    (winner,) = [claim for claim in claims if claim is not None]
    assert await stored_text(rig, line_id) == winner


async def test_a_worker_dying_mid_fetch_holds_the_file_until_its_lease_ends(
    rig: Rig, shopper: Shopper, clock: FrozenClock, fetchers: Fetchers
) -> None:
    media_id = await put_media(rig, "image/png", PNG)
    line_id = await send_media(shopper, "image", media_id, "image/png")
    stalled = Stalled()
    dying, other = await fetchers(stalled), await fetchers()
    fetching = asyncio.create_task(dying.run_once())
    await asyncio.wait_for(stalled.asked.wait(), GUARD_S)  # it has claimed the line
    assert await other.run_once() == 0  # claimed elsewhere: skipped, not downloaded
    fetching.cancel()  # the worker dies
    await asyncio.gather(fetching, return_exceptions=True)
    assert await other.run_once() == 0  # its lease still runs
    assert downloads(rig, media_id) == 0
    clock.advance(LEASE + timedelta(seconds=1))
    assert await other.run_once() == 1
    data = await data_of(rig, line_id)
    assert (data["media_state"], downloads(rig, media_id)) == ("stored", 1)
    assert "media_claim" not in data
    assert parts(rig) == []
