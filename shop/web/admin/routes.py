"""Merchant pages, declared above their handlers as aiohttp's route tables do:

    pages = PageRoutes()

    @pages.get("/admin/orders", nav="admin.orders.title")
    async def orders_page(request: web.Request) -> web.Response: ...

`nav` links the page from every page's header (the key of its title in the text catalogue);
`allow` names the roles that may open the page or post the form (shop/access/roles.py; the
owner alone when not said), which the frame checks before the handler runs and the
navigation follows; `on_setup` gives a module the app-wide state its pages share.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from aiohttp import web

from shop.access.roles import OWNER, Roles
from shop.web.admin import frame

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
H = TypeVar("H", bound=Handler)
Setup = Callable[[web.Application], None]


class PageRoutes(web.RouteTableDef):
    def __init__(self) -> None:
        super().__init__()
        self.nav: list[tuple[str, str]] = []
        self.setups: list[Setup] = []
        self.allowed: dict[Handler, Roles] = {}
        self.nav_allowed: dict[str, Roles] = {}

    def get(
        self, path: str, *, nav: str | None = None, allow: Roles = OWNER, **kwargs: Any
    ) -> Callable[[H], H]:
        """A page; the handler keeps its own signature (pages call each other with a notice)."""
        if nav is not None:
            self.nav.append((nav, path))
            self.nav_allowed[path] = allow
        return self._declared(super().get(path, **kwargs), allow)

    def post(self, path: str, *, allow: Roles = OWNER, **kwargs: Any) -> Callable[[H], H]:
        """A form's action, for the roles in `allow`."""
        return self._declared(super().post(path, **kwargs), allow)

    def _declared(self, declare: Callable[[Handler], Handler], allow: Roles) -> Callable[[H], H]:
        def declared(handler: H) -> H:
            declare(handler)
            self.allowed[handler] = allow
            return handler

        return declared

    def on_setup(self, setup: Setup) -> Setup:
        self.setups.append(setup)
        return setup


def add_pages(app: web.Application, pages: PageRoutes) -> None:
    for setup in pages.setups:
        setup(app)
    for route in app.add_routes(pages):
        roles = pages.allowed.get(route.handler, OWNER)
        frame.allow(app, route.method, route.resource.canonical if route.resource else "", roles)
    for title, path in pages.nav:
        frame.add_nav(app, title, path, pages.nav_allowed.get(path, OWNER))
