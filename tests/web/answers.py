"""Answers held to the models the OpenAPI document declares for them: every key, no other."""

from __future__ import annotations

from typing import Any

from shop.web.api import ROUTES
from shop.web.api.openapi import openapi_path


def assert_declared(method: str, path: str, status: int, body: Any) -> None:
    """`body`, answered with `status` at `method path` (`/api/orders/{id}`), is its model."""
    [route] = [r for r in ROUTES if (r.method, openapi_path(r.path)) == (method, path)]
    read = route.every_answer()[status].model_validate(body)
    assert _shape(read.model_dump(exclude_unset=True)) == _shape(body)


def _shape(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shape(item) for item in value]
    return None
