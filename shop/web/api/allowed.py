"""Which roles may call which `/api` route, as the merchant pages allow the same work
(shop/access/roles.py): a person's API token acts with their role. A route not named here is
the owner's alone, so a new route is closed until someone opens it on purpose."""

from __future__ import annotations

from aiohttp import web

from shop.access import roles
from shop.access.roles import Role, Roles
from shop.web.admin import frame

# Paths as aiohttp names a route's resource: `{id:\d+}` is `{id}`.
API_ROLES: dict[tuple[str, str], Roles] = {
    ("GET", "/api/openapi.json"): roles.EVERYONE,
    ("GET", "/api/orders"): roles.ORDERS,
    ("GET", "/api/orders/{id}"): roles.ORDERS,
    ("POST", "/api/orders/{id}/refunds"): roles.MONEY,
    # Owner and operator; a cancel that refunds is checked again by the refund permission.
    ("POST", "/api/orders/{id}/status"): frozenset({Role.OWNER, Role.OPERATOR}),
    ("GET", "/api/reconciliation"): roles.MONEY,
    ("GET", "/api/nudges/funnel"): roles.SETTINGS_READ,
    ("GET", "/api/settings/shop"): roles.SETTINGS_READ,
    ("GET", "/api/settings/delivery"): roles.SETTINGS_READ,
    ("GET", "/api/settings/taxes"): roles.SETTINGS_READ,
    ("GET", "/api/settings/reminders"): roles.SETTINGS_READ,
    ("GET", "/api/settings/languages"): roles.SETTINGS_READ,
    ("GET", "/api/promo-codes"): roles.SETTINGS_READ,
    # The operator desk: operators and the owner; changing the groups is the owner's.
    ("GET", "/api/chats"): roles.CHATS,
    ("GET", "/api/chats/{id}"): roles.CHATS,
    ("GET", "/api/chats/{id}/messages"): roles.CHATS,
    ("POST", "/api/chats/{id}/messages"): roles.CHATS,
    ("POST", "/api/chats/{id}/assign"): roles.CHATS,
    ("POST", "/api/chats/{id}/transfer"): roles.CHATS,
    ("POST", "/api/chats/{id}/handback"): roles.CHATS,
    ("POST", "/api/chats/{id}/close"): roles.CHATS,
    ("GET", "/api/settings/groups"): roles.CHATS | roles.SETTINGS_READ,
    ("GET", "/api/metrics/support"): roles.CHATS | roles.SETTINGS_READ,
    ("GET", "/api/settings/faq"): roles.CHATS | roles.SETTINGS_READ,
    ("GET", "/api/settings/canned-replies"): roles.CHATS | roles.SETTINGS_READ,
}


def allow_api(app: web.Application) -> None:
    for (method, path), allowed in API_ROLES.items():
        frame.allow(app, method, path, allowed)
