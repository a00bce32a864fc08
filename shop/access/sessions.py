"""Server-side sessions of the merchant pages: opened at login, looked up on every request,
deleted at logout, so a cookie kept after logout opens nothing."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import col

from shop.access.tables import AdminSession
from shop.storage.db import Database
from shop.storage.sql import run

ADMIN = "admin"  # the holder of ADMIN_TOKEN; staff accounts get subjects of their own


def session_key(secret: str) -> str:
    """The stored id of the session whose cookie holds `secret`."""
    return hashlib.sha256(secret.encode()).hexdigest()


async def open_session(db: Database, subject: str, now: datetime, lifetime: timedelta) -> str:
    """A new session for `subject`; returns the secret for the cookie (stored only hashed).
    Expired rows of anyone are swept on the way, so the table stays small."""
    secret = secrets.token_urlsafe(32)
    async with db.transaction() as session:
        await run(session, delete(AdminSession).where(col(AdminSession.expires_at) <= now))
        session.add(
            AdminSession(
                id=session_key(secret), subject=subject, created_at=now, expires_at=now + lifetime
            )
        )
    return secret


async def subject_of(db: Database, secret: str, now: datetime) -> str | None:
    """Who holds this live session, or None (unknown, revoked or expired)."""
    async with db.sessions() as session:
        row = await session.get(AdminSession, session_key(secret))
    return row.subject if row is not None and row.expires_at > now else None


async def revoke(db: Database, secret: str) -> None:
    async with db.transaction() as session:
        await run(session, delete(AdminSession).where(col(AdminSession.id) == session_key(secret)))
