"""Merchant pages for the catalog: upload with a report table, progress, and sync state.

An upload is saved to a temporary file and imported by a background task; the browser
is redirected to the import's page, which refreshes itself (no script needed) and shows
a progress bar until the report is ready. The page works for files of any size and
keeps no request open while a 100,000-row file is imported.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from dataclasses import dataclass
from typing import Any, BinaryIO

from aiohttp import web

from catalog.importing import ImportRequest
from shop.catalog_app.progress import ImportProgress, ProgressRecorder
from shop.catalog_app.service import CatalogService, SyncAuthError
from shop.web.admin import frame, product_list
from shop.web.admin.listing import BadFilter
from shop.web.admin.routes import PageRoutes
from shop.web.import_options import import_request
from shop.web.keys import SERVICES

log = logging.getLogger(__name__)
pages = PageRoutes()


@dataclass
class RunningImport:
    """An import this process runs, drained at shutdown. Its progress is in its row
    (`shop.catalog_app.progress`), which every process reads."""

    progress: ProgressRecorder
    task: asyncio.Task[None] | None = None


RUNNING = web.AppKey("catalog_imports_running", dict[int, RunningImport])
SYNC_TASK = web.AppKey("catalog_sync_task", dict[str, asyncio.Task[None]])


def service_of(request: web.Request) -> CatalogService:
    return request.app[SERVICES].catalog


@pages.get("/admin/catalog", nav="admin.catalog.title")
async def catalog_page(request: web.Request) -> web.Response:
    """Products paged and filtered by a SKU's start or a title's part and by sync state, and
    the imports paged apart; a wrong filter is a 400 naming the field in Russian."""
    service = service_of(request)
    context: dict[str, Any] = {
        "syncing": "sync" in request.app[SYNC_TASK],
        "catalog_id": service.catalog_id,
    }
    try:
        wanted = product_list.asked(request.query)
    except BadFilter as bad:
        listing = await service.products(limit=0)
        context |= {**product_list.NOTHING, "counts": listing["counts"], "notice": bad.notice()}
        context["form"] = product_list.empty_form(request.query)
        return frame.render("catalog.html", request, context, status=400)
    context |= await product_list.catalog_lists(service, wanted)
    return frame.render("catalog.html", request, context)


@pages.post("/admin/catalog/imports")
async def upload(request: web.Request) -> web.Response:
    received = await frame.receive_form_upload(request)
    service = service_of(request)
    options = import_request(received.fields, received.name, "admin")
    import_id = await service.start_import(options)
    running = RunningImport(ProgressRecorder(service.db, import_id, received.size))
    await running.progress.start()
    request.app[RUNNING][import_id] = running
    running.task = asyncio.create_task(
        _run(request.app, service, received.file, options, import_id, running),
        name=f"catalog-import-{import_id}",
    )
    return web.Response(status=303, headers={"Location": f"/admin/catalog/imports/{import_id}"})


async def _run(
    app: web.Application,
    service: CatalogService,
    file: BinaryIO,
    options: ImportRequest,
    import_id: int,
    running: RunningImport,
) -> None:
    try:
        await service.import_stream(file, options, progress=running.progress, import_id=import_id)
    except Exception:
        log.exception("catalog import failed", extra={"import_id": import_id})
    finally:
        await running.progress.close()
        file.close()
        app[RUNNING].pop(import_id, None)


@pages.get("/admin/catalog/imports/{import_id:\\d+}")
async def import_page(request: web.Request) -> web.Response:
    import_id = int(request.match_info["import_id"])
    record = await service_of(request).import_record(import_id)
    if record is None:
        raise web.HTTPNotFound()
    running = ImportProgress.of(record)  # whichever process runs it
    errors = json.loads(record["errors_json"]) if running is None else []
    context = {"record": record, "running": running, "errors": errors}
    return frame.render("catalog_import.html", request, context)


@pages.post("/admin/catalog/sync")
async def start_sync(request: web.Request) -> web.Response:
    await frame.check_csrf(request)
    # A refused item waits until it changes, unless the merchant ticks "send them again".
    retry_errors = (await request.post()).get("retry_errors") == "1"
    tasks = request.app[SYNC_TASK]
    if "sync" not in tasks:
        service = service_of(request)

        async def run() -> None:
            try:
                await service.sync(retry_errors=retry_errors)
            except SyncAuthError as exc:
                log.error("catalog sync stopped: %s", exc)
            except Exception:
                log.exception("catalog sync failed")
            finally:
                tasks.pop("sync", None)

        tasks["sync"] = asyncio.create_task(run(), name="catalog-sync-admin")
    return web.Response(status=303, headers={"Location": "/admin/catalog"})


async def _drain(app: web.Application) -> None:
    """Background imports finish (or are cancelled) before the database closes."""
    tasks = [r.task for r in app[RUNNING].values() if r.task] + list(app[SYNC_TASK].values())
    if tasks:
        _done, pending = await asyncio.wait(tasks, timeout=30)
        for task in pending:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


@pages.on_setup
def _background_tasks(app: web.Application) -> None:
    """The imports and the sync started from these pages, app-wide; drained at shutdown."""
    app[RUNNING] = {}
    app[SYNC_TASK] = {}
    app.on_shutdown.append(_drain)
