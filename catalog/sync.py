"""Sync to the WhatsApp catalog: send only what changed, poll the batches, record each item.

A batch and the items it covers are stored *before* the request goes out, and its
handle right after, so an interrupted sync resumes: a batch with a handle is polled
again (never re-sent); a batch without one is dropped and its items, whose
`synced_hash` never moved, are simply part of the next change set.

Reads go through short read connections and every write through `write`, the caller's
disciplined unit of work (on SQLite it takes the write lock first and waits its turn);
no transaction is open while a Graph request or a poll's pause is under way.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from catalog import sync_store as store
from catalog.graph import BatchStatus, CatalogApi, GraphError
from catalog.product import graph_item
from catalog.repository import product_of

log = logging.getLogger(__name__)

MAX_BATCH = 3000  # Meta allows 5,000 and advises fewer than 3,000
POLL_DELAYS = (0.5, 1.0, 2.0, 4.0, 8.0, 15.0, 30.0)
MAX_POLLS = 60
# A unit of work that may write: commits when the block ends, rolls back if it raises.
# `shop` passes `Database.connection` (on SQLite: the process's turn, then BEGIN IMMEDIATE).
Writer = Callable[[], AbstractAsyncContextManager[AsyncConnection]]


@dataclass
class SyncReport:
    batches: int = 0
    sent: int = 0
    synced: int = 0
    failed: int = 0
    unfinished: int = 0  # batches still running at Meta when we stopped polling
    dropped: int = 0  # batches Meta failed as a whole (their items were not recorded)
    remaining: int = 0  # items still to send after this run (changed while it ran)

    def as_json(self) -> dict[str, int]:
        return dict(self.__dict__)

    @property
    def more_work(self) -> int:
        """What a worker should do at once: items changed during the run, unless Meta
        failed or delayed a batch (then sending again at once would only repeat that)."""
        return 0 if self.dropped or self.unfinished else self.remaining


class CatalogSync:
    def __init__(
        self,
        *,
        engine: AsyncEngine,
        write: Writer,
        api: CatalogApi,
        catalog_id: str,
        link_for: Callable[[str], str],
        now: Callable[[], datetime],
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        batch_size: int = MAX_BATCH,
        max_polls: int = MAX_POLLS,
    ) -> None:
        self.engine, self.api, self.catalog_id = engine, api, catalog_id
        self.write = write
        self.link_for, self.now, self.sleep = link_for, now, sleep
        self.batch_size, self.max_polls = min(batch_size, MAX_BATCH), max_polls

    async def run(self) -> SyncReport:
        """Finish what an earlier run left open, then send the current change set once."""
        report = SyncReport()
        await self._resume(report)
        async with self.engine.connect() as conn:
            pending = await store.change_set(conn)
        for start in range(0, len(pending), self.batch_size):
            prepared = await self._prepare(pending[start : start + self.batch_size])
            if prepared is not None:
                await self._send_and_poll(*prepared, report)
        async with self.engine.connect() as conn:
            report.remaining = await store.count_sendable(conn)
        return report

    async def _resume(self, report: SyncReport) -> None:
        async with self.engine.connect() as conn:
            batches = await store.open_batches(conn, self.catalog_id)
        unsent = [batch.id for batch in batches if batch.handle is None]
        if unsent:
            async with self.write() as conn:
                for batch_id in unsent:
                    await store.set_batch(conn, batch_id, status="abandoned")
        for batch in batches:
            if batch.handle is not None:
                log.info("catalog sync resumes", extra={"batch_id": batch.id})
                await self._poll(batch.id, batch.handle, report)

    async def _prepare(self, ids: list[str]) -> tuple[int, list[dict[str, Any]]] | None:
        # Read, then write the batch in a short unit of its own: what was read is what is
        # sent, with its hash, so a change in between only makes the item pending again.
        async with self.engine.connect() as conn:
            rows = await store.products_by_id(conn, ids)
        requests, items = [], []
        for row in rows:
            request, sent_hash = self._request(row)
            requests.append(request)
            items.append(
                {
                    "retailer_id": row.retailer_id,
                    "method": request["method"],
                    "sent_hash": sent_hash,
                }
            )
        if not items:
            return None
        async with self.write() as conn:
            batch_id = await store.create_batch(conn, self.catalog_id, items, self.now())
        return batch_id, requests

    def _request(self, row: Any) -> tuple[dict[str, Any], str]:
        if not row.active:
            return {"method": "DELETE", "data": {"id": row.retailer_id}}, store.DELETED
        data = graph_item(product_of(row), default_link=self.link_for(row.retailer_id))
        return {"method": "UPDATE", "data": data}, row.content_hash

    async def _send_and_poll(
        self, batch_id: int, requests: list[dict[str, Any]], report: SyncReport
    ) -> None:
        handle = await self.api.items_batch(requests)
        async with self.write() as conn:
            await store.set_batch(conn, batch_id, status="sent", handle=handle, sent_at=self.now())
        report.batches += 1
        report.sent += len(requests)
        await self._poll(batch_id, handle, report)

    async def _poll(self, batch_id: int, handle: str, report: SyncReport) -> None:
        for attempt in range(self.max_polls):
            await self.sleep(POLL_DELAYS[min(attempt, len(POLL_DELAYS) - 1)])
            try:
                status = await self.api.batch_status(handle)
            except GraphError as exc:
                if exc.auth or exc.transient:
                    raise
                # Meta no longer knows the handle: give the batch up; its items are
                # still unsynced, so the change set carries them to a new batch.
                status = BatchStatus("error")
            if status.done:
                await self._record(batch_id, status, report)
                return
        report.unfinished += 1
        log.warning("catalog batch still running", extra={"batch_id": batch_id})

    async def _record(self, batch_id: int, status: BatchStatus, report: SyncReport) -> None:
        async with self.write() as conn:
            items = await store.batch_items(conn, batch_id)
            if status.status != "finished":
                # Meta dropped the whole batch: nothing moved, the next sync sends it again.
                await store.set_batch(conn, batch_id, status="failed", finished_at=self.now())
                report.failed += len(items)
                report.dropped += 1
                return
            synced, failed = [], []
            for item in items:
                if item.retailer_id in status.invalid_ids:
                    message = status.errors.get(item.retailer_id, "rejected by Meta")
                    failed.append(
                        {"rid": item.retailer_id, "error": message[:2000], "hash": item.sent_hash}
                    )
                else:
                    synced.append({"rid": item.retailer_id, "hash": item.sent_hash})
            await store.record_results(conn, synced, failed, self.now())
            await store.set_batch(
                conn, batch_id, status="finished", error_count=len(failed), finished_at=self.now()
            )
        report.synced += len(synced)
        report.failed += len(failed)
