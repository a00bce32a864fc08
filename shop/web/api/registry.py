"""A small route registry for the merchant API; the OpenAPI 3.1 document is built from it.

Features add routes with `add_api_route(app, …)` and they appear in `/api/openapi.json`.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from pydantic import BaseModel

from shop.web.api.params import QUERY, BadInput, bad_request, body_schema, query_values

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
    # A JSON body model: its schema goes into the document, `json_body` checks it.
    body: type[BaseModel] | None = None


ROUTES = web.AppKey("api_routes", list[ApiRoute])
ERROR = {
    "type": "object",
    "properties": {
        "error": {"type": "string"},
        "message": {"type": "string"},
        "field": {"type": "string", "description": "the parameter or body field at fault"},
    },
    "required": ["error"],
}


def add_api_route(app: web.Application, route: ApiRoute, handler: ApiHandler) -> None:
    """Serve `handler` at the route; its declared query parameters are checked first."""

    async def checked(request: web.Request) -> web.StreamResponse:
        try:
            request[QUERY] = query_values(request, route.parameters)
            return await handler(request)
        except BadInput as exc:
            return bad_request(exc)

    app.router.add_route(route.method, route.path, checked)
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
        {"name": name, "in": "path", "required": True, "schema": _path_schema(pattern)}
        for name, pattern in re.findall(r"\{(\w+)(?::([^}]+))?\}", route.path)
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
    body = route.request_body or (body_schema(route.body) if route.body else None)
    if body:
        operation["requestBody"] = body
    if params or route.parameters or route.body:
        operation["responses"].setdefault(
            "400", json_response("A parameter or body field is malformed", ERROR)
        )
    return operation


def _path_schema(pattern: str | None) -> dict[str, Any]:
    if pattern == "\\d+":
        return {"type": "integer", "minimum": 0}
    return {"type": "string"}


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
