"""A small route registry for the merchant API; the OpenAPI 3.1 document is built from it.

Features add routes with `add_api_route(app, …)` and they appear in `/api/openapi.json`.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

ApiHandler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class ApiRoute:
    method: str
    path: str  # aiohttp style: /api/things/{id}
    summary: str
    tag: str
    parameters: tuple[dict[str, Any], ...] = ()
    request_body: dict[str, Any] | None = None
    responses: dict[str, Any] = field(default_factory=dict)


ROUTES = web.AppKey("api_routes", list[ApiRoute])
ERROR = {
    "type": "object",
    "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
    "required": ["error"],
}


def add_api_route(app: web.Application, route: ApiRoute, handler: ApiHandler) -> None:
    app.router.add_route(route.method, route.path, handler)
    app[ROUTES].append(route)


def query_param(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


def json_response(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def openapi_path(path: str) -> str:
    """`/api/x/{id:\\d+}` (aiohttp) → `/api/x/{id}` (OpenAPI)."""
    return re.sub(r"\{(\w+):[^}]+\}", r"{\1}", path)


def _operation(route: ApiRoute) -> dict[str, Any]:
    path = openapi_path(route.path)
    params = [
        {"name": part[1:-1], "in": "path", "required": True, "schema": {"type": "string"}}
        for part in path.split("/")
        if part.startswith("{")
    ]
    operation_id = re.sub(r"\W+", "_", f"{route.method.lower()}_{path}").strip("_")
    operation: dict[str, Any] = {
        "summary": route.summary,
        "tags": [route.tag],
        "operationId": operation_id,
        "parameters": params + list(route.parameters),
        "responses": {
            **route.responses,
            "401": json_response("Missing or wrong bearer token", ERROR),
        },
    }
    if route.request_body:
        operation["requestBody"] = route.request_body
    return operation


def openapi_document(routes: list[ApiRoute]) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for route in routes:
        paths.setdefault(openapi_path(route.path), {})[route.method.lower()] = _operation(route)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Vitrina merchant API",
            "version": "1",
            "description": "Catalog, orders and reports of a Vitrina WhatsApp storefront.",
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearer": []}],
    }


async def openapi_json(request: web.Request) -> web.Response:
    return web.json_response(openapi_document(request.app[ROUTES]))


def setup_registry(app: web.Application) -> None:
    app[ROUTES] = []
    app.router.add_get("/api/openapi.json", openapi_json)
