"""Per-person API tokens: `Authorization: Bearer <token>` on `/api` acts as the account that
owns it, with that account's role.

A token is 32 random bytes behind the `vt_` prefix, shown once when made. Only a keyed SHA-256
of it is stored: the token is random, so a slow password hash would add nothing, and the key
is fixed (not ADMIN_TOKEN) so that changing the admin token does not void everyone's tokens.
The last use is written at most once a minute, so a busy script does not write on every call.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import update
from sqlmodel import col, select

from shop.access import audit
from shop.access.roles import Role
from shop.access.staff import Actor, StaffRefused, find_user
from shop.access.tables import StaffToken, StaffUser
from shop.storage.db import Database
from shop.storage.sql import run

PREFIX = "vt_"
HINT_LENGTH = 10  # `vt_` and seven characters: enough to tell one's tokens apart
LABEL_MAX = 60
_KEY = b"vitrina-staff-api-token-v1"
USE_GRANULARITY = timedelta(minutes=1)


@dataclass(frozen=True)
class NewToken:
    """A token just made: `secret` is shown once and never again."""

    id: int
    label: str
    secret: str


def digest(secret: str) -> str:
    return hmac.new(_KEY, secret.encode(), hashlib.sha256).hexdigest()


def check_label(label: str) -> str:
    label = " ".join(label.split())
    if not 1 <= len(label) <= LABEL_MAX:
        raise StaffRefused(f"label: 1-{LABEL_MAX} characters", code="label")
    return label


async def create_token(
    db: Database, name: str, label: str, now: datetime, *, actor: str
) -> NewToken:
    """A new token of the (live) account `name`."""
    label, secret = check_label(label), PREFIX + secrets.token_urlsafe(32)
    async with db.transaction() as session:
        user = await find_user(session, name)
        if user.disabled_at is not None or user.id is None:
            raise StaffRefused(f"disabled: {name}", code="disabled")
        token = StaffToken(
            user_id=user.id,
            label=label,
            digest=digest(secret),
            hint=secret[:HINT_LENGTH],
            created_at=now,
        )
        session.add(token)
        await session.flush()
        await audit.record(session, actor, "token.create", f"user:{name}", label, at=now)
    assert token.id is not None
    return NewToken(token.id, label, secret)


async def tokens_of(db: Database, name: str) -> list[StaffToken]:
    """The account's tokens, live and revoked, newest first."""
    async with db.sessions() as session:
        query = (
            select(StaffToken)
            .join(StaffUser, col(StaffUser.id) == col(StaffToken.user_id))
            .where(col(StaffUser.name) == name)
            .order_by(col(StaffToken.id).desc())
        )
        return list((await session.exec(query)).all())


async def revoke_token(
    db: Database, name: str, token_id: int, now: datetime, *, actor: str
) -> None:
    """Revoke one token of the account `name` (another account's id is not found)."""
    async with db.transaction() as session:
        user = await find_user(session, name)
        token = await session.get(StaffToken, token_id)
        if token is None or token.user_id != user.id:
            raise StaffRefused(f"no such token: {token_id}", code="no_token")
        if token.revoked_at is None:
            token.revoked_at = now
            await audit.record(session, actor, "token.revoke", f"user:{name}", token.label, at=now)


async def token_holder(db: Database, secret: str, now: datetime) -> Actor | None:
    """Who a bearer token acts as: its live account, or None (unknown, revoked, disabled)."""
    if not secret.startswith(PREFIX):
        return None
    async with db.sessions() as session:
        query = (
            select(StaffToken, StaffUser)
            .join(StaffUser, col(StaffUser.id) == col(StaffToken.user_id))
            .where(col(StaffToken.digest) == digest(secret))
        )
        found = (await session.exec(query)).first()
    if found is None:
        return None
    token, user = found
    if token.revoked_at is not None or user.disabled_at is not None:
        return None
    if _stale(token.last_used_at, now):
        async with db.transaction() as session:
            used = update(StaffToken).where(col(StaffToken.id) == token.id)
            await run(session, used.values(last_used_at=now))
    return Actor(user.name, Role(user.role))


def _stale(last: datetime | None, now: datetime) -> bool:
    if last is None:
        return True
    if last.tzinfo is None:  # SQLite hands back naive UTC
        last = last.replace(tzinfo=UTC)
    return now - last >= USE_GRANULARITY
