"""The app factory: health, sandbox mounting and the worker lifecycle."""

from __future__ import annotations

import asyncio

from aiohttp.test_utils import TestClient

from shop.settings import load_settings
from shop.web.app import create_app
from shop.worker import Job, Worker


async def test_healthz_is_ok_when_the_database_answers(
    aiohttp_client: object, database_url: str
) -> None:
    client: TestClient = await aiohttp_client(create_app(load_settings(database_url=database_url)))  # type: ignore[operator]
    response = await client.get("/healthz")
    assert response.status == 200
    assert await response.json() == {"status": "ok"}


async def test_healthz_is_503_when_the_database_is_unreachable(aiohttp_client: object) -> None:
    url = "postgresql+asyncpg://nobody@127.0.0.1:1/none"  # nothing listens on port 1
    client: TestClient = await aiohttp_client(create_app(load_settings(database_url=url)))  # type: ignore[operator]
    response = await client.get("/healthz")
    assert response.status == 503
    assert (await response.json())["status"] == "unavailable"


async def test_sandbox_mode_mounts_the_fakes(aiohttp_client: object, database_url: str) -> None:
    client: TestClient = await aiohttp_client(create_app(load_settings(database_url=database_url)))  # type: ignore[operator]
    response = await client.post(
        "/sandbox/graph/v23.0/100000000000001/messages",
        json={
            "messaging_product": "whatsapp",
            "to": "79001234567",
            "type": "text",
            "text": {"body": "hi"},
        },
        headers={"Authorization": "Bearer sandbox"},
    )
    assert response.status == 200
    assert (await response.json())["messages"][0]["id"].startswith("wamid.")


async def test_worker_stop_lets_the_running_batch_finish() -> None:
    started, finished = asyncio.Event(), asyncio.Event()

    async def slow_batch() -> int:
        started.set()
        await asyncio.sleep(0.2)
        finished.set()
        return 0

    worker = Worker([Job("slow", slow_batch, interval=10)])
    worker.start()
    await started.wait()
    await worker.stop(grace=5)
    assert finished.is_set()


async def test_a_failing_job_does_not_stop_the_worker() -> None:
    calls = 0

    async def flaky() -> int:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("boom")
        return 0

    worker = Worker([Job("flaky", flaky, interval=0.01)])
    worker.start()
    for _ in range(200):
        if calls >= 2:
            break
        await asyncio.sleep(0.01)
    await worker.stop(grace=1)
    assert calls >= 2


async def test_wake_runs_an_idle_job_before_its_interval() -> None:
    runs = asyncio.Queue[int]()

    async def job() -> int:
        runs.put_nowait(1)
        return 0

    worker = Worker([Job("idle", job, interval=3600)])
    worker.start()
    await runs.get()
    worker.wake("idle")
    await asyncio.wait_for(runs.get(), timeout=5)
    await worker.stop(grace=1)


def test_start_up_objects_are_kept_out_of_the_collectors_walks() -> None:
    import gc

    from shop.serve import settle_garbage_collector

    try:
        settle_garbage_collector()
        assert gc.get_freeze_count() > 10_000  # modules, classes and metadata of the service
    finally:
        gc.unfreeze()
