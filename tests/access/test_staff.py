"""Staff accounts: argon2 hashes, the roles' table, adding, signing in and disabling."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from shop.access import audit, roles
from shop.access.passwords import hash_password, one_time_password, verify
from shop.access.roles import Role, parse_role
from shop.access.sessions import ADMIN, open_session
from shop.access.staff import (
    BOOTSTRAP,
    Actor,
    StaffRefused,
    actor_of,
    add_user,
    disable_user,
    list_users,
    sign_in,
)
from shop.storage.db import Database

NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"


def test_passwords_are_argon2id_and_verified() -> None:
    stored = hash_password(PASSWORD)
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    assert verify(stored, PASSWORD)
    assert not verify(stored, PASSWORD + "!")
    assert not verify(None, PASSWORD)  # no account: refused, after the same work
    assert not verify("not a hash", PASSWORD)


def test_one_time_passwords_are_long_and_fresh() -> None:
    first, second = one_time_password(), one_time_password()
    assert len(first) >= 20
    assert first != second


def test_roles_table() -> None:
    assert {Role.OWNER, Role.OPERATOR, Role.ACCOUNTANT} == roles.EVERYONE
    assert Role.OPERATOR in roles.CHATS
    assert Role.ACCOUNTANT not in roles.CHATS
    assert Role.ACCOUNTANT in roles.MONEY
    assert Role.OPERATOR not in roles.MONEY
    assert {Role.OWNER} == roles.SETTINGS_WRITE
    assert Role.ACCOUNTANT in roles.SETTINGS_READ
    assert Role.OPERATOR not in roles.SETTINGS_READ
    assert parse_role("accountant") is Role.ACCOUNTANT
    assert parse_role("root") is None


async def test_add_sign_in_and_disable(db: Database) -> None:
    await add_user(db, "Anna", Role.OPERATOR, PASSWORD, NOW, actor="cli")
    assert await sign_in(db, "anna", PASSWORD) == Actor("anna", Role.OPERATOR)
    assert await sign_in(db, "anna", "wrong password!") is None
    assert await sign_in(db, "nobody", PASSWORD) is None
    with pytest.raises(StaffRefused, match="name taken"):
        await add_user(db, "ANNA", Role.OWNER, PASSWORD, NOW, actor="cli")
    with pytest.raises(StaffRefused, match="password"):
        await add_user(db, "boris", Role.OWNER, "short", NOW, actor="cli")
    with pytest.raises(StaffRefused, match="name"):
        await add_user(db, ADMIN, Role.OWNER, PASSWORD, NOW, actor="cli")

    secret = await open_session(db, "anna", NOW, timedelta(hours=1))
    assert await actor_of(db, secret, NOW) == Actor("anna", Role.OPERATOR)
    await disable_user(db, "anna", NOW, actor="cli")
    assert await actor_of(db, secret, NOW) is None  # the session is gone at once
    assert await sign_in(db, "anna", PASSWORD) is None
    with pytest.raises(StaffRefused, match="no such user"):
        await disable_user(db, "zoe", NOW, actor="cli")
    [anna] = await list_users(db)
    assert anna.disabled_at is not None

    rows, total = await audit.latest(db, offset=0, limit=10)
    assert total == 2
    assert [(r.actor, r.action, r.subject) for r in rows] == [
        ("cli", "user.disable", "user:anna"),
        ("cli", "user.add", "user:anna"),
    ]


async def test_the_admin_token_session_is_the_bootstrap_owner(db: Database) -> None:
    secret = await open_session(db, ADMIN, NOW, timedelta(hours=1))
    assert await actor_of(db, secret, NOW) == BOOTSTRAP
    assert BOOTSTRAP.role is Role.OWNER
