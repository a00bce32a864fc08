"""The import service: one checking pass, then chunked upserts in short units of work, a report.

All-or-nothing by default: the file is checked whole before anything is written, and
nothing is written when any row is rejected (unless the merchant asked to import the valid
rows) or when it is a dry run. Unchanged products (same content hash) are never rewritten.
Memory stays flat in the file's size: one chunk of rows, at most MAX_KEPT_ERRORS errors,
and the ids seen so far and the checked rows on disk (`catalog.seen`, a spool file).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import pickle
import tempfile
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, BinaryIO, Protocol

from sqlalchemy import text as sql
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from catalog import repository as repo
from catalog.formats import RowResult
from catalog.messages import FileProblem, Problem, text
from catalog.parsing import CatalogParse
from catalog.product import Product
from catalog.seen import SeenIds

MAX_KEPT_ERRORS = 1000
# Rows per unit of work, at least (a parsed chunk is 100). SQLite has one writer: its units
# stay one chunk, so shoppers' turns wait for no more than that (the catalog-at-size bench).
# PostgreSQL's writers do not block one another, and each unit costs its round trips.
WRITE_ROWS = {"postgresql": 500}
# A chunk's transaction on PostgreSQL: a custom plan each time (a generic plan made while the
# table was empty would scan it all later), and no wait for its WAL to reach the disk. The
# import's record commits as usual at the end, and that flush takes every chunk before it
# along; a crash before it loses at most the last chunks, which an import cut short may
# leave anyway (the next import converges).
_PG_CHUNK_SETTINGS = (
    "SELECT set_config('plan_cache_mode', 'force_custom_plan', true),"
    " set_config('synchronous_commit', 'off', true)"
)
Progress = Callable[[int, int], None]  # rows read, bytes read


class ImportMode(StrEnum):
    FULL = "full"  # the file is the whole catalog: items it lacks become inactive
    PARTIAL = "partial"  # the file only adds and updates


@dataclass(frozen=True)
class ImportRequest:
    file_name: str
    actor: str
    mode: ImportMode = ImportMode.FULL
    dry_run: bool = False
    import_valid: bool = False
    currency: str = "RUB"  # the shop's one currency (SHOP_CURRENCY): others are rejected


@dataclass
class ImportReport:
    rows: int = 0
    valid: int = 0
    rejected: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    applied: bool = False
    dry_run: bool = False
    format: str = ""
    problem: Problem | None = None
    errors: list[Problem] = field(default_factory=list)
    import_id: int | None = None
    checksum: str = ""
    size_bytes: int = 0

    @property
    def imported(self) -> int:
        """Rows that are (or, in a dry run, would be) in the catalog after this import."""
        return self.valid if (self.applied or self.dry_run) and not self.problem else 0

    @property
    def exit_code(self) -> int:
        return 2 if self.problem else 1 if self.rejected else 0

    @property
    def notice(self) -> tuple[str, str] | None:
        if self.rejected and not self.applied and not self.dry_run and not self.problem:
            return text("not_applied", "ru"), text("not_applied", "en")
        return None

    def as_json(self) -> dict[str, Any]:
        errors = [self.problem] if self.problem else self.errors
        body: dict[str, Any] = {
            "rows": self.rows,
            "imported": self.imported,
            "rejected": self.rejected,
            "errors": [e.as_json() for e in errors],
        }
        body.update(
            import_id=self.import_id,
            format=self.format,
            dry_run=self.dry_run,
            applied=self.applied,
            created=self.created,
            updated=self.updated,
            unchanged=self.unchanged,
            deactivated=self.deactivated,
            errors_total=self.rejected if not self.problem else 1,
        )
        if self.notice:
            body["notice"], body["notice_en"] = self.notice
        return body


class CatalogStore(Protocol):
    """What an import needs of the database; the shop's `Database` is one.

    `connection()` is a short unit of work that writes: on SQLite it begins IMMEDIATE and
    takes its turn with the process's other writers. Reads go through `engine.connect()`.
    """

    engine: AsyncEngine

    def connection(self) -> AbstractAsyncContextManager[AsyncConnection]: ...


class _Hashing:
    """Counts and checksums bytes on their way to the parser."""

    def __init__(self, source: BinaryIO) -> None:
        self.source = source
        self.sha = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(size)
        self.sha.update(data)
        self.size += len(data)
        return data


class _Run:
    """One import: one pass over the file that checks every row, then, if it is to be
    applied, the writing of what that pass kept.

    The pass counts, collects errors (at most MAX_KEPT_ERRORS are kept, the count is exact)
    and, in a dry run, compares with the stored products through reads only. Otherwise it
    spools each chunk's valid products, as the rows to store with their content hashes, to
    a private temporary file: the file is parsed once, not once to check and again to write
    (parsing is most of an import's time), and memory holds one chunk at a time. Only when
    the whole file has passed are the chunks written, each its own short unit of work, so
    shoppers' turns interleave with the import.
    """

    def __init__(
        self, store: CatalogStore, request: ImportRequest, now: datetime, progress: Progress | None
    ) -> None:
        self.store, self.request, self.now, self.progress = store, request, now, progress
        self.report = ImportReport(dry_run=request.dry_run)

    async def execute(self, source: BinaryIO) -> None:
        report, request = self.report, self.request
        hashing = _Hashing(source)
        with tempfile.TemporaryFile(prefix="vitrina-import-") as spool:
            try:
                with CatalogParse(hashing, currency=request.currency) as parse:  # type: ignore[arg-type]
                    await self._check(parse, None if request.dry_run else spool)
                    if report.rows == 0:
                        raise FileProblem(Problem(0, "", "empty_file"))
                    report.applied = _should_apply(report, request)
                    if report.applied:
                        spool.seek(0)
                        await self._write_spooled(spool, hashing.size)
                    if request.mode is ImportMode.FULL and (request.dry_run or report.applied):
                        report.deactivated = await self._deactivate(
                            parse.seen, write=report.applied
                        )
            except FileProblem as exc:
                report.problem = exc.problem
                report.applied = False
        report.checksum, report.size_bytes = hashing.sha.hexdigest(), hashing.size

    async def _check(self, parse: CatalogParse, spool: BinaryIO | None) -> None:
        """The pass over the file: tally, and spool (or, in a dry run, compare) each chunk."""
        self.report.format = parse.format_name
        rows = 0
        for chunk in parse.chunks():
            rows += len(chunk)
            self._tally(chunk)
            products = [r.product for r in chunk if r.product is not None]
            if spool is not None:
                entries = [_entry(p, self.now) for p in products]
                pickle.dump((rows, parse.bytes_read, entries), spool, pickle.HIGHEST_PROTOCOL)
            else:
                await self._compare(products)
            self._progress(rows, parse.bytes_read // 2)  # the pass is half the work
            await asyncio.sleep(0)  # a shopper's turn between two chunks

    async def _write_spooled(self, spool: BinaryIO, total: int) -> None:
        """The spooled chunks, in units of work of WRITE_ROWS rows or more; progress goes on
        from half way."""
        least = WRITE_ROWS.get(self.store.engine.dialect.name, 0)
        pending: list[_Entry] = []
        while True:
            try:
                rows, read, entries = pickle.load(spool)  # noqa: S301 - our own private file
            except EOFError:
                await self._write(pending)
                return
            pending.extend(entries)
            if len(pending) < least:
                continue
            await self._write(pending)
            pending = []
            self._progress(rows, (total + read) // 2)
            await asyncio.sleep(0)

    def _progress(self, rows: int, done_bytes: int) -> None:
        if self.progress:
            self.progress(rows, done_bytes)

    def _tally(self, chunk: list[RowResult]) -> None:
        report = self.report
        for result in chunk:
            report.rows += 1
            if result.product is not None:
                report.valid += 1
                continue
            report.rejected += 1
            if len(report.errors) < MAX_KEPT_ERRORS:
                report.errors.extend(result.problems[: MAX_KEPT_ERRORS - len(report.errors)])

    async def _compare(self, products: list[Product]) -> None:
        entries = [_entry(p, self.now) for p in products]
        async with self.store.engine.connect() as conn:
            self._changed_rows(entries, await repo.current_state(conn, _ids(entries)))

    async def _write(self, entries: list[_Entry]) -> None:
        if not entries:
            return
        async with self.store.connection() as conn:
            if conn.dialect.name == "postgresql":
                # A generic plan made while the table was empty would scan it all later.
                await conn.execute(sql(_PG_CHUNK_SETTINGS))
            state = await repo.current_state(conn, _ids(entries))
            if conn.dialect.name == "postgresql":
                await conn.execute(sql("SELECT set_config('plan_cache_mode', 'auto', true)"))
            await repo.upsert(conn, self._changed_rows(entries, state))

    def _changed_rows(
        self, entries: list[_Entry], state: dict[str, tuple[str, bool]]
    ) -> list[dict[str, Any]]:
        """Rows of new or changed products, counted; unchanged ones are never rewritten."""
        report, rows = self.report, []
        for retailer_id, digest, active, row in entries:
            old = state.get(retailer_id)
            if old == (digest, active):
                report.unchanged += 1
                continue
            if old is None:
                report.created += 1
            else:
                report.updated += 1
            rows.append(row)
        return rows

    async def _deactivate(self, seen: SeenIds, *, write: bool) -> int:
        """A full import hides the active products the file does not name.

        A rejected row names its id too: a typo must not hide an item.
        """
        after, count = "", 0
        while True:
            async with self.store.engine.connect() as conn:
                active = await repo.active_ids_after(conn, after, repo.CHUNK)
            if not active:
                return count
            after = active[-1]
            present = seen.contains(active)
            gone = [rid for rid in active if rid not in present]
            count += len(gone)
            if write and gone:
                async with self.store.connection() as conn:
                    await repo.deactivate(conn, gone, self.now)
            await asyncio.sleep(0)


# A valid product as the writing needs it: its id, content hash, whether it is active, and
# the row to store.
_Entry = tuple[str, str, bool, dict[str, Any]]


def _entry(product: Product, now: datetime) -> _Entry:
    digest = product.content_hash()
    return product.retailer_id, digest, product.active, repo.product_row(product, digest, now)


def _ids(entries: list[_Entry]) -> list[str]:
    return [entry[0] for entry in entries]


async def run_import(
    store: CatalogStore,
    source: BinaryIO,
    request: ImportRequest,
    *,
    now: Callable[[], datetime],
    progress: Progress | None = None,
    import_id: int | None = None,
) -> ImportReport:
    """Import one CSV stream, read once; the report says what happened, the database
    records it."""
    if import_id is None:
        import_id = await start_record(store, request, now())
    run = _Run(store, request, now(), progress)
    try:
        await run.execute(source)
    except BaseException:
        await _abandon_record(store, import_id, now())
        raise
    report = run.report
    if not report.applied and not request.dry_run:  # nothing was written
        report.created = report.updated = report.unchanged = report.deactivated = 0
    report.import_id = import_id
    await finish_record(store, import_id, report, now())
    return report


def _should_apply(report: ImportReport, request: ImportRequest) -> bool:
    if report.problem or request.dry_run:
        return False
    return not report.rejected or request.import_valid


async def start_record(store: CatalogStore, request: ImportRequest, now: datetime) -> int:
    async with store.connection() as conn:
        return await repo.insert_import(
            conn,
            {
                "actor": request.actor[:100],
                "file_name": request.file_name[:255],
                "mode": request.mode.value,
                "dry_run": request.dry_run,
                "import_valid": request.import_valid,
                "status": "running",
                "started_at": now,
            },
        )


async def _abandon_record(store: CatalogStore, import_id: int, now: datetime) -> None:
    """An import cut short (crash, shutdown) must not look "running" forever."""
    with contextlib.suppress(Exception):
        async with store.connection() as conn:
            await repo.update_import(conn, import_id, {"status": "failed", "finished_at": now})


async def finish_record(
    store: CatalogStore, import_id: int, report: ImportReport, now: datetime
) -> None:
    errors = [e.as_json() for e in ([report.problem] if report.problem else report.errors)]
    status = "unreadable" if report.problem else "applied" if report.applied else "not_applied"
    async with store.connection() as conn:
        await repo.update_import(
            conn,
            import_id,
            {
                "checksum": report.checksum,
                "size_bytes": report.size_bytes,
                "format": report.format,
                "status": "dry_run" if report.dry_run and not report.problem else status,
                "applied": report.applied,
                "rows": report.rows,
                "imported": report.imported,
                "rejected": report.rejected,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "deactivated": report.deactivated,
                "problem": report.problem.en[:2000] if report.problem else None,
                "errors_json": json.dumps(errors, ensure_ascii=False),
                "finished_at": now,
            },
        )
