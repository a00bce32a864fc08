"""Merchant pages under `/admin`; the frame (auth, CSRF, layout) they share with `/api` is
`frame.py`."""

from __future__ import annotations

from aiohttp import web

from shop.web.admin import catalog, inbox, login, orders, reminders


def setup(app: web.Application) -> None:
    """The pages of each feature, in the order of the navigation."""
    login.setup(app)
    catalog.setup(app)
    orders.setup(app)
    reminders.setup(app)
    inbox.setup(app)
