"""Input checks shared by the merchant API and pages: query and JSON body models, ids, periods.

A query is a pydantic model (`QueryModel`): each field is one parameter. Its values are text on
the wire, read as the type the field's JSON schema declares (the very schema the OpenAPI
document shows), then validated by the model. A wrong value is a `BadInput` naming the field
and the reason, raised before any handler runs: it can no longer surface as a 500 deep inside
a query.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Any, Self, TypeVar

from aiohttp import web
from multidict import MultiMapping
from pydantic import BaseModel, ConfigDict, ValidationError

# The largest id a PostgreSQL `integer` key holds: a larger one cannot name a row.
MAX_ID = 2**31 - 1
# Dates outside this range are typing errors, and date arithmetic near year 1 or 9999 overflows.
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)
MAX_PERIOD_DAYS = 366
TRUE = frozenset({"1", "true", "yes", "on"})
FALSE = frozenset({"0", "false", "no", "off"})
# Where the OpenAPI document keeps the models that other models use.
REF_TEMPLATE = "#/components/schemas/{model}"

Model = TypeVar("Model", bound=BaseModel)


class BadInput(web.HTTPBadRequest):
    """One field is wrong; `field` names it and the message says why (for the client).

    It is a 400 wherever it is raised: the API answers it as JSON, a page as plain text.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(text=f"{field}: {message}")
        self.field = field
        self.message = message

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def coerce(name: str, raw: str, schema: Mapping[str, Any]) -> Any:
    """A query or path value (always text on the wire) as the type its schema declares."""
    if "enum" in schema:
        if raw not in schema["enum"]:
            raise BadInput(name, "must be one of " + ", ".join(map(str, schema["enum"])))
        return raw
    kind = schema.get("type", "string")
    if kind == "integer":
        return _integer(name, raw, schema)
    if kind == "boolean":
        if raw.strip().lower() in TRUE:
            return True
        if raw.strip().lower() in FALSE:
            return False
        raise BadInput(name, "must be true or false")
    if schema.get("format") == "date":
        return _day(name, raw)
    if len(raw) > schema.get("maxLength", 200):
        raise BadInput(name, f"is longer than {schema.get('maxLength', 200)} characters")
    return raw


def _integer(name: str, raw: str, schema: Mapping[str, Any]) -> int:
    low, high = schema.get("minimum", 0), schema.get("maximum", MAX_ID)
    text = raw.strip()
    if not (text.isascii() and text.lstrip("-").isdigit()) or len(text) > 12:
        raise BadInput(name, f"must be a whole number from {low} to {high}")
    value = int(text)
    if not low <= value <= high:
        raise BadInput(name, f"must be a whole number from {low} to {high}")
    return value


def _day(name: str, raw: str) -> date:
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise BadInput(name, "must be a date like 2026-12-04") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise BadInput(name, f"must be between {FIRST_DAY} and {LAST_DAY}")
    return day


def period(since: date, until: date) -> tuple[date, date]:
    """A report's days, `since` to `until` inclusive: in order and at most a year long."""
    if until < since:
        raise BadInput("until", "is before since")
    if (until - since).days > MAX_PERIOD_DAYS:
        raise BadInput("until", f"the period is longer than {MAX_PERIOD_DAYS} days")
    return since, until


def validated(model: type[Model], values: Any) -> Model:
    """`values` as `model`; the first problem pydantic finds is a BadInput naming its field."""
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        raise bad_input(exc) from None


def bad_input(exc: ValidationError) -> BadInput:
    first = exc.errors(include_input=False, include_url=False)[0]
    if first["type"] == "json_invalid":
        return BadInput("body", "is not valid JSON")
    field = ".".join(str(part) for part in first["loc"]) or "body"
    return BadInput(field, first["msg"])


class QueryModel(BaseModel):
    """The query parameters of a page or an API route: one field each, its description the
    parameter's. Absent ones take their default; ones not declared are ignored."""

    model_config = ConfigDict(frozen=True)

    @classmethod
    def from_query(cls, query: MultiMapping[str], *, first_of_repeats: bool = False) -> Self:
        """The API refuses a repeated parameter; the pages take its first value instead."""
        values: dict[str, Any] = {}
        for name, (schema, required) in query_fields(cls).items():
            given = query.getall(name, [])[:1] if first_of_repeats else query.getall(name, [])
            if len(given) > 1:
                raise BadInput(name, "is given more than once")
            if given:
                values[name] = coerce(name, given[0], schema)
            elif required:
                raise BadInput(name, "is required")
        return validated(cls, values)


@cache
def query_fields(model: type[QueryModel]) -> dict[str, tuple[dict[str, Any], bool]]:
    """Each parameter's schema (references resolved) and whether it is required."""
    document = model.model_json_schema(ref_template=REF_TEMPLATE)
    shared = document.get("$defs", {})
    fields = {}
    for name, schema in parameter_schemas(document).items():
        if "$ref" in schema:  # an enum other models may share: its values are checked here
            named = shared[schema.pop("$ref").rsplit("/", 1)[1]]
            schema = {**named, **schema}
        fields[name] = (schema, name in document.get("required", ()))
    return fields


def parameter_schemas(document: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """A query model's properties as parameter schemas: an optional parameter is simply left
    out (never sent as null), and the title and description belong to the parameter."""
    schemas = {}
    for name, prop in document["properties"].items():
        schema = {k: v for k, v in prop.items() if k not in ("title", "description")}
        others = [s for s in schema.pop("anyOf", ()) if s != {"type": "null"}]
        if others:
            (only,) = others
            schema = {**only, **schema}
            if "default" in schema and schema["default"] is None:
                del schema["default"]
        schemas[name] = schema
    return schemas


def path_id(request: web.Request, name: str = "id") -> int:
    """A numeric path id; one too large to be a row's is simply not found."""
    value = int(request.match_info[name])  # the route's pattern admits digits only
    if value > MAX_ID:
        raise web.HTTPNotFound()
    return value


async def json_body(request: web.Request, model: type[Model]) -> Model:
    """The JSON body as `model`; a malformed or mistyped one is a BadInput naming the field."""
    raw = await request.read() if request.can_read_body else b"{}"
    try:
        return model.model_validate_json(raw or b"{}")
    except ValidationError as exc:
        raise bad_input(exc) from None
    except (ValueError, RecursionError):
        raise BadInput("body", "is not valid JSON") from None
