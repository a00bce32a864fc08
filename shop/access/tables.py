"""Access tables: the merchant's sessions, one row each, so that a logout revokes one."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel


class AdminSession(SQLModel, table=True):
    """A signed-in session of the merchant pages.

    The id is the SHA-256 of the secret in the cookie, so the table gives no one a live
    cookie. `subject` says who signed in: `admin` (the ADMIN_TOKEN holder) today, a staff
    account later, each with sessions of its own.
    """

    __tablename__ = "admin_session"

    id: str = Field(primary_key=True, max_length=64)
    subject: str = Field(max_length=64)
    created_at: datetime
    expires_at: datetime = Field(index=True)
