"""`shop consents import FILE`: the report on stdout, exit 0 / 1 / 2 as for the catalog."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

from shop.clock import utcnow
from shop.consent.importing import import_consents
from shop.settings import Settings
from shop.storage.db import Database


def import_command(args: argparse.Namespace, settings: Settings) -> int:
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"shop: cannot read {path.name}: {exc.strerror}", file=sys.stderr)
        return 2

    async def run() -> int:
        db = Database(settings.database_url, busy_timeout=settings.sqlite_busy_timeout)
        try:
            report = await import_consents(
                db, data, zone=settings.zone, now=utcnow(), file_name=path.name
            )
        finally:
            await db.dispose()
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
        return report.exit_code

    return asyncio.run(run())
