"""`shop doctor`: prints one line per go-live check with its fix; exit 0 when all pass."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.exc import SQLAlchemyError

from shop.doctor.checks import Verdict
from shop.doctor.run import examine, live_probes
from shop.settings import Settings
from shop.storage.db import Database
from shop.texts import Locale, locale_of, t

EXIT_OK, EXIT_FAILED = 0, 1


def render(verdicts: Sequence[Verdict], locale: Locale) -> str:
    """`OK   line` or `FAIL line — fix: …`, then the count of failures."""
    lines = []
    for v in verdicts:
        mark = t("doctor.mark.ok" if v.ok else "doctor.mark.fail", locale)
        fix = f" — {t('doctor.fix', locale)}: {v.fix}" if not v.ok and v.fix else ""
        lines.append(f"{mark:<5}{v.line}{fix}")
    failed = sum(not v.ok for v in verdicts)
    summary = t("doctor.failed", locale, count=failed) if failed else t("doctor.all_ok", locale)
    return "\n".join([*lines, summary]) + "\n"


async def diagnose(settings: Settings, locale: Locale) -> list[Verdict]:
    db = Database(settings.database_url)
    try:
        async with live_probes(settings, db) as probes:
            return await examine(settings, probes, now=datetime.now(UTC), locale=locale)
    except SQLAlchemyError as exc:
        why = str(exc).splitlines()[0][:200]
        return [
            Verdict(
                False, t("doctor.database.bad", locale, why=why), t("doctor.database.fix", locale)
            )
        ]
    finally:
        await db.dispose()


def doctor_command(args: argparse.Namespace, settings: Settings) -> int:
    locale = locale_of(args.lang)
    verdicts = asyncio.run(diagnose(settings, locale))
    sys.stdout.write(render(verdicts, locale))
    return EXIT_OK if all(v.ok for v in verdicts) else EXIT_FAILED
