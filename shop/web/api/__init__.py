"""The merchant API under `/api`: each module's routes, and the OpenAPI document made of them."""

from __future__ import annotations

from aiohttp import web

from shop.web.api import (
    catalog,
    desk,
    desk_settings,
    inbox,
    order_status,
    orders,
    promo_codes,
    reconciliation,
    reminders,
    settings,
    support,
    taxes,
)
from shop.web.api.allowed import allow_api
from shop.web.api.openapi import openapi_document
from shop.web.api.routes import ApiRoute, add_api_routes

ROUTES: list[ApiRoute] = [
    *catalog.api.routes,
    *orders.api.routes,
    *order_status.api.routes,
    *reconciliation.api.routes,
    *reminders.api.routes,
    *inbox.api.routes,
    *settings.api.routes,
    *promo_codes.api.routes,
    *taxes.api.routes,
    *desk.api.routes,
    *support.api.routes,
    *desk_settings.api.routes,
]


def setup(app: web.Application) -> None:
    """The routes and `/api/openapi.json`; the merchant frame's middleware asks for the token."""
    add_api_routes(app, ROUTES)
    allow_api(app)  # the roles a person's token needs for each route
    document = openapi_document(ROUTES)  # made once: a wrong declaration fails at start-up

    async def openapi_json(request: web.Request) -> web.Response:
        return web.json_response(document)

    app.router.add_get("/api/openapi.json", openapi_json)
