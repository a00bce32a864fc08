"""`shop catalog import` and `shop catalog sync`: the catalog service on the command line."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import sys
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO, TextIO

from catalog.graph import GraphError
from catalog.importing import ImportMode, ImportReport, ImportRequest
from catalog.sync import SyncReport
from shop.catalog_app.service import SYNC_JOB, CatalogService, SyncAuthError
from shop.clock import SystemClock
from shop.compose import open_services
from shop.settings import Settings
from shop.storage.db import Database
from shop.storage.wakeups import notify_once
from shop.texts import both, t

log = logging.getLogger(__name__)
EXIT_OK, EXIT_REJECTED, EXIT_UNREADABLE = 0, 1, 2
BAR = 30


class TerminalProgress:
    """A one-line progress bar on stderr, redrawn in place."""

    def __init__(self, total_bytes: int, stream: TextIO = sys.stderr) -> None:
        self.total, self.stream = max(total_bytes, 1), stream

    def __call__(self, rows: int, done_bytes: int) -> None:
        share = min(done_bytes / self.total, 1.0)
        filled = int(share * BAR)
        bar = "#" * filled + "." * (BAR - filled)
        self.stream.write(f"\r[{bar}] {share:4.0%}  {rows:,} rows".replace(",", " "))
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\n")


def render_report(report: ImportReport, file_name: str) -> str:
    """The import's report: its counts in English, each problem in Russian and in English."""
    lines = [f"{file_name}: {report.format or '?'}"]
    if report.problem:
        problem = report.problem
        return "\n".join(
            [
                *lines,
                t("cli.import.error", "ru", reason=problem.ru),
                t("cli.import.error", "en", reason=problem.en),
            ]
        )
    counts = t(
        "cli.import.counts",
        "en",
        rows=report.rows,
        imported=report.imported,
        rejected=report.rejected,
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        deactivated=report.deactivated,
    )
    lines.append(t("cli.import.dry_run", "en", counts=counts) if report.dry_run else counts)
    if report.notice:
        lines.extend(report.notice)
    row = "/".join(both("cli.import.row"))
    for problem in report.errors:
        where = f"{row} {problem.row}" + (f", «{problem.column}»" if problem.column else "")
        lines.append(f"  {where}: {problem.ru}\n  {' ' * len(where)}  {problem.en}")
    if report.rejected > len(report.errors):
        lines.append("  " + t("cli.import.more", "en", n=report.rejected - len(report.errors)))
    return "\n".join(lines)


def import_command(args: argparse.Namespace, settings: Settings) -> int:
    path = Path(args.file)
    if not path.is_file():
        print(f"shop: {path} is not a readable file", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        return _import(path, args, settings)
    except Exception as exc:
        # Exit 1 means "rows rejected": anything else that goes wrong is one line and 2.
        log.debug("catalog import failed", exc_info=True)
        print(
            f"shop: catalog import failed ({type(exc).__name__}): {_first_line(exc)}",
            file=sys.stderr,
        )
        return EXIT_UNREADABLE


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0][:300] if lines else "no details"


def _import(path: Path, args: argparse.Namespace, settings: Settings) -> int:
    from shop.serve import prepare_database

    prepare_database(settings)
    request = ImportRequest(
        file_name=path.name,
        actor=f"cli:{getpass.getuser()}",
        mode=ImportMode.PARTIAL if args.partial else ImportMode.FULL,
        dry_run=args.dry_run,
        import_valid=args.import_valid,
    )
    progress = TerminalProgress(path.stat().st_size) if sys.stderr.isatty() else None

    async def main(source: BinaryIO) -> ImportReport:
        # Only the catalog service, not every service of `open_services`: a one-shot import
        # opens no other connection (its failure is one line, whatever is unreachable).
        db = Database(settings.database_url, busy_timeout=settings.sqlite_busy_timeout)
        changed: list[bool] = []
        service = CatalogService(
            db=db, settings=settings, clock=SystemClock(), on_change=lambda: changed.append(True)
        )
        try:
            report = await service.import_stream(source, request, progress=progress)
            # A running `shop serve` or `shop worker` syncs at once, as after an import through
            # the web. PostgreSQL carries the wake-up across processes; SQLite runs one
            # process by design, so nothing is sent there and the sync's next poll (30 s) takes it.
            if changed and not db.is_sqlite:
                await notify_once(settings.database_url, SYNC_JOB)
            return report
        finally:
            await db.dispose()

    with path.open("rb") as source:
        report = asyncio.run(main(source))
    if progress:
        progress.close()
    print(render_report(report, path.name))
    return report.exit_code


def sync_command(args: argparse.Namespace, settings: Settings) -> int:
    from shop.sandbox_mode import with_sandbox_endpoints
    from shop.serve import prepare_database

    if settings.sandbox:  # the fake inside a running `shop serve`
        settings = with_sandbox_endpoints(settings, settings.public_base_url)
    prepare_database(settings)

    async def main() -> SyncReport:
        async with open_services(settings, run_worker=False) as services:
            retry = bool(getattr(args, "retry_errors", False))
            # This command is a process of its own already: the sync runs right here.
            return await replace(services.catalog, in_child=False).sync(retry_errors=retry)

    try:
        report = asyncio.run(main())
    except SyncAuthError as exc:
        print(f"shop: catalog sync stopped: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except GraphError as exc:
        print(f"shop: catalog sync failed, run it again later: {exc}", file=sys.stderr)
        return EXIT_REJECTED
    print(
        f"catalog sync: sent {report.sent} in {report.batches} batches, "
        f"synced {report.synced}, rejected by Meta {report.failed}, "
        f"still running {report.unfinished}"
    )
    return EXIT_REJECTED if report.failed else EXIT_OK
