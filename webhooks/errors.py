"""A validation error told without the values it concerns: the core of every description of
a failure, for dead letters, the inbox's errors and log lines (pure)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError


def problems(exc: Any) -> list[tuple[str, str]]:
    """Each problem of a pydantic ValidationError as (where, kind): the field's dotted path
    ('' for the value itself) and the error type. Never its input, context or URL: pydantic's
    own text quotes what was sent."""
    try:
        found = exc.errors(include_input=False, include_url=False, include_context=False)
    except TypeError:  # an errors() that takes no options: the same keys are read
        found = exc.errors()
    return [
        (".".join(str(part) for part in problem.get("loc", ())), str(problem.get("type", "?")))
        for problem in found
    ]


def invalid(exc: ValidationError) -> str:
    """`invalid <model>: <where>: <kind>; …`, at most 1000 characters."""
    places = "; ".join(f"{where or 'value'}: {kind}" for where, kind in problems(exc))
    return f"invalid {exc.title}: {places}"[:1000]
