"""`shop users add|list|disable|token`: staff accounts from the command line, one line each.

Exit codes: 0 done, 1 refused (name taken, unknown, disabled, no such token), 2 bad usage.
`token NAME [--label L]` prints a new API token of the account, once; `token NAME --revoke ID`
revokes one (its number is printed when it is made and shown on the pages). `add` prints a
one-time password, or takes the password from stdin (`--password-stdin`, or stdin that is not
a terminal and not empty), so a script can set it without it showing in the process list.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import TextIO, TypeVar

from shop.access.passwords import one_time_password
from shop.access.roles import Role
from shop.access.staff import StaffRefused, add_user, disable_user, list_users
from shop.access.tokens import create_token, revoke_token
from shop.clock import utcnow
from shop.settings import Settings
from shop.storage import migrations
from shop.storage.db import Database

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2
ACTOR = "cli"  # the audit log's name for whoever runs the command on the server
T = TypeVar("T")


def _with_db(settings: Settings, work: Callable[[Database], Awaitable[T]]) -> T:
    # SQLite is embedded: like `shop serve`, bring it to the latest schema first, so the
    # first owner can be added before the first start.
    if settings.is_sqlite:
        migrations.upgrade(settings.database_url)

    async def run() -> T:
        db = Database(settings.database_url, busy_timeout=settings.sqlite_busy_timeout)
        try:
            return await work(db)
        finally:
            await db.dispose()

    return asyncio.run(run())


def password_from(stdin: TextIO, *, forced: bool) -> str | None:
    """The password piped in (its first line), or None: make a one-time one."""
    if not forced and stdin.isatty():
        return None
    line = stdin.readline().rstrip("\r\n")
    return line or None


def add_command(args: argparse.Namespace, settings: Settings) -> int:
    given = password_from(sys.stdin, forced=args.password_stdin)
    if given is None and args.password_stdin:
        print("shop: --password-stdin: no password on stdin", file=sys.stderr)
        return EXIT_USAGE
    password = given or one_time_password()
    role = Role(args.role)
    try:
        user = _with_db(
            settings, lambda db: add_user(db, args.name, role, password, utcnow(), actor=ACTOR)
        )
    except StaffRefused as exc:
        print(f"shop: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    if given is None:
        print(f"added {user.name} ({role}); one-time password: {password}")
    else:
        print(f"added {user.name} ({role})")
    return EXIT_OK


def list_command(_args: argparse.Namespace, settings: Settings) -> int:
    for user in _with_db(settings, list_users):
        state = f"disabled {user.disabled_at:%Y-%m-%d}" if user.disabled_at else "active"
        print(f"{user.name}\t{user.role}\t{state}\tadded {user.created_at:%Y-%m-%d}")
    return EXIT_OK


def disable_command(args: argparse.Namespace, settings: Settings) -> int:
    try:
        user = _with_db(settings, lambda db: disable_user(db, args.name, utcnow(), actor=ACTOR))
    except StaffRefused as exc:
        print(f"shop: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    print(f"disabled {user.name}; their sessions and API tokens are closed")
    return EXIT_OK


def token_command(args: argparse.Namespace, settings: Settings) -> int:
    name = args.name.strip().casefold()
    try:
        if args.revoke is not None:
            _with_db(
                settings,
                lambda db: revoke_token(db, name, args.revoke, utcnow(), actor=ACTOR),
            )
            print(f"revoked token {args.revoke} of {name}")
            return EXIT_OK
        token = _with_db(
            settings, lambda db: create_token(db, name, args.label, utcnow(), actor=ACTOR)
        )
    except StaffRefused as exc:
        print(f"shop: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    print(f"token {token.id} of {name} ({token.label}), shown once: {token.secret}")
    return EXIT_OK
