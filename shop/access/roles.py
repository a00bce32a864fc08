"""Roles of the staff and what each may open: owner everything, operator chats and orders,
accountant orders, refunds, reconciliation and settings to read."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    OWNER = "owner"
    OPERATOR = "operator"
    ACCOUNTANT = "accountant"


Roles = frozenset[Role]
EVERYONE: Roles = frozenset(Role)
OWNER: Roles = frozenset({Role.OWNER})
# The groups the pages declare (shop/web/admin): each names who may open it.
ORDERS: Roles = EVERYONE
CHATS: Roles = frozenset({Role.OWNER, Role.OPERATOR})
MONEY: Roles = frozenset({Role.OWNER, Role.ACCOUNTANT})  # refunds, reconciliation, audit
SETTINGS_READ: Roles = frozenset({Role.OWNER, Role.ACCOUNTANT})
SETTINGS_WRITE: Roles = OWNER


def parse_role(value: str) -> Role | None:
    try:
        return Role(value)
    except ValueError:
        return None
