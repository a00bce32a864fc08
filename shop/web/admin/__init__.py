"""Merchant pages under `/admin` and the frame (auth, CSRF, layout) they share with `/api`."""

from __future__ import annotations

from aiohttp import web


def setup(app: web.Application) -> None:
    """The merchant frame, its API registry, and the catalog's pages and API routes."""
    from shop.web.admin import catalog, frame, login
    from shop.web.api import catalog as catalog_api
    from shop.web.api import registry

    frame.setup_frame(app)
    registry.setup_registry(app)
    login.setup(app)
    catalog.setup(app)
    catalog_api.setup(app)
