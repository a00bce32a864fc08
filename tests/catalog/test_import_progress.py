"""An import's progress is written to its row, at most every interval, and never over the
finished record."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from catalog.importing import ImportReport, ImportRequest, finish_record, start_record
from catalog.repository import IMPORTS
from shop.catalog_app.progress import ImportProgress, ProgressRecorder
from shop.storage.db import Database

NOW = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)


async def record_of(db: Database, import_id: int) -> dict[str, object]:
    async with db.engine.connect() as conn:
        row = (await conn.execute(select(IMPORTS).where(IMPORTS.c.id == import_id))).mappings()
        return dict(row.one())


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_progress_is_written_at_most_once_per_interval(db: Database) -> None:
    import_id = await start_record(db, ImportRequest(file_name="a.csv", actor="t"), NOW)
    ticks = Ticks()
    recorder = ProgressRecorder(db, import_id, 4000, interval=0.5, monotonic=ticks)
    await recorder.start()
    for rows in range(1, 11):  # ten chunks within the same half second
        recorder(rows * 100, rows * 300)
        await recorder.close()
    assert recorder.writes == 2  # the start, then the first chunk; the rest waited
    ticks.now = 0.6
    recorder(2000, 3500)
    await recorder.close()
    record = await record_of(db, import_id)
    assert (record["progress_rows"], record["progress_bytes"]) == (2000, 3500)
    progress = ImportProgress.of(record)
    assert progress is not None
    assert (progress.rows, progress.percent) == (2000, 87)


async def test_a_late_progress_write_leaves_the_finished_record_alone(db: Database) -> None:
    import_id = await start_record(db, ImportRequest(file_name="a.csv", actor="t"), NOW)
    recorder = ProgressRecorder(db, import_id, 4000, interval=0)
    report = ImportReport(rows=3, valid=3, applied=True, size_bytes=123)
    await finish_record(db, import_id, report, NOW)
    recorder(3, 4000)
    await recorder.close()
    record = await record_of(db, import_id)
    assert record["size_bytes"] == 123
    assert record["progress_bytes"] == 0
    assert ImportProgress.of(record) is None
