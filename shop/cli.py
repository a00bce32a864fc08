"""The `shop` command line: serve, worker, migrations, catalog, templates, reconciliation,
staff accounts."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from typing import Any

from shop.logs import configure_logging
from shop.orders.model import OrderStatus
from shop.settings import Settings, SettingsError, load_settings

log = logging.getLogger("shop")

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2

Command = Callable[[argparse.Namespace, Settings], int]


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from shop.serve import ServeError, serve

    try:
        return serve(
            settings,
            host=args.host,
            port=args.port,
            run_worker=not args.no_worker,
            workers=args.workers,
        )
    except ServeError as exc:
        print(f"shop: {exc}", file=sys.stderr)
        return EXIT_USAGE


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    from shop.serve import run_worker_forever

    return run_worker_forever(settings, concurrency=args.concurrency)


def cmd_db_upgrade(_args: argparse.Namespace, settings: Settings) -> int:
    from shop.storage.migrations import upgrade

    upgrade(settings.database_url)
    print("database is at the latest revision")
    return EXIT_OK


def cmd_catalog_import(args: argparse.Namespace, settings: Settings) -> int:
    from shop.catalog_app.cli import import_command

    return import_command(args, settings)


def cmd_catalog_sync(args: argparse.Namespace, settings: Settings) -> int:
    from shop.catalog_app.cli import sync_command

    return sync_command(args, settings)


def to_running_sandbox(command: Command, *needs: str) -> Command:
    """For a command that talks to WhatsApp or YooKassa (the API addresses it `needs`): in
    sandbox mode those are the fakes of the running `shop serve`, found where it serves, or
    one line saying what to set."""

    def run(args: argparse.Namespace, settings: Settings) -> int:
        from shop.sandbox_mode import SandboxNotFound, running_sandbox

        if settings.sandbox:
            try:
                settings = running_sandbox(settings, needs)
            except SandboxNotFound as exc:
                print(f"shop: {exc}", file=sys.stderr)
                return EXIT_USAGE
        return command(args, settings)

    return run


def cmd_consents_import(args: argparse.Namespace, settings: Settings) -> int:
    from shop.consent.cli import import_command

    return import_command(args, settings)


def cmd_reconcile(args: argparse.Namespace, settings: Settings) -> int:
    from shop.accounting.cli import reconcile_command

    return reconcile_command(args, settings)


def cmd_users(args: argparse.Namespace, settings: Settings) -> int:
    from shop.access import cli

    commands = {
        "add": cli.add_command,
        "list": cli.list_command,
        "disable": cli.disable_command,
        "token": cli.token_command,
    }
    return commands[args.users](args, settings)


def cmd_orders(args: argparse.Namespace, settings: Settings) -> int:
    from shop.orders import cli

    commands = {"status": cli.status_command, "tracking": cli.tracking_command}
    return commands[args.orders](args, settings)


def cmd_doctor(args: argparse.Namespace, settings: Settings) -> int:
    from shop.doctor.cli import doctor_command

    return doctor_command(args, settings)


def cmd_templates_submit(args: argparse.Namespace, settings: Settings) -> int:
    from shop.whatsapp.template_cli import submit_command

    return submit_command(args, settings)


def cmd_templates_sync(_args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    import httpx

    from shop.compose import open_services
    from shop.whatsapp.graph import GraphError

    async def main() -> int:
        async with open_services(settings, run_worker=False) as services:
            return await services.whatsapp.sync_templates()

    try:
        count = asyncio.run(main())
    except (GraphError, httpx.HTTPError) as exc:
        print(f"shop: templates sync failed: {exc}", file=sys.stderr)
        return EXIT_REJECTED
    print(f"templates synced: {count}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    # -v/--verbose is accepted before the command and after it (`shop db upgrade -v`).
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=argparse.SUPPRESS,
        help="also show framework logs (migrations, start-up), as LOG_LEVEL=DEBUG does",
    )
    parser = argparse.ArgumentParser(
        prog="shop", description="Vitrina, a WhatsApp storefront", parents=[common]
    )
    sub = _Subcommands(
        parser.add_subparsers(dest="command", required=True, metavar="COMMAND"), common
    )

    serve = sub.add_parser("serve", help="web service (and the worker unless --no-worker)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--no-worker", action="store_true", help="do not run background jobs")
    serve.add_argument(
        "--workers",
        type=_positive,
        metavar="N",
        help="web processes on the one port (default: the cores on PostgreSQL, 1 on SQLite "
        "and in sandbox mode)",
    )
    serve.set_defaults(run=cmd_serve)

    worker = sub.add_parser("worker", help="background jobs only")
    worker.add_argument(
        "--concurrency", type=_positive, default=1, metavar="N", help="worker processes (default 1)"
    )
    worker.set_defaults(run=cmd_worker)

    db = sub.group("db", help="database maintenance")
    db.add_parser("upgrade", help="apply migrations to DATABASE_URL").set_defaults(
        run=cmd_db_upgrade
    )

    catalog = sub.group("catalog", help="catalog import and sync")
    imp = catalog.add_parser("import", help="import a catalog CSV and print the report")
    imp.add_argument("file")
    imp.add_argument("--dry-run", action="store_true", help="validate only, change nothing")
    imp.add_argument("--partial", action="store_true", help="only add and update items")
    imp.add_argument("--import-valid", action="store_true", help="import valid rows despite errors")
    imp.set_defaults(run=cmd_catalog_import)
    sync = catalog.add_parser("sync", help="push catalog changes to WhatsApp")
    sync.add_argument(
        "--retry-errors",
        action="store_true",
        help="send items Meta refused again as they are (otherwise they wait until they change)",
    )
    sync.set_defaults(run=to_running_sandbox(cmd_catalog_sync, "whatsapp_graph_url"))

    templates = sub.group("templates", help="message templates")
    templates.add_parser("sync", help="pull templates from WhatsApp").set_defaults(
        run=to_running_sandbox(cmd_templates_sync, "whatsapp_graph_url")
    )
    submit = templates.add_parser("submit", help="submit the templates Vitrina needs for review")
    submit.add_argument("--lang", choices=("ru", "en"), default="ru", help="language of the report")
    submit.set_defaults(run=to_running_sandbox(cmd_templates_submit, "whatsapp_graph_url"))

    rec = sub.add_parser("reconcile", help="payment reconciliation report")
    rec.add_argument("--since", required=True, metavar="YYYY-MM-DD")
    rec.add_argument("--until", metavar="YYYY-MM-DD", help="last day (default: today)")
    rec.add_argument("--format", choices=("csv", "json"), default="csv")
    rec.add_argument(
        "--lang", choices=("ru", "en"), default="ru", help="the CSV's headers and words"
    )
    rec.set_defaults(run=to_running_sandbox(cmd_reconcile, "yookassa_api_url"))

    doctor = sub.add_parser("doctor", help="check every production requirement, with fixes")
    doctor.add_argument("--lang", choices=("ru", "en"), default="ru", help="the report's language")
    doctor.set_defaults(
        run=to_running_sandbox(cmd_doctor, "whatsapp_graph_url", "yookassa_api_url")
    )

    orders = sub.group("orders", help="move orders: exit 0 done, 1 refused, 2 bad input")
    ostat = orders.add_parser("status", help="move one order, e.g. A-10001 shipped")
    ostat.add_argument("number")
    ostat.add_argument("status", choices=[s.value for s in OrderStatus])
    ostat.add_argument("--tracking", help="tracking number (with shipped)")
    ostat.add_argument("--carrier", help="delivery service (with shipped)")
    ostat.add_argument("--tracking-url", help="tracking link, https://… (with shipped)")
    ostat.add_argument("--reason", help="why (needed to cancel)")
    otrack = orders.add_parser("tracking", help="ship orders from a CSV of number and tracking")
    otrack.add_argument("file")
    for command in (ostat, otrack):
        command.add_argument("--lang", choices=("ru", "en"), default="ru", help="output language")
        command.set_defaults(run=to_running_sandbox(cmd_orders, "yookassa_api_url"))

    consents = sub.group("consents", help="marketing consents")
    cimp = consents.add_parser("import", help="import consents collected offline")
    cimp.add_argument("file")
    cimp.set_defaults(run=cmd_consents_import)

    users = sub.group("users", help="staff accounts: exit 0 done, 1 refused, 2 bad usage")
    uadd = users.add_parser("add", help="add an account and print its one-time password")
    uadd.add_argument("name")
    uadd.add_argument("--role", required=True, choices=("owner", "operator", "accountant"))
    uadd.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin instead"
    )
    ulist = users.add_parser("list", help="one line per account")
    udis = users.add_parser("disable", help="disable an account, end its sessions and tokens")
    udis.add_argument("name")
    utok = users.add_parser("token", help="print a new API token of an account, or revoke one")
    utok.add_argument("name")
    utok.add_argument("--label", default="cli", help="what the token is for (default: cli)")
    utok.add_argument("--revoke", type=int, metavar="ID", help="revoke the token of this number")
    for command in (uadd, ulist, udis, utok):
        command.set_defaults(run=cmd_users)
    return parser


def _positive(text: str) -> int:
    """A count of processes: 1 to 64."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= value <= 64:
        raise argparse.ArgumentTypeError(f"{value} is not between 1 and 64")
    return value


class _Subcommands:
    """argparse's subcommand action, giving every command (and group of commands) the
    common options."""

    def __init__(self, action: Any, common: argparse.ArgumentParser) -> None:
        self.action, self.common = action, common

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = self.action.add_parser(
            name, parents=[self.common], **kwargs
        )
        return parser

    def group(self, name: str, **kwargs: Any) -> _Subcommands:
        group = self.add_parser(name, **kwargs).add_subparsers(dest=name, required=True)
        return _Subcommands(group, self.common)


LONG_RUNNING = ("serve", "worker")


def log_level(args: argparse.Namespace, settings: Settings) -> tuple[str, bool]:
    """(level, show framework logs). A one-shot command prints its own result: logs below
    WARNING only with --verbose or LOG_LEVEL=DEBUG. The service logs at LOG_LEVEL."""
    if settings.log_level == "DEBUG":
        return "DEBUG", True
    if getattr(args, "verbose", False):
        return "INFO", True
    if args.command in LONG_RUNNING or settings.log_level in ("ERROR", "CRITICAL"):
        return settings.log_level, False
    return "WARNING", False


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"shop: {exc}", file=sys.stderr)
        return EXIT_USAGE
    level, frameworks = log_level(args, settings)
    configure_logging(level, settings.log_format, frameworks=frameworks)
    try:
        code: int = args.run(args, settings)
    except KeyboardInterrupt:
        return 130
    return code
