"""Importing consents collected offline (QR code, contract, form): parse, report, store."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from shop.consent import store
from shop.consent.csv_file import ConsentReport, parse_consents
from shop.storage.db import Database


async def import_consents(
    db: Database, data: bytes, *, zone: ZoneInfo, now: datetime, file_name: str = ""
) -> ConsentReport:
    """All-or-nothing like the catalog: a file with rejected rows stores nothing."""
    report = parse_consents(data, zone=zone, now=now)
    if report.problem is None and not report.errors:
        async with db.transaction() as session:
            for row in report.accepted:
                await store.append(
                    session,
                    row.event(),
                    now,
                    note=f"import {file_name}"[:500],
                    source_text=row.source_text,
                )
    return report
