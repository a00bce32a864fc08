"""`shop orders status NUMBER STATUS` and `shop orders tracking FILE`: moving orders from the
command line, as the `cli` owner. Exit codes: 0 done, 1 refused (the step, or any row of the
file), 2 unreadable file or bad input."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from shop.compose import open_services
from shop.orders.events import Actor
from shop.orders.lifecycle import Ask, BadTracking, Changed, check_tracking
from shop.orders.model import OrderStatus
from shop.orders.tracking_import import (
    Outcome,
    TrackingReport,
    Unreadable,
    apply_tracking,
    order_id_of,
    parse,
)
from shop.settings import Settings
from shop.texts import Locale, t

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2
CLI = Actor.staff("cli", "owner")


def status_command(args: argparse.Namespace, settings: Settings) -> int:
    lang: Locale = args.lang
    try:
        tracking = check_tracking(args.tracking, args.carrier, args.tracking_url)
    except BadTracking as bad:
        print(f"shop: {bad.field}: {t(bad.key, lang)}", file=sys.stderr)
        return EXIT_USAGE
    ask = Ask(OrderStatus(args.status), CLI, args.reason or "", tracking)

    async def run() -> int:
        async with open_services(settings, run_worker=False) as services:
            order_id = await order_id_of(services.lifecycle, args.number)
            if order_id is None:
                print(t("cli.orders.unknown", lang, number=args.number))
                return EXIT_REFUSED
            changed = await services.lifecycle.change(order_id, ask)
        assert changed is not None
        print(status_line(changed, lang))
        return EXIT_OK if changed.decision.target is not None else EXIT_REFUSED

    return asyncio.run(run())


def status_line(changed: Changed, lang: Locale) -> str:
    before = t(f"status.{changed.before}", lang) if changed.before else "?"
    decision = changed.decision
    if decision.target is None:
        allowed = ", ".join(f"{s} ({t(f'status.{s}', lang)})" for s in decision.allowed) or "—"
        why = t(f"cli.orders.refused.{decision.refusal}", lang, status=before)
        return t("cli.orders.refused", lang, number=changed.number, why=why, allowed=allowed)
    line = t(
        "cli.orders.moved",
        lang,
        number=changed.number,
        before=before,
        after=t(f"status.{decision.target}", lang),
    )
    if changed.refund is not None:
        line += "\n" + t("cli.orders.refund", lang, status=changed.refund.status)
    if changed.refund_problem is not None:
        line += "\n" + t("cli.orders.refund_pending", lang, why=changed.refund_problem)
    return line


def tracking_command(args: argparse.Namespace, settings: Settings) -> int:
    lang: Locale = args.lang
    path = Path(args.file)
    try:
        rows = parse(path.read_bytes())
    except OSError as exc:
        print(f"shop: {path.name}: {exc.strerror}", file=sys.stderr)
        return EXIT_USAGE
    except Unreadable as bad:
        print(f"{path.name}: {t(bad.key, lang)}")
        return EXIT_USAGE

    async def run() -> TrackingReport:
        async with open_services(settings, run_worker=False) as services:
            return await apply_tracking(services.lifecycle, rows, CLI)

    report = asyncio.run(run())
    print(render_tracking(report, path.name, lang))
    return report.exit_code


def render_tracking(report: TrackingReport, file_name: str, lang: Locale) -> str:
    counts = t(
        "cli.orders.tracking.counts",
        lang,
        rows=len(report.outcomes),
        shipped=report.count("shipped"),
        updated=report.count("updated"),
        unchanged=report.count("unchanged"),
        refused=report.count("refused"),
    )
    return "\n".join([f"{file_name}: {counts}", *(_outcome(o, lang) for o in report.outcomes)])


def _outcome(outcome: Outcome, lang: Locale) -> str:
    where = f"  {t('cli.orders.tracking.row', lang)} {outcome.line}: {outcome.number or '—'}"
    said = t(f"cli.orders.tracking.{outcome.result}", lang)
    if outcome.why is None:
        return f"{where} — {said}"
    status = t(f"status.{outcome.status}", lang) if outcome.status else ""
    return f"{where} — {said}: {t(outcome.why, lang, number=outcome.number, status=status)}"
