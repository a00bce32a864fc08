"""Merchant API routes, declared above their handlers with the models of their input and answers.

    api = ApiRoutes("orders")

    @api.get("/api/orders", "Orders, newest first", query=OrdersQuery, answers={200: OrderList})
    async def get_orders(request: web.Request, query: OrdersQuery) -> web.Response: ...

The query and the JSON body are validated by their models before the handler runs, which gets
them as the keyword arguments `query` and `body`; a wrong one is answered 400 naming the field.
The same declarations make `/api/openapi.json` (`shop.web.api.openapi`).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Required, TypedDict, TypeVar

from aiohttp import web
from pydantic import BaseModel
from typing_extensions import Unpack

from shop.web.api.answers import ApiError
from shop.web.validation import BadInput, QueryModel, json_body

Handler = Callable[..., Awaitable[web.StreamResponse]]
H = TypeVar("H", bound=Handler)


@dataclass(frozen=True)
class ApiRoute:
    method: str
    path: str  # aiohttp style: /api/things/{id:\d+}
    summary: str
    tag: str
    handler: Handler
    query: type[QueryModel] | None = None
    # A JSON body, validated before the handler runs.
    body: type[BaseModel] | None = None
    # A file the handler streams itself (never read whole): the model only documents it.
    upload: type[BaseModel] | None = None
    # What each status answers; the handlers write these bodies themselves.
    answers: Mapping[int, type[BaseModel]] = field(default_factory=dict)

    def every_answer(self) -> dict[int, type[BaseModel]]:
        """The declared answers and those of the frame: 401 without the right token, 403 when
        the token's role may not use the route and, for a route with input, 400 when it is
        malformed."""
        answers: dict[int, type[BaseModel]] = {**self.answers, 401: ApiError, 403: ApiError}
        if self.query or self.body or re.search(r"\{\w+", self.path):
            answers.setdefault(400, ApiError)
        return answers


class Declared(TypedDict, total=False):
    """What a route declares besides its method, path and summary (see ApiRoute)."""

    query: type[QueryModel]
    body: type[BaseModel]
    upload: type[BaseModel]
    answers: Required[Mapping[int, type[BaseModel]]]


class ApiRoutes:
    """One module's API routes, each declared by a decorator above its handler."""

    def __init__(self, tag: str) -> None:
        self.tag = tag
        self.routes: list[ApiRoute] = []

    def get(self, path: str, summary: str, **declared: Unpack[Declared]) -> Callable[[H], H]:
        return self.route("GET", path, summary, **declared)

    def post(self, path: str, summary: str, **declared: Unpack[Declared]) -> Callable[[H], H]:
        return self.route("POST", path, summary, **declared)

    def put(self, path: str, summary: str, **declared: Unpack[Declared]) -> Callable[[H], H]:
        return self.route("PUT", path, summary, **declared)

    def route(
        self, method: str, path: str, summary: str, **declared: Unpack[Declared]
    ) -> Callable[[H], H]:
        def declare(handler: H) -> H:
            route = ApiRoute(method, path, summary, self.tag, handler, **declared)
            _check_inputs(route)
            self.routes.append(route)
            return handler

        return declare


def _check_inputs(route: ApiRoute) -> None:
    """A handler takes exactly the inputs its route declares: a mismatch fails at import."""
    declared = {name for name in ("query", "body") if getattr(route, name) is not None}
    taken = set(inspect.signature(route.handler).parameters) - {"request"}
    if taken != declared:
        raise TypeError(f"{route.method} {route.path}: the handler takes {taken}, not {declared}")


def serve(route: ApiRoute) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """The aiohttp handler of a route: its inputs checked, then its own handler."""

    async def checked(request: web.Request) -> web.StreamResponse:
        try:
            inputs: dict[str, BaseModel] = {}
            if route.query is not None:
                inputs["query"] = route.query.from_query(request.query)
            if route.body is not None and not _uploading(route, request):
                inputs["body"] = await json_body(request, route.body)
            return await route.handler(request, **inputs)
        except BadInput as exc:
            return bad_request(exc)

    return checked


def _uploading(route: ApiRoute, request: web.Request) -> bool:
    """A route taking JSON or a file: a multipart form is the file, read by the handler."""
    return route.upload is not None and request.content_type == "multipart/form-data"


def bad_request(exc: BadInput) -> web.Response:
    return web.json_response(
        {"error": "bad_request", "field": exc.field, "message": exc.message}, status=400
    )


def add_api_routes(app: web.Application, routes: list[ApiRoute]) -> None:
    for route in routes:
        app.router.add_route(route.method, route.path, serve(route))
