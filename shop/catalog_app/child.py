"""Catalog imports and syncs in a child process, off the process that answers shoppers.

A 100,000-row import is seconds of parsing, hashing and statement building, and a sync as
many again of Graph items and multi-megabyte JSON bodies. On the event loop that answers
chats, every await of a shopper's turn queued behind those slices: replies took seconds
while the catalog moved (docs/BENCHMARKS.md, "The catalog under real size"). In a child the
operating system shares the cores instead, and the child's heap, with what a big job leaves
fragmented, is returned whole when it exits.

This is the parent's side; `child_main` is the child's. The parent writes the job (settings
included: they may carry the sandbox's endpoints, which no environment variable holds) to the
child's stdin as a pickle and reads the outcome from its stdout the same way; both ends are
this package, nothing else writes there. The uploaded file is handed over as an open
descriptor. Progress goes through the import's row, as it does from any process.
"""

from __future__ import annotations

import asyncio
import os
import pickle
import sys
from dataclasses import dataclass
from typing import Any, BinaryIO

from catalog.graph import GraphError
from catalog.importing import ImportReport, ImportRequest
from catalog.sync import SyncReport
from shop.catalog_app.errors import ChildFailed, SyncAuthError
from shop.settings import Settings

# How long a stopped child may take to record its import as failed before it is killed.
STOP_GRACE_S = 30.0


@dataclass(frozen=True)
class ImportJob:
    settings: Settings
    fd: int
    offset: int
    request: ImportRequest
    import_id: int | None
    progress_total: int | None  # write progress to the import's row, of this many bytes


@dataclass(frozen=True)
class SyncJob:
    settings: Settings
    retry_errors: bool


async def run_import(
    settings: Settings,
    source: BinaryIO,
    request: ImportRequest,
    *,
    import_id: int | None,
    progress_total: int | None,
) -> ImportReport:
    """Import an uploaded file (a real file: its descriptor is handed over) in a child."""
    job = ImportJob(settings, source.fileno(), source.tell(), request, import_id, progress_total)
    outcome: ImportReport = await _run_child(job, pass_fds=(job.fd,))
    return outcome


async def run_sync(settings: Settings, *, retry_errors: bool) -> SyncReport:
    outcome: SyncReport = await _run_child(SyncJob(settings, retry_errors))
    return outcome


async def _run_child(job: ImportJob | SyncJob, pass_fds: tuple[int, ...] = ()) -> Any:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "shop.catalog_app.child_main",
        str(os.getpid()),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        pass_fds=pass_fds,
    )
    try:
        stdout, _ = await process.communicate(pickle.dumps(job))
    except asyncio.CancelledError:  # shutdown: the child records an import as failed
        await _stop(process)
        raise
    if process.returncode != 0 or not stdout:
        raise ChildFailed(f"catalog child process exited with {process.returncode}")
    return _outcome(pickle.loads(stdout))  # noqa: S301 (our own child wrote it)


async def _stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.terminate()
        try:
            await asyncio.wait_for(process.wait(), STOP_GRACE_S)
        except TimeoutError:
            process.kill()
            await process.wait()


def _outcome(message: tuple[str, Any]) -> Any:
    kind, value = message
    if kind == "ok":
        return value
    if kind == "auth":
        raise SyncAuthError(value)
    if kind == "graph":
        raise GraphError(*value)
    raise ChildFailed(f"catalog job failed in its process: {value}")
