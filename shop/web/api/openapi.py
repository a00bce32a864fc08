"""`/api/openapi.json`: the OpenAPI 3.1 document, made from the routes' own models.

A route's query, body and answer models are written out in place; the models they use
(an enum, a line of an order) once under `components/schemas`, where `$ref`s point.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from shop.web.api.answers import ApiError
from shop.web.api.routes import ApiRoute
from shop.web.validation import REF_TEMPLATE, parameter_schemas

# What the frame's errors mean, in place of ApiError's own description.
FRAME_ERRORS = {
    400: "A parameter or body field is malformed",
    401: "Missing or wrong bearer token",
}


class Components(dict[str, dict[str, Any]]):
    """The shared schemas, by model name; two different models of one name are a mistake."""

    def schema_of(self, model: type[BaseModel]) -> dict[str, Any]:
        """The model's schema in place; the models it uses go to the components."""
        schema = model.model_json_schema(ref_template=REF_TEMPLATE)
        for name, shared in schema.pop("$defs", {}).items():
            if self.setdefault(name, shared) != shared:
                raise ValueError(f"two different models are named {name}")
        return schema


def openapi_document(routes: Iterable[ApiRoute]) -> dict[str, Any]:
    components = Components()
    paths: dict[str, dict[str, Any]] = {}
    for route in routes:
        operation = _operation(route, components)
        paths.setdefault(openapi_path(route.path), {})[route.method.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Vitrina merchant API",
            "version": "1",
            "description": "Catalog, orders and reports of a Vitrina WhatsApp storefront.",
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": dict(sorted(components.items())),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearer": []}],
    }


def openapi_path(path: str) -> str:
    """`/api/x/{id:\\d+}` (aiohttp) → `/api/x/{id}` (OpenAPI)."""
    return re.sub(r"\{(\w+):[^}]+\}", r"{\1}", path)


def _operation(route: ApiRoute, components: Components) -> dict[str, Any]:
    path = openapi_path(route.path)
    parameters = _path_parameters(route.path) + _query_parameters(route, components)
    responses = {
        str(status): _answer(model, components, status)
        for status, model in route.every_answer().items()
    }
    operation: dict[str, Any] = {
        "summary": route.summary,
        "tags": [route.tag],
        "operationId": re.sub(r"\W+", "_", f"{route.method.lower()}_{path}").strip("_"),
        "parameters": parameters,
        "responses": responses,
    }
    if route.body:
        content = {"application/json": {"schema": components.schema_of(route.body)}}
        operation["requestBody"] = {"required": False, "content": content}  # none is `{}`
    if route.upload:
        content = _upload(components.schema_of(route.upload))
        if route.body:  # JSON or a file: both ways are documented
            content = {**operation["requestBody"]["content"], **content}
        operation["requestBody"] = {"required": True, "content": content}
    return operation


def _path_parameters(path: str) -> list[dict[str, Any]]:
    return [
        {"name": name, "in": "path", "required": True, "schema": _path_schema(pattern)}
        for name, pattern in re.findall(r"\{(\w+)(?::([^}]+))?\}", path)
    ]


def _path_schema(pattern: str | None) -> dict[str, Any]:
    if pattern == "\\d+":
        return {"type": "integer", "minimum": 0}
    return {"type": "string"}


def _query_parameters(route: ApiRoute, components: Components) -> list[dict[str, Any]]:
    if route.query is None:
        return []
    document = components.schema_of(route.query)
    described = document["properties"]
    return [
        {
            "name": name,
            "in": "query",
            "required": name in document.get("required", ()),
            "schema": schema,
            "description": described[name].get("description", ""),
        }
        for name, schema in parameter_schemas(document).items()
    ]


def _answer(model: type[BaseModel], components: Components, status: int) -> dict[str, Any]:
    """An answer, described by its model's docstring, or the frame's error by what it means."""
    schema = components.schema_of(model)
    described = FRAME_ERRORS.get(status) if model is ApiError else None
    return {
        "description": described or schema.get("description", model.__name__),
        "content": {"application/json": {"schema": schema}},
    }


def _upload(schema: dict[str, Any]) -> dict[str, Any]:
    """A file as a multipart form (the model's fields), or its one file field as the body."""
    content = {"multipart/form-data": {"schema": schema}}
    for field in schema["properties"].values():
        if "contentMediaType" in field:
            content[field["contentMediaType"]] = {"schema": field}
    return content
