"""Staff accounts: add, list, disable, sign in, and who holds a session.

The holder of ADMIN_TOKEN is the bootstrap owner under the reserved name `admin`; every other
person has an account here. A session's subject is the account's name, so disabling the
account ends its sessions on their next request (and deletes them).
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shop.access import audit
from shop.access.passwords import MIN_LENGTH, hash_password, verify
from shop.access.roles import Role
from shop.access.sessions import ADMIN, subject_of
from shop.access.tables import AdminSession, StaffToken, StaffUser
from shop.storage.db import Database
from shop.storage.sql import run

NAME = re.compile(r"^\w[\w.-]{0,39}$")


class StaffRefused(Exception):
    """A staff change that cannot be made (name taken, unknown, bad); says why in one line,
    and `code` names the reason for the pages' texts (`staff.refused.<code>`)."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Actor:
    """Who is acting on the merchant pages: a name (for the audit log) and a role."""

    name: str
    role: Role


BOOTSTRAP = Actor(ADMIN, Role.OWNER)


def check_name(name: str) -> str:
    """The account name as stored (case-folded), or StaffRefused saying what is wrong."""
    folded = name.strip().casefold()
    if not NAME.match(folded):
        raise StaffRefused(
            "name: 1-40 letters, digits, '.', '-' or '_', starting with a letter", code="name"
        )
    if folded == ADMIN:
        raise StaffRefused(f"name: '{ADMIN}' is the ADMIN_TOKEN holder's", code="name_reserved")
    return folded


def check_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise StaffRefused(f"password: at least {MIN_LENGTH} characters", code="password")
    return password


async def add_user(
    db: Database, name: str, role: Role, password: str, now: datetime, *, actor: str
) -> StaffUser:
    name, hashed = check_name(name), hash_password(check_password(password))
    try:
        async with db.transaction() as session:
            user = StaffUser(name=name, role=role.value, password_hash=hashed, created_at=now)
            session.add(user)
            await session.flush()
            await audit.record(session, actor, "user.add", f"user:{name}", role.value, at=now)
    except IntegrityError:
        raise StaffRefused(f"name taken: {name}", code="name_taken") from None
    return user


async def list_users(db: Database) -> list[StaffUser]:
    async with db.sessions() as session:
        return list((await session.exec(select(StaffUser).order_by(col(StaffUser.name)))).all())


async def disable_user(db: Database, name: str, now: datetime, *, actor: str) -> StaffUser:
    """Disable the account, delete its sessions and revoke its API tokens; disabling twice
    keeps the first time."""
    folded = name.strip().casefold()
    async with db.transaction() as session:
        user = await find_user(session, folded)
        if user.disabled_at is None:
            user.disabled_at = now
            await audit.record(session, actor, "user.disable", f"user:{folded}", "", at=now)
        await run(session, delete(AdminSession).where(col(AdminSession.subject) == folded))
        await run(
            session,
            update(StaffToken)
            .where(col(StaffToken.user_id) == user.id, col(StaffToken.revoked_at).is_(None))
            .values(revoked_at=now),
        )
    return user


async def find_user(session: AsyncSession, name: str) -> StaffUser:
    """The account of this (folded) name, or StaffRefused."""
    user = (await session.exec(select(StaffUser).where(col(StaffUser.name) == name))).first()
    if user is None:
        raise StaffRefused(f"no such user: {name}", code="no_user")
    return user


async def sign_in(db: Database, name: str, password: str) -> Actor | None:
    """The account's actor when the password is right and the account live, else None.
    Hashing runs off the event loop: argon2 takes tens of milliseconds on purpose."""
    folded = name.strip().casefold()
    async with db.sessions() as session:
        query = select(StaffUser).where(col(StaffUser.name) == folded)
        user = (await session.exec(query)).first()
    stored = user.password_hash if user is not None else None
    if not await asyncio.to_thread(verify, stored, password):
        return None
    if user is None or user.disabled_at is not None:
        return None
    return Actor(user.name, Role(user.role))


async def actor_of(db: Database, secret: str, now: datetime) -> Actor | None:
    """Who holds this live session: the bootstrap owner, a live account, or None."""
    subject = await subject_of(db, secret, now)
    if subject is None:
        return None
    if subject == ADMIN:
        return BOOTSTRAP
    async with db.sessions() as session:
        query = select(StaffUser).where(col(StaffUser.name) == subject)
        user = (await session.exec(query)).first()
    if user is None or user.disabled_at is not None:
        return None
    return Actor(user.name, Role(user.role))
