"""Merchant pages under `/admin` and the frame (auth, CSRF, layout) they share with `/api`."""

from __future__ import annotations

from aiohttp import web


def setup(app: web.Application) -> None:
    """The merchant frame, its API registry, and the pages and API routes of each feature."""
    from shop.web.admin import catalog, frame, inbox, login, orders
    from shop.web.admin import reminders as nudges_web
    from shop.web.api import catalog as catalog_api
    from shop.web.api import inbox as inbox_api
    from shop.web.api import orders as orders_api
    from shop.web.api import registry

    frame.setup_frame(app)
    registry.setup_registry(app)
    login.setup(app)
    catalog.setup(app)
    catalog_api.setup(app)
    orders.setup(app)
    orders_api.setup(app)
    nudges_web.setup(app)
    inbox.setup(app)
    inbox_api.setup(app)
