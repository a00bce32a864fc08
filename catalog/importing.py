"""The import service: one streaming pass, chunked upserts in one transaction, a recorded report.

All-or-nothing by default: the whole import runs in a single transaction that is rolled
back when any row is rejected (unless the merchant asked to import the valid rows) or
when it is a dry run. Unchanged products (same content hash) are never rewritten.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, BinaryIO

from sqlalchemy import text as sql
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncTransaction

from catalog import repository as repo
from catalog.messages import FileProblem, Problem, text
from catalog.parsing import CatalogParse
from catalog.product import Product

MAX_KEPT_ERRORS = 1000
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
    def __init__(self, conn: AsyncConnection, request: ImportRequest, now: datetime) -> None:
        self.conn, self.request, self.now = conn, request, now
        self.report = ImportReport(dry_run=request.dry_run)
        self.pending: dict[str, Product] = {}
        self.keep: set[str] = set()

    @property
    def writing(self) -> bool:
        # A dry run rolls back anyway, so it writes on to give complete counts.
        request = self.request
        return not self.report.rejected or request.import_valid or request.dry_run

    async def flush(self) -> None:
        batch, self.pending = self.pending, {}
        if not batch or not self.writing:
            return
        state = await repo.current_state(self.conn, list(batch))
        rows = []
        for rid, product in batch.items():
            digest = product.content_hash()
            old = state.get(rid)
            if old == (digest, product.active):
                self.report.unchanged += 1
                continue
            if old is None:
                self.report.created += 1
            else:
                self.report.updated += 1
            rows.append(repo.product_row(product, digest, self.now))
        await repo.upsert(self.conn, rows)

    async def consume(self, parse: CatalogParse, progress: Progress | None) -> None:
        report = self.report
        report.format = parse.format_name
        for result in parse:
            report.rows += 1
            if result.retailer_id:
                self.keep.add(result.retailer_id)
            if result.product is None:
                report.rejected += 1
                if len(report.errors) < MAX_KEPT_ERRORS:
                    report.errors.extend(result.problems)
            else:
                report.valid += 1
                self.pending[result.product.retailer_id] = result.product
            if report.rows % repo.CHUNK == 0:
                await self.flush()
                if progress:
                    progress(report.rows, parse.bytes_read)
                await asyncio.sleep(0)  # let the web process breathe between chunks
        await self.flush()


async def run_import(
    engine: AsyncEngine,
    source: BinaryIO,
    request: ImportRequest,
    *,
    now: Callable[[], datetime],
    progress: Progress | None = None,
    import_id: int | None = None,
) -> ImportReport:
    """Import one CSV stream; the report says what happened, the database records it."""
    if import_id is None:
        import_id = await start_record(engine, request, now())
    hashing = _Hashing(source)
    async with engine.connect() as conn:
        transaction = await conn.begin()
        if conn.dialect.name == "postgresql":
            # The same chunk query runs ~100 times while the table grows inside this
            # transaction; a cached generic plan made on the empty table scans it all.
            await conn.execute(sql("SET LOCAL plan_cache_mode = force_custom_plan"))
        run = _Run(conn, request, now())
        try:
            await _consume(run, hashing, progress)
        except BaseException:
            await transaction.rollback()
            await _abandon_record(engine, import_id, now())
            raise
        report = await _settle(run, transaction)
    report.import_id, report.checksum, report.size_bytes = (
        import_id,
        hashing.sha.hexdigest(),
        hashing.size,
    )
    await finish_record(engine, import_id, report, now())
    return report


async def _settle(run: _Run, transaction: AsyncTransaction) -> ImportReport:
    """Commit or roll back; deactivations are counted in a dry run too, then undone."""
    report, request = run.report, run.request
    report.applied = _should_apply(report, request)
    full = request.mode is ImportMode.FULL and not report.problem
    if full and (report.applied or request.dry_run):
        report.deactivated = await repo.deactivate_missing(run.conn, run.keep, run.now)
    if report.applied:
        await transaction.commit()
        return report
    if not request.dry_run:  # counts of writes that were rolled back mean nothing
        report.created = report.updated = report.unchanged = 0
    await transaction.rollback()
    return report


async def _consume(run: _Run, source: _Hashing, progress: Progress | None) -> None:
    try:
        parse = CatalogParse(source, currency=run.request.currency)  # type: ignore[arg-type]
        await run.consume(parse, progress)
    except FileProblem as exc:
        run.report.problem = exc.problem
        return
    if run.report.rows == 0:
        run.report.problem = Problem(0, "", "empty_file")


def _should_apply(report: ImportReport, request: ImportRequest) -> bool:
    if report.problem or request.dry_run:
        return False
    return not report.rejected or request.import_valid


async def start_record(engine: AsyncEngine, request: ImportRequest, now: datetime) -> int:
    async with engine.begin() as conn:
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


async def _abandon_record(engine: AsyncEngine, import_id: int, now: datetime) -> None:
    """An import cut short (crash, shutdown) must not look "running" forever."""
    with contextlib.suppress(Exception):
        async with engine.begin() as conn:
            await repo.update_import(conn, import_id, {"status": "failed", "finished_at": now})


async def finish_record(
    engine: AsyncEngine, import_id: int, report: ImportReport, now: datetime
) -> None:
    errors = [e.as_json() for e in ([report.problem] if report.problem else report.errors)]
    status = "unreadable" if report.problem else "applied" if report.applied else "not_applied"
    async with engine.begin() as conn:
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
