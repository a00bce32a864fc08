"""Sync against a fake Meta (HTTP or in memory): only changes travel, errors stick, runs resume."""

from __future__ import annotations

import asyncio
import contextlib
import io
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from aiohttp.test_utils import TestServer
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from catalog.graph import BatchStatus, CatalogApi, GraphCatalogApi
from catalog.importing import ImportMode, ImportRequest, run_import
from catalog.repository import PRODUCTS
from catalog.sync import CatalogSync
from catalog.sync_store import BATCHES, ITEMS
from shop.catalog_app.service import CatalogService, SyncAuthError
from shop.clock import SystemClock, utcnow
from shop.settings import Settings
from shop.storage.db import Database
from tests.catalog.syncing import (
    CATALOG,
    catalog_sync,
    no_wait,
    sandbox_api,
    sandbox_app,
    sandbox_items,
)
from tests.fakes import FakeCatalog

IMG = "https://shop.example/i"


@pytest.fixture
async def sandbox(aiohttp_server: Any) -> TestServer:
    server: TestServer = await aiohttp_server(sandbox_app())
    return server


@pytest.fixture
def service(db: Database, sandbox: TestServer) -> CatalogService:
    settings = Settings(
        database_url=db.url,
        whatsapp_graph_url=str(sandbox.make_url("/graph")),
        whatsapp_catalog_id=CATALOG,
    )
    return CatalogService(db=db, settings=settings, clock=SystemClock(), sleep=no_wait)


def _csv(*rows: str) -> bytes:
    return ("id,title,price,image_link\n" + "".join(r + "\n" for r in rows)).encode()


async def _import(db: Database, data: bytes, **options: Any) -> None:
    request = ImportRequest(file_name="t.csv", actor="test", **options)
    report = await run_import(db, io.BytesIO(data), request, now=utcnow)
    assert report.applied


async def _received(sandbox: TestServer) -> int:
    async with httpx.AsyncClient() as client:
        body = (await client.get(str(sandbox.make_url(f"/control/catalog/{CATALOG}")))).json()
    return int(body["received"])


async def _control(sandbox: TestServer, path: str, body: dict[str, Any]) -> None:
    async with httpx.AsyncClient() as client:
        (await client.post(str(sandbox.make_url(path)), json=body)).raise_for_status()


async def _db_products(db: Database) -> dict[str, Any]:
    async with db.engine.connect() as conn:
        return {r.retailer_id: r for r in await conn.execute(select(PRODUCTS))}


THREE = (f"A,Чай,100,{IMG}/a.jpg", f"B,Кофе,1 299 ₽,{IMG}/b.jpg", f"C,Какао,300,{IMG}/c.jpg")


async def test_the_sandbox_catalog_matches_the_database_after_a_sync(
    db: Database, service: CatalogService, sandbox: TestServer
) -> None:
    await _import(db, _csv(*THREE))
    report = await service.sync()
    assert (report.sent, report.synced, report.failed) == (3, 3, 0)
    items = await sandbox_items(sandbox)
    products = await _db_products(db)
    assert set(items) == {rid for rid, p in products.items() if p.active}
    assert items["B"]["price"] == "1299.00 RUB"
    assert items["B"]["link"] == "http://127.0.0.1:8080/p/B"
    assert items["A"]["image_link"] == f"{IMG}/a.jpg"
    listed = await service.products()
    assert {p["sync_state"] for p in listed["products"]} == {"synced"}


async def test_a_second_sync_sends_only_what_changed(
    db: Database, service: CatalogService, sandbox: TestServer
) -> None:
    await _import(db, _csv(*THREE))
    await service.sync()
    assert (await service.sync()).sent == 0
    await _import(db, _csv(f"A,Чай,150,{IMG}/a.jpg", *THREE[1:]))
    before = await _received(sandbox)
    report = await service.sync()
    assert report.sent == 1
    assert await _received(sandbox) == before + 1
    assert (await sandbox_items(sandbox))["A"]["price"] == "150.00 RUB"


async def test_deactivated_items_are_deleted_from_whatsapp(
    db: Database, service: CatalogService, sandbox: TestServer
) -> None:
    await _import(db, _csv(*THREE))
    await service.sync()
    await _import(db, _csv(THREE[0]))  # a full import: B and C are gone
    report = await service.sync()
    assert report.sent == 2
    assert set(await sandbox_items(sandbox)) == {"A"}
    assert (await service.sync()).sent == 0


async def _refuse(sandbox: TestServer, *ids: str) -> None:
    await _control(sandbox, "/control/catalog/refuse", {"ids": list(ids)})


async def test_a_refused_item_waits_until_it_changes_or_the_merchant_retries(
    db: Database, service: CatalogService, sandbox: TestServer
) -> None:
    await _import(db, _csv(*THREE))
    await _refuse(sandbox, "B")
    report = await service.sync()
    assert (report.synced, report.failed, report.remaining) == (2, 1, 0)
    listed = {p["retailer_id"]: p for p in (await service.products())["products"]}
    assert listed["B"]["sync_state"] == "error"
    assert "Commerce Policies" in listed["B"]["sync_error"]
    assert listed["A"]["sync_state"] == "synced"
    only_errors = await service.products(state="error")
    assert [p["retailer_id"] for p in only_errors["products"]] == ["B"]
    # Refused items wait for a change, not for the next sync: they are not counted pending.
    assert only_errors["counts"] == {"total": 3, "active": 3, "pending": 0, "errors": 1}
    # Sending it again unchanged cannot help: the next syncs leave it alone.
    before = await _received(sandbox)
    assert (await service.sync()).sent == 0
    assert await _received(sandbox) == before
    # …unless the merchant asks for another try.
    retry = await service.sync(retry_errors=True)
    assert (retry.sent, retry.failed) == (1, 1)
    await _refuse(sandbox)
    await _import(db, _csv(THREE[0], f"B,Кофе в зёрнах,1 299 ₽,{IMG}/b.jpg", THREE[2]))
    # The old error belongs to the old content: the changed item is pending, not in error.
    pending = await service.products(state="pending")
    assert [p["retailer_id"] for p in pending["products"]] == ["B"]
    assert (await service.products(state="error"))["products"] == []
    fixed = await service.sync()
    assert (fixed.sent, fixed.synced) == (1, 1)
    assert (await sandbox_items(sandbox))["B"]["title"] == "Кофе в зёрнах"


async def test_transient_errors_are_retried(
    db: Database, service: CatalogService, sandbox: TestServer
) -> None:
    await _import(db, _csv(*THREE))
    await _control(sandbox, "/control/catalog/faults", {"status": 503, "code": 2, "count": 2})
    report = await service.sync()
    assert report.synced == 3
    assert len(await sandbox_items(sandbox)) == 3


async def test_an_auth_error_stops_the_sync_with_a_clear_message(
    db: Database, service: CatalogService, sandbox: TestServer
) -> None:
    await _import(db, _csv(*THREE))
    await _control(sandbox, "/control/catalog/faults", {"status": 401, "code": 190})
    with pytest.raises(SyncAuthError, match="WHATSAPP_ACCESS_TOKEN"):
        await service.sync()
    assert await _received(sandbox) == 0
    assert (await service.sync()).synced == 3  # the dropped batch is simply sent again


class _Interrupted(Exception):
    pass


class _CrashOnFirstPoll:
    """Sends for real, then dies like a killed worker before learning the result."""

    def __init__(self, api: CatalogApi) -> None:
        self.api = api

    async def items_batch(self, requests: list[dict[str, Any]]) -> str:
        return await self.api.items_batch(requests)

    async def batch_status(self, handle: str) -> BatchStatus:
        raise _Interrupted


async def test_an_interrupted_sync_resumes_by_polling_without_resending(db: Database) -> None:
    await _import(db, _csv(*THREE, f"D,Сахар,50,{IMG}/d.jpg"))
    meta = FakeCatalog(CATALOG)

    def sync_with(used: Any) -> CatalogSync:
        return catalog_sync(db.engine, db.connection, used, batch_size=3)

    with pytest.raises(_Interrupted):
        await sync_with(_CrashOnFirstPoll(meta)).run()
    assert meta.received == 3
    report = await sync_with(meta).run()
    assert meta.received == 4  # the first batch was polled, not sent again
    assert (report.batches, report.sent, report.synced) == (1, 1, 4)
    assert set(meta.items) == {"A", "B", "C", "D"}
    async with db.engine.connect() as conn:
        statuses = [r.status for r in await conn.execute(select(BATCHES).order_by(BATCHES.c.id))]
    assert statuses == ["finished", "finished"]


async def test_a_batch_never_sent_is_dropped_and_its_items_sent_on_resume(
    db: Database, service: CatalogService, sandbox: TestServer
) -> None:
    await _import(db, _csv(*THREE))
    await _control(sandbox, "/control/catalog/faults", {"status": 400, "code": 100, "count": 1})
    with pytest.raises(Exception, match="code 100"):
        await service.sync()
    report = await service.sync()
    assert (report.sent, report.synced) == (3, 3)
    async with db.engine.connect() as conn:
        statuses = [r.status for r in await conn.execute(select(BATCHES).order_by(BATCHES.c.id))]
    assert statuses == ["abandoned", "finished"]


async def test_large_change_sets_go_in_chunks(db: Database) -> None:
    rows = [f"P{i},Товар {i},{i + 1},{IMG}/{i}.jpg" for i in range(7)]
    await _import(db, _csv(*rows), mode=ImportMode.PARTIAL)
    report = await catalog_sync(db.engine, db.connection, FakeCatalog(CATALOG), batch_size=3).run()
    assert (report.batches, report.sent, report.synced) == (3, 7, 7)


async def test_concurrent_syncs_never_send_the_same_items_twice(
    db: Database, service: CatalogService, sandbox: TestServer
) -> None:
    await _import(db, _csv(*THREE))
    reports = await asyncio.gather(service.sync(), service.sync())
    assert sorted(r.sent for r in reports) == [0, 3]
    assert await _received(sandbox) == 3


def _settings(db: Database, sandbox: TestServer) -> Settings:
    return Settings(
        database_url=db.url,
        whatsapp_graph_url=str(sandbox.make_url("/graph")),
        whatsapp_catalog_id=CATALOG,
    )


async def test_the_worker_job_is_busy_only_while_work_remains(
    db: Database, sandbox: TestServer
) -> None:
    from shop.catalog_app.service import SYNC_JOB, CatalogService

    service = CatalogService(
        db=db, settings=_settings(db, sandbox), clock=SystemClock(), sleep=no_wait
    )
    (job,) = service.jobs()
    assert job.name == SYNC_JOB
    await _import(db, _csv(*THREE))
    await _refuse(sandbox, "C")
    # Everything was sent and C refused: nothing is left to do at once.
    assert await job.run_once() == 0
    received = await _received(sandbox)
    assert await job.run_once() == 0
    assert await _received(sandbox) == received  # C is not sent again and again
    assert set(await sandbox_items(sandbox)) == {"A", "B"}


async def _until_in_sandbox(sandbox: TestServer, retailer_id: str) -> None:
    while retailer_id not in await sandbox_items(sandbox):
        await asyncio.sleep(0.02)


async def test_an_import_wakes_the_sync_at_once(
    db: Database, sandbox: TestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from shop.catalog_app import service as catalog_service
    from shop.worker import Worker

    # Only a wake-up can start the sync within the test: its poll would come in an hour.
    monkeypatch.setattr(catalog_service, "SYNC_INTERVAL_SECONDS", 3600.0)
    await _import(db, _csv(THREE[0]))
    worker = Worker()
    service = catalog_service.CatalogService(
        db=db,
        settings=_settings(db, sandbox),
        clock=SystemClock(),
        sleep=no_wait,
        # As the composition root wires it: an import that changed the catalog wakes the sync.
        on_change=lambda: worker.wake(catalog_service.SYNC_JOB),
    )
    worker.start(service.jobs())
    try:
        async with asyncio.timeout(60):  # a bound for a broken build, not a measure
            await _until_in_sandbox(sandbox, "A")  # the worker's first run
            request = ImportRequest(file_name="t.csv", actor="test")
            await service.import_stream(io.BytesIO(_csv(*THREE)), request)
            await _until_in_sandbox(sandbox, "C")
    finally:
        await worker.stop()


class _NoTransactionDuringCalls:
    """Passes calls to Meta through, checking that the sync holds no connection meanwhile.

    The sync has a Database of its own, so the other writers' connections do not count.
    """

    def __init__(self, api: GraphCatalogApi, db: Database) -> None:
        self.api, self.db, self.calls, self.writing = api, db, 0, 0

    @contextlib.asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncConnection]:
        self.writing += 1
        try:
            async with self.db.connection() as conn:
                yield conn
        finally:
            self.writing -= 1

    def _check(self) -> None:
        self.calls += 1
        assert self.writing == 0
        assert self.db.engine.pool.checkedout() == 0  # type: ignore[attr-defined]

    async def items_batch(self, requests: list[dict[str, Any]]) -> str:
        self._check()
        return await self.api.items_batch(requests)

    async def batch_status(self, handle: str) -> BatchStatus:
        self._check()
        return await self.api.batch_status(handle)


async def _other_writer(db: Database, stop: asyncio.Event, kind: str) -> int:
    """Commits small units of work as fast as it can until told to stop."""
    from catalog.repository import insert_import

    done = 0
    while not stop.is_set():
        async with db.connection() as conn:
            await insert_import(
                conn,
                {
                    "actor": kind,
                    "file_name": f"{kind}-{done}.csv",
                    "mode": "full",
                    "status": "running",
                    "started_at": utcnow(),
                },
            )
        done += 1
        await asyncio.sleep(0)
    return done


async def test_the_sync_beside_other_writers_never_finds_the_database_locked(
    db: Database, sandbox: TestServer
) -> None:
    await _import(db, _csv(*[f"P{i},Товар {i},{i + 1},{IMG}/{i}.jpg" for i in range(40)]))
    other_process = Database(db.url)  # a CLI command beside `shop serve`: its own connections
    sync_db = Database(db.url)
    stop = asyncio.Event()
    try:
        writers = [
            asyncio.create_task(_other_writer(db, stop, "shopping")),
            asyncio.create_task(_other_writer(other_process, stop, "other-process")),
        ]
        async with sandbox_api(sandbox) as api:
            watched = _NoTransactionDuringCalls(api, sync_db)
            sync = catalog_sync(sync_db.engine, watched.write, watched, batch_size=2)
            try:
                report = await sync.run()
            finally:
                stop.set()
                counts = await asyncio.gather(*writers)
    finally:
        await other_process.dispose()
        await sync_db.dispose()
    assert (report.batches, report.synced, report.failed) == (20, 40, 0)
    assert watched.calls >= 40
    assert all(counts)


async def test_a_batch_whose_handle_meta_forgot_is_given_up_and_its_items_resent(
    db: Database, service: CatalogService, sandbox: TestServer
) -> None:
    await _import(db, _csv(*THREE))
    async with db.connection() as conn:
        result = await conn.execute(
            BATCHES.insert()
            .values(
                catalog_id=CATALOG,
                status="sent",
                handle="forgotten",
                item_count=3,
                error_count=0,
                created_at=utcnow(),
            )
            .returning(BATCHES.c.id)
        )
        batch_id = result.scalar_one()
        await conn.execute(
            ITEMS.insert(),
            [
                {"batch_id": batch_id, "retailer_id": r, "method": "UPDATE", "sent_hash": "x"}
                for r in ("A", "B", "C")
            ],
        )
    report = await service.sync()
    assert (report.sent, report.synced) == (3, 3)
    async with db.engine.connect() as conn:
        statuses = [r.status for r in await conn.execute(select(BATCHES).order_by(BATCHES.c.id))]
    assert statuses == ["failed", "finished"]


class _Boom(io.BytesIO):
    def read(self, size: int | None = -1) -> bytes:
        if self.tell() > 100:
            raise OSError("disk gone")
        return super().read(size if size is None or size < 0 else min(size, 64))


async def test_an_import_cut_short_is_recorded_as_failed(db: Database) -> None:
    from catalog.repository import IMPORTS

    data = _csv(*[f"P{i},Товар,{i + 1},{IMG}/{i}.jpg" for i in range(50)])
    request = ImportRequest(file_name="t.csv", actor="test")
    with pytest.raises(OSError, match="disk gone"):
        await run_import(db, _Boom(data), request, now=utcnow)
    async with db.engine.connect() as conn:
        record = (await conn.execute(select(IMPORTS))).mappings().one()
        count = len((await conn.execute(select(PRODUCTS))).all())
    assert record["status"] == "failed"
    assert count == 0


def test_a_migrated_database_marks_products_changed_by_any_writer(tmp_path: object) -> None:
    from shop.storage import migrations
    from tests.foundation.test_migrations import _empty_url

    url = _empty_url(tmp_path)
    migrations.upgrade(url)

    async def stock_write_marks() -> tuple[str, str]:
        migrated = Database(url)
        try:
            await _import(migrated, _csv(THREE[0]))
            async with migrated.connection() as conn:
                before = (await conn.execute(select(PRODUCTS.c.content_hash))).scalar_one()
                await conn.execute(PRODUCTS.update().values(quantity=PRODUCTS.c.quantity))
                same = (await conn.execute(select(PRODUCTS.c.content_hash))).scalar_one()
                assert same == before  # nothing WhatsApp shows changed
                await conn.execute(PRODUCTS.update().values(quantity=7))
                after = (await conn.execute(select(PRODUCTS.c.content_hash))).scalar_one()
        finally:
            await migrated.dispose()
        return before, after

    before, after = asyncio.run(stock_write_marks())
    assert len(after) == 32
    assert after != before
