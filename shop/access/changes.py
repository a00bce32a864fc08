"""Changes to an account after it is made: its role, enabling it again, a new one-time password
from the owner, a password its holder changes, and when it last signed in.

Each change and its audit entry commit together. A new password (reset or changed) ends the
account's other sessions, so whoever had it signed in elsewhere is out.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

from sqlalchemy import delete, update
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from shop.access import audit
from shop.access.passwords import hash_password, verify
from shop.access.roles import Role
from shop.access.sessions import session_key
from shop.access.staff import StaffRefused, check_password, find_user
from shop.access.tables import AdminSession, StaffUser
from shop.storage.db import Database
from shop.storage.sql import run


async def set_role(db: Database, name: str, role: Role, now: datetime, *, actor: str) -> bool:
    """Give the account `role`; False when it had it already (nothing logged)."""
    async with db.transaction() as session:
        user = await find_user(session, name)
        if user.role == role.value:
            return False
        detail = f"{user.role} → {role.value}"
        user.role = role.value
        await audit.record(session, actor, "user.role", f"user:{name}", detail, at=now)
    return True


async def enable_user(db: Database, name: str, now: datetime, *, actor: str) -> None:
    """Let a disabled account sign in again; its revoked API tokens stay revoked."""
    async with db.transaction() as session:
        user = await find_user(session, name)
        if user.disabled_at is not None:
            user.disabled_at = None
            await audit.record(session, actor, "user.enable", f"user:{name}", "", at=now)


async def reset_password(
    db: Database, name: str, password: str, now: datetime, *, actor: str
) -> None:
    """The owner sets a new (one-time) password; every session of the account ends."""
    hashed = await asyncio.to_thread(hash_password, check_password(password))
    async with db.transaction() as session:
        user = await find_user(session, name)
        user.password_hash = hashed
        await _end_sessions(session, name, keep=None)
        await audit.record(session, actor, "user.password_reset", f"user:{name}", "", at=now)


async def change_password(
    db: Database, name: str, current: str, new: str, now: datetime, *, keep_sid: str | None
) -> None:
    """The holder changes their own password, which they must give first; their other
    sessions end, the one they are using (`keep_sid`) stays."""
    check_password(new)
    async with db.sessions() as session:
        stored = (await find_user(session, name)).password_hash
    if not await asyncio.to_thread(verify, stored, current):
        raise StaffRefused("current: wrong password", code="current")
    hashed = await asyncio.to_thread(hash_password, new)
    async with db.transaction() as session:
        user = await find_user(session, name)
        user.password_hash = hashed
        await _end_sessions(session, name, keep=keep_sid)
        await audit.record(session, name, "user.password_change", f"user:{name}", "", at=now)


async def note_sign_in(db: Database, name: str, now: datetime) -> None:
    async with db.transaction() as session:
        await run(
            session,
            update(StaffUser).where(col(StaffUser.name) == name).values(last_sign_in_at=now),
        )


async def _end_sessions(session: AsyncSession, name: str, *, keep: str | None) -> None:
    statement = delete(AdminSession).where(col(AdminSession.subject) == name)
    if keep is not None:
        statement = statement.where(col(AdminSession.id) != session_key(keep))
    await run(session, statement)
