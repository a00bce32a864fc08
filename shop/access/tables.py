"""Access tables: sessions (a logout revokes one), staff accounts, their API tokens, the audit
log."""

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


class StaffUser(SQLModel, table=True):
    """A person who signs in to the merchant pages with a name and a password.

    Only the argon2 hash of the password is kept. A disabled account stays (its name shows in
    the audit log) but signs in no more, and its sessions stop at once.
    """

    __tablename__ = "staff_user"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=40, unique=True)
    role: str = Field(max_length=16)
    password_hash: str = Field(max_length=200)
    disabled_at: datetime | None = None
    created_at: datetime
    last_sign_in_at: datetime | None = None


class StaffToken(SQLModel, table=True):
    """A person's own bearer token for `/api`: it acts as its account, with its role.

    Only a keyed SHA-256 of the token is kept (the token is random, so a slow hash adds
    nothing); `hint` is its first characters, for telling tokens apart on the page. A revoked
    token stays listed; disabling the account revokes all of them.
    """

    __tablename__ = "staff_token"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="staff_user.id", index=True)
    label: str = Field(max_length=60)
    digest: str = Field(max_length=64, unique=True)
    hint: str = Field(max_length=12)
    created_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None


class AuditEvent(SQLModel, table=True):
    """Who did what to which object, written in the same transaction as the deed."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(index=True)
    actor: str = Field(max_length=64)
    action: str = Field(max_length=32)
    subject: str = Field(max_length=128)
    detail: str = Field(default="", max_length=500)
