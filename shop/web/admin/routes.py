"""Merchant pages, declared above their handlers as aiohttp's route tables do:

    pages = PageRoutes()

    @pages.get("/admin/orders", nav="admin.orders.title")
    async def orders_page(request: web.Request) -> web.Response: ...

`nav` links the page from every page's header (the key of its title in the text catalogue);
`on_setup` gives a module the app-wide state its pages share.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from aiohttp import web

from shop.web.admin import frame

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
H = TypeVar("H", bound=Handler)
Setup = Callable[[web.Application], None]


class PageRoutes(web.RouteTableDef):
    def __init__(self) -> None:
        super().__init__()
        self.nav: list[tuple[str, str]] = []
        self.setups: list[Setup] = []

    def get(self, path: str, *, nav: str | None = None, **kwargs: Any) -> Callable[[H], H]:
        """A page; the handler keeps its own signature (pages call each other with a notice)."""
        if nav is not None:
            self.nav.append((nav, path))
        declare = super().get(path, **kwargs)

        def declared(handler: H) -> H:
            declare(handler)
            return handler

        return declared

    def on_setup(self, setup: Setup) -> Setup:
        self.setups.append(setup)
        return setup


def add_pages(app: web.Application, pages: PageRoutes) -> None:
    for setup in pages.setups:
        setup(app)
    app.add_routes(pages)
    for title, path in pages.nav:
        frame.add_nav(app, title, path)
