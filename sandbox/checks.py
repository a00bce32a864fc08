"""Small field checks shared by the validators; each raises a GraphError with Meta's code."""

from __future__ import annotations

from typing import Any

from sandbox.errors import GraphError


def obj(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise GraphError(100, f"{where} must be an object")
    return value


def required(parent: dict[str, Any], key: str, where: str) -> Any:
    value = parent.get(key)
    if value is None or value == "" or value == [] or value == {}:
        raise GraphError(131008, f"The parameter {where}.{key} is required.")
    return value


def text(
    parent: dict[str, Any], key: str, where: str, limit: int, *, optional: bool = False
) -> str | None:
    """A string field no longer than `limit` characters."""
    if optional and parent.get(key) is None:
        return None
    value = required(parent, key, where)
    if not isinstance(value, str):
        raise GraphError(100, f"{where}.{key} must be a string")
    if len(value) > limit:
        raise GraphError(131009, f"{where}.{key} is longer than {limit} characters")
    return value


def items(value: Any, where: str, low: int, high: int) -> list[Any]:
    """A list with between `low` and `high` entries."""
    if not isinstance(value, list):
        raise GraphError(100, f"{where} must be an array")
    if not low <= len(value) <= high:
        raise GraphError(131009, f"{where} must have between {low} and {high} entries")
    return value


def unique(values: list[str], where: str) -> None:
    if len(set(values)) != len(values):
        raise GraphError(131009, f"{where} must be unique")


def one_of(value: Any, allowed: set[str], where: str) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise GraphError(100, f"{where} must be one of {sorted(allowed)}")
    return str(value)
