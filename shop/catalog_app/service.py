"""The catalog feature in the application: one service behind the CLI, the API and the pages."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from typing import Any, BinaryIO
from urllib.parse import quote

from sqlalchemy import func, select, text

from catalog import sync_store
from catalog.graph import GraphCatalogApi, GraphError, graph_client
from catalog.importing import ImportReport, ImportRequest, Progress, run_import, start_record
from catalog.repository import IMPORTS
from catalog.sync import CatalogSync, SyncReport
from shop.catalog_app import child
from shop.catalog_app.errors import SyncAuthError as SyncAuthError  # its callers import it here
from shop.catalog_app.progress import ProgressRecorder
from shop.clock import Clock
from shop.sandbox_mode import credentials
from shop.settings import Settings
from shop.shop_profile.languages import current as shop_languages
from shop.storage.db import Database
from shop.worker import Job

log = logging.getLogger(__name__)
SYNC_JOB = "catalog.sync"
# Stock sold in the chat changes no import and wakes nobody: the poll is what carries it to
# WhatsApp, so it runs often enough that a change arrives within a minute (batch included).
SYNC_INTERVAL_SECONDS = 30.0
# Any constant works; it only has to be the same in every worker process.
SYNC_LOCK_KEY = 0x56495452


@dataclass
class CatalogService:
    db: Database
    settings: Settings
    clock: Clock
    # Tests pass a sleep that returns at once; production waits between polls and retries.
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    # The worker job and the admin's "sync now" share this service inside one process.
    _running: asyncio.Lock = field(default_factory=asyncio.Lock, repr=False)
    # Called once an import changed the catalog (the composition root wakes the sync job).
    on_change: Callable[[], None] | None = None
    # Uploaded files are imported, and syncs run, in a child process (`catalog_app.child`):
    # the serving processes set it, so their event loop answers shoppers meanwhile.
    in_child: bool = False

    async def sync_job(self) -> int:
        """The worker's periodic sync: what changed since the last one."""
        try:
            report = await self.sync()
        except SyncAuthError as exc:
            log.error("catalog sync stopped: %s", exc)
            return 0
        # Busy only while work remains: what was sent is done, refused items wait.
        return report.more_work

    def jobs(self) -> list[Job]:
        """The sync job, when a catalog is configured (in sandbox mode, once `shop serve`
        pointed the settings at its fakes)."""
        if self.settings.whatsapp_catalog_id is None:
            return []
        return [Job(SYNC_JOB, self.sync_job, interval=SYNC_INTERVAL_SECONDS)]

    async def import_stream(
        self,
        source: BinaryIO,
        request: ImportRequest,
        *,
        progress: Progress | None = None,
        import_id: int | None = None,
    ) -> ImportReport:
        if self.in_child and _is_file(source):
            total = progress.total_bytes if isinstance(progress, ProgressRecorder) else None
            report = await child.run_import(
                self.settings, source, request, import_id=import_id, progress_total=total
            )
        else:
            report = await self._import_here(source, request, progress, import_id)
        changed = report.created + report.updated + report.deactivated
        if report.applied and changed and self.on_change is not None:
            self.on_change()
        return report

    async def _import_here(
        self,
        source: BinaryIO,
        request: ImportRequest,
        progress: Progress | None,
        import_id: int | None,
    ) -> ImportReport:
        # The shop has one currency (the languages page's, else SHOP_CURRENCY): rows priced
        # in another are rejected, row by row.
        async with self.db.sessions() as session:
            languages, _ = await shop_languages(session, self.settings.shop_currency)
        request = replace(request, currency=languages.currency)
        return await run_import(
            self.db, source, request, now=self.clock.now, progress=progress, import_id=import_id
        )

    async def start_import(self, request: ImportRequest) -> int:
        """Record an import before its file is read (the admin page shows its progress)."""
        return await start_record(self.db, request, self.clock.now())

    @property
    def catalog_id(self) -> str | None:
        return credentials(self.settings).catalog_id

    def _token(self) -> str:
        return credentials(self.settings).access_token

    def link_for(self, retailer_id: str) -> str:
        return f"{self.settings.public_base_url}/p/{quote(retailer_id, safe='')}"

    async def sync(self, *, retry_errors: bool = False) -> SyncReport:
        """Push catalog changes and wait for Meta's results; one sync at a time.

        Items Meta refused wait until they change; `retry_errors` sends them again as they are.
        """
        if self.catalog_id is None:
            raise SyncAuthError("WHATSAPP_CATALOG_ID is not set: there is no catalog to sync to")
        if self.in_child:
            return await self._sync_in_child(retry_errors)
        if retry_errors:
            async with self.db.connection() as conn:
                await sync_store.retry_errors(conn)
        async with self._sync_lock() as acquired:
            if not acquired:
                return SyncReport()
            client = graph_client(
                self.settings.whatsapp_graph_url,
                self._token(),
                header=self.settings.whatsapp_auth_header,
            )
            async with client:
                api = GraphCatalogApi(
                    client,
                    catalog_id=self.catalog_id,
                    version=self.settings.whatsapp_api_version,
                    sleep=self.sleep,
                )
                sync = CatalogSync(
                    engine=self.db.engine,
                    write=self.db.connection,
                    api=api,
                    catalog_id=self.catalog_id,
                    link_for=self.link_for,
                    now=self.clock.now,
                    sleep=self.sleep,
                )
                try:
                    return await sync.run()
                except GraphError as exc:
                    if exc.auth:
                        raise SyncAuthError(
                            f"Meta refused the access token (code {exc.code}): check "
                            "WHATSAPP_ACCESS_TOKEN and the catalog permissions"
                        ) from None
                    raise

    async def _sync_in_child(self, retry_errors: bool) -> SyncReport:
        """The sync in a child process, when there is something to do: the periodic poll
        costs this process one count, not a process start."""
        if self._running.locked():
            return SyncReport()
        async with self._running:
            if not retry_errors and not await self._sendable():
                return SyncReport()
            return await child.run_sync(self.settings, retry_errors=retry_errors)

    async def _sendable(self) -> bool:
        async with self.db.engine.connect() as conn:
            if await sync_store.count_sendable(conn):
                return True
            return bool(await sync_store.open_batches(conn, self.catalog_id or ""))

    @asynccontextmanager
    async def _sync_lock(self) -> AsyncIterator[bool]:
        """One sync at a time: in this process, and on PostgreSQL across all workers."""
        if self._running.locked():
            yield False
            return
        async with self._running, self._database_lock() as acquired:
            yield acquired

    @asynccontextmanager
    async def _database_lock(self) -> AsyncIterator[bool]:
        if self.db.is_sqlite:  # one worker process on SQLite (see ARCHITECTURE.md)
            yield True
            return
        # A session lock on an autocommit connection: held for the whole sync, but no
        # transaction stays open across the Graph calls and polls it spans.
        async with self.db.engine.connect() as conn:
            conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
            got = bool(await conn.scalar(text(f"SELECT pg_try_advisory_lock({SYNC_LOCK_KEY})")))
            try:
                yield got
            finally:
                if got:
                    await conn.execute(text(f"SELECT pg_advisory_unlock({SYNC_LOCK_KEY})"))

    async def products(
        self,
        *,
        limit: int = 100,
        offset: int = 0,
        state: str | None = None,
        search: str | None = None,
    ) -> dict[str, Any]:
        """Counts of the whole catalog and a page of products; `search` is a retailer id's
        start or any part of a title."""
        async with self.db.engine.connect() as conn:
            rows = await sync_store.list_products(
                conn, limit=limit, offset=offset, state=state, search=search
            )
            counts = await sync_store.count_products(conn)
        return {"counts": counts, "products": [product_json(row) for row in rows]}

    async def count_matching(self, *, state: str | None = None, search: str | None = None) -> int:
        """How many products `products(state=…, search=…)` pages through."""
        async with self.db.engine.connect() as conn:
            return await sync_store.count_matching(conn, state=state, search=search)

    async def import_record(self, import_id: int) -> dict[str, Any] | None:
        async with self.db.engine.connect() as conn:
            row = (
                (await conn.execute(select(IMPORTS).where(IMPORTS.c.id == import_id)))
                .mappings()
                .first()
            )
        return dict(row) if row else None

    async def recent_imports(self, limit: int = 10, offset: int = 0) -> list[dict[str, Any]]:
        query = select(IMPORTS).order_by(IMPORTS.c.id.desc()).limit(limit).offset(offset)
        async with self.db.engine.connect() as conn:
            return [dict(r) for r in (await conn.execute(query)).mappings()]

    async def count_imports(self) -> int:
        async with self.db.engine.connect() as conn:
            return int(await conn.scalar(select(func.count()).select_from(IMPORTS)) or 0)


def product_json(row: Any) -> dict[str, Any]:
    state = sync_store.sync_state(row)
    return {
        "retailer_id": row.retailer_id,
        "title": row.title,
        "price": f"{row.price_amount:.2f} {row.price_currency}",
        "sale_price": None
        if row.sale_amount is None
        else f"{row.sale_amount:.2f} {row.price_currency}",
        "availability": row.availability,
        "quantity": row.quantity,
        "active": row.active,
        "sync_state": state,
        "sync_error": row.sync_error if state == "error" else None,
        "synced_at": row.synced_at.isoformat() if row.synced_at else None,
        "updated_at": row.updated_at.isoformat(),
    }


def _is_file(source: BinaryIO) -> bool:
    """Whether `source` is a real file, whose descriptor a child process can read."""
    try:
        source.fileno()
    except (AttributeError, OSError, ValueError):  # io.BytesIO and the like
        return False
    return True
