"""The `shop` command line: serve, worker, migrations, catalog, templates, reconciliation."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

from shop.logs import configure_logging
from shop.settings import Settings, SettingsError, load_settings

log = logging.getLogger("shop")

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2

Command = Callable[[argparse.Namespace, Settings], int]


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from shop.serve import serve

    return serve(settings, host=args.host, port=args.port, run_worker=not args.no_worker)


def cmd_worker(_args: argparse.Namespace, settings: Settings) -> int:
    from shop.serve import run_worker_forever

    return run_worker_forever(settings)


def cmd_db_upgrade(_args: argparse.Namespace, settings: Settings) -> int:
    from shop.storage.migrations import upgrade

    upgrade(settings.database_url)
    print("database is at the latest revision")
    return EXIT_OK


def cmd_catalog_import(args: argparse.Namespace, settings: Settings) -> int:
    from shop.catalog_cli import import_command

    return import_command(args, settings)


def cmd_catalog_sync(args: argparse.Namespace, settings: Settings) -> int:
    from shop.catalog_cli import sync_command

    return sync_command(args, settings)


def cmd_consents_import(args: argparse.Namespace, settings: Settings) -> int:
    from shop.consents.cli import import_command

    return import_command(args, settings)


def cmd_reconcile(args: argparse.Namespace, settings: Settings) -> int:
    from shop.payflow.cli import reconcile_command

    return reconcile_command(args, settings)


def cmd_templates_sync(_args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    import httpx

    from shop.channel.graph import GraphError
    from shop.runtime import open_runtime
    from shop.sandbox_mode import with_sandbox_endpoints

    if settings.sandbox:  # the fake of a running `shop serve`
        settings = with_sandbox_endpoints(settings, settings.public_base_url)

    async def main() -> int:
        async with open_runtime(settings, run_worker=False) as runtime:
            assert runtime.channel is not None
            return await runtime.channel.sync_templates()

    try:
        count = asyncio.run(main())
    except (GraphError, httpx.HTTPError) as exc:
        print(f"shop: templates sync failed: {exc}", file=sys.stderr)
        return EXIT_REJECTED
    print(f"templates synced: {count}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="shop", description="Vitrina, a WhatsApp storefront")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = sub.add_parser("serve", help="web service (and the worker unless --no-worker)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--no-worker", action="store_true", help="do not run background jobs")
    serve.set_defaults(run=cmd_serve)

    worker = sub.add_parser("worker", help="background jobs only")
    worker.set_defaults(run=cmd_worker)

    db = sub.add_parser("db", help="database maintenance").add_subparsers(dest="db", required=True)
    db.add_parser("upgrade", help="apply migrations to DATABASE_URL").set_defaults(
        run=cmd_db_upgrade
    )

    catalog = sub.add_parser("catalog", help="catalog import and sync").add_subparsers(
        dest="catalog", required=True
    )
    imp = catalog.add_parser("import", help="import a catalog CSV and print the report")
    imp.add_argument("file")
    imp.add_argument("--dry-run", action="store_true", help="validate only, change nothing")
    imp.add_argument("--partial", action="store_true", help="only add and update items")
    imp.add_argument("--import-valid", action="store_true", help="import valid rows despite errors")
    imp.set_defaults(run=cmd_catalog_import)
    catalog.add_parser("sync", help="push catalog changes to WhatsApp").set_defaults(
        run=cmd_catalog_sync
    )

    templates = sub.add_parser("templates", help="message templates").add_subparsers(
        dest="templates", required=True
    )
    templates.add_parser("sync", help="pull templates from WhatsApp").set_defaults(
        run=cmd_templates_sync
    )

    rec = sub.add_parser("reconcile", help="payment reconciliation report")
    rec.add_argument("--since", required=True, metavar="YYYY-MM-DD")
    rec.add_argument("--until", metavar="YYYY-MM-DD")
    rec.add_argument("--format", choices=("csv", "json"), default="csv")
    rec.set_defaults(run=cmd_reconcile)

    consents = sub.add_parser("consents", help="marketing consents").add_subparsers(
        dest="consents", required=True
    )
    cimp = consents.add_parser("import", help="import consents collected offline")
    cimp.add_argument("file")
    cimp.set_defaults(run=cmd_consents_import)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"shop: {exc}", file=sys.stderr)
        return EXIT_USAGE
    configure_logging(settings.log_level, settings.log_format)
    try:
        code: int = args.run(args, settings)
    except KeyboardInterrupt:
        return 130
    return code
