"""Imports and syncs of the serving processes run in a child process: same reports, same
records, failures told to the caller, a stopped import recorded as failed."""

from __future__ import annotations

import asyncio
import io
import tempfile
from collections.abc import Iterator
from typing import Any, BinaryIO, cast

import httpx
import pytest
from aiohttp.test_utils import TestServer
from sqlalchemy import select

from catalog.graph import GraphError
from catalog.importing import ImportRequest
from catalog.repository import IMPORTS, PRODUCTS
from shop.catalog_app import child, child_main
from shop.catalog_app import service as catalog_service
from shop.catalog_app.progress import ProgressRecorder
from shop.catalog_app.service import CatalogService, SyncAuthError
from shop.clock import SystemClock
from shop.settings import Settings
from shop.storage.db import Database
from tests.catalog.syncing import CATALOG, sandbox_app, sandbox_items

IMG = "https://shop.example/i"
THREE = (f"A,Чай,100,{IMG}/a.jpg", f"B,Кофе,1 299 ₽,{IMG}/b.jpg", f"C,Какао,300,{IMG}/c.jpg")


def _csv(*rows: str) -> bytes:
    return ("id,title,price,image_link\n" + "".join(r + "\n" for r in rows)).encode()


@pytest.fixture
def upload() -> Iterator[BinaryIO]:
    """An uploaded file as the web keeps it: an anonymous temporary file."""
    with tempfile.TemporaryFile() as file:
        yield cast(BinaryIO, file)


def _fill(upload: BinaryIO, data: bytes) -> BinaryIO:
    upload.write(data)
    upload.seek(0)
    return upload


@pytest.fixture
async def sandbox(aiohttp_server: Any) -> TestServer:
    server: TestServer = await aiohttp_server(sandbox_app())
    return server


def _service(db: Database, sandbox: TestServer | None = None, **fields: Any) -> CatalogService:
    graph = {} if sandbox is None else {"whatsapp_graph_url": str(sandbox.make_url("/graph"))}
    settings = Settings(database_url=db.url, whatsapp_catalog_id=CATALOG, **graph)
    return CatalogService(db=db, settings=settings, clock=SystemClock(), in_child=True, **fields)


def _not_here(*_args: Any, **_kwargs: Any) -> Any:
    raise AssertionError("the serving process did the catalog's work itself")


async def _products(db: Database) -> dict[str, Any]:
    async with db.engine.connect() as conn:
        rows = await conn.execute(select(PRODUCTS.c.retailer_id, PRODUCTS.c.price_amount))
        return {row.retailer_id: row.price_amount for row in rows}


async def test_an_upload_is_imported_by_a_child_with_the_same_report(
    db: Database, upload: BinaryIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(catalog_service, "run_import", _not_here)  # this process only
    changed: list[bool] = []
    service = _service(db, on_change=lambda: changed.append(True))
    request = ImportRequest(file_name="t.csv", actor="test")
    report = await service.import_stream(_fill(upload, _csv(*THREE)), request)
    assert (report.rows, report.imported, report.created, report.applied) == (3, 3, 3, True)
    assert report.import_id is not None
    assert {rid: str(price) for rid, price in (await _products(db)).items()} == {
        "A": "100.00",
        "B": "1299.00",
        "C": "300.00",
    }
    assert changed == [True]  # the sync is woken here, where the worker runs


async def test_rejected_rows_come_back_from_the_child_row_by_row(
    db: Database, upload: BinaryIO
) -> None:
    data = _csv(THREE[0], f"B,Кофе,сто рублей,{IMG}/b.jpg", "C,Какао,300,")
    report = await _service(db).import_stream(
        _fill(upload, data), ImportRequest(file_name="t.csv", actor="test")
    )
    assert (report.rows, report.rejected, report.applied, report.exit_code) == (3, 2, False, 1)
    assert [(p.row, p.column) for p in report.errors] == [(3, "price"), (4, "image_link")]
    assert "сто рублей" in report.errors[0].ru
    assert await _products(db) == {}


async def test_a_stopped_import_is_recorded_as_failed(db: Database, upload: BinaryIO) -> None:
    rows = [f"S{n},Товар {n},{100 + n % 50},{IMG}/{n}.jpg" for n in range(30_000)]
    data = _csv(*rows)
    service = _service(db)
    request = ImportRequest(file_name="big.csv", actor="test")
    import_id = await service.start_import(request)
    progress = ProgressRecorder(db, import_id, len(data))
    running = asyncio.create_task(
        service.import_stream(_fill(upload, data), request, progress=progress, import_id=import_id)
    )
    async with asyncio.timeout(120):  # a bound for a broken build, not a measure
        while (record := await _record(db, import_id))["progress_rows"] == 0:
            await asyncio.sleep(0.05)
    assert record["status"] == "running"  # the child writes its progress to the row
    running.cancel()  # as the server's shutdown does after its grace
    with pytest.raises(asyncio.CancelledError):
        await running
    assert (await _record(db, import_id))["status"] == "failed"


async def _record(db: Database, import_id: int) -> dict[str, Any]:
    async with db.engine.connect() as conn:
        row = (await conn.execute(select(IMPORTS).where(IMPORTS.c.id == import_id))).mappings()
        return dict(row.one())


async def _import_here(db: Database, sandbox: TestServer) -> None:
    service = _service(db, sandbox)
    service.in_child = False
    await service.import_stream(
        io.BytesIO(_csv(*THREE)), ImportRequest(file_name="t.csv", actor="test")
    )


async def test_the_sync_runs_in_a_child_and_the_poll_starts_none_without_work(
    db: Database, sandbox: TestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _import_here(db, sandbox)
    monkeypatch.setattr(catalog_service, "CatalogSync", _not_here)  # this process only
    service = _service(db, sandbox)
    report = await service.sync()
    assert (report.sent, report.synced, report.failed) == (3, 3, 0)
    assert set(await sandbox_items(sandbox)) == {"A", "B", "C"}
    monkeypatch.setattr(child, "run_sync", _not_here)
    assert await service.sync_job() == 0  # nothing to send: no process is started


async def _fault(sandbox: TestServer, status: int, code: int) -> None:
    body = {"status": status, "code": code, "message": "refused"}
    async with httpx.AsyncClient() as client:
        answer = await client.post(str(sandbox.make_url("/control/catalog/faults")), json=body)
    answer.raise_for_status()


async def test_metas_refusals_in_the_child_reach_the_caller(
    db: Database, sandbox: TestServer
) -> None:
    await _import_here(db, sandbox)
    service = _service(db, sandbox)
    await _fault(sandbox, 401, 190)
    with pytest.raises(SyncAuthError, match="WHATSAPP_ACCESS_TOKEN"):
        await service.sync()
    await _fault(sandbox, 400, 100)
    with pytest.raises(GraphError) as refused:
        await service.sync()
    assert (refused.value.status, refused.value.code) == (400, 100)
    assert await sandbox_items(sandbox) == {}


class _Pauses:
    def __init__(self) -> None:
        self.seconds: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)


async def test_the_childs_writer_leaves_sqlites_lock_free_after_each_unit(
    database_url: str,
) -> None:
    db = child_main.TurnTakingDatabase(database_url)
    pauses = _Pauses()
    db.pause = pauses
    try:
        for _ in range(2):
            async with db.connection() as conn:
                await conn.execute(select(PRODUCTS.c.id).limit(1))
    finally:
        await db.dispose()
    if db.is_sqlite:
        assert len(pauses.seconds) == 2
        assert all(child_main.PAUSE_MIN_S <= s <= child_main.PAUSE_MAX_S for s in pauses.seconds)
    else:  # PostgreSQL's writers do not wait on one lock
        assert pauses.seconds == []
