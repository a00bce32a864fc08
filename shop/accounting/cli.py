"""`shop reconcile`: the reconciliation report of a period on the command line."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import date, datetime

from payments.gateway import GatewayError
from payments.reconcile import Period
from payments.reconcile_render import to_csv, to_json
from shop.accounting.sheet import sheet_words
from shop.compose import open_services
from shop.sandbox_mode import with_sandbox_endpoints
from shop.settings import Settings
from shop.texts import locale_of

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def reconcile_command(args: argparse.Namespace, settings: Settings) -> int:
    try:
        since = date.fromisoformat(args.since)
        # Without --until the report runs to today, in the shop's zone.
        until = date.fromisoformat(args.until) if args.until else today(settings)
    except ValueError:
        print("shop: --since and --until must be dates like 2026-11-24", file=sys.stderr)
        return EXIT_USAGE
    if until < since:
        print("shop: --until is before --since", file=sys.stderr)
        return EXIT_USAGE
    if settings.sandbox:  # the fake YooKassa of a running `shop serve`
        settings = with_sandbox_endpoints(settings, settings.public_base_url)
    return asyncio.run(_report(settings, Period(since, until), args.format, args.lang))


def today(settings: Settings) -> date:
    return datetime.now(settings.zone).date()


async def _report(settings: Settings, period: Period, fmt: str, lang: str) -> int:
    from shop.accounting.reconciliation import build_report

    async with open_services(settings, run_worker=False) as services:
        try:
            report = await build_report(
                services.db, services.yookassa, period, as_of=services.clock.now()
            )
        except GatewayError as exc:
            print(f"shop: YooKassa did not answer: {exc}", file=sys.stderr)
            return EXIT_FAILED
    if fmt == "json":
        sys.stdout.write(to_json(report) + "\n")
    else:  # bytes, so that `> file.csv` is UTF-8 with its BOM whatever the terminal's encoding
        sys.stdout.flush()
        sys.stdout.buffer.write(to_csv(report, sheet_words(locale_of(lang))).encode("utf-8"))
        sys.stdout.buffer.flush()
    return EXIT_OK
