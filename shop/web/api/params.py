"""Query, path and body checks for the merchant API, driven by what each route declares.

The OpenAPI document and the checks come from the same declaration, so a client that follows
the document is never refused and one that does not gets a 400 naming the field and the reason
before any handler runs: a malformed value can no longer surface as a 500 deep inside a query.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any, TypeVar

from aiohttp import web
from pydantic import BaseModel, ValidationError

# The largest id a PostgreSQL `integer` key holds: a larger one cannot name a row.
MAX_ID = 2**31 - 1
# Dates outside this range are typing errors, and date arithmetic near year 1 or 9999 overflows.
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)
MAX_PERIOD_DAYS = 366
DAY = {"type": "string", "format": "date"}
TRUE = frozenset({"1", "true", "yes", "on"})
FALSE = frozenset({"0", "false", "no", "off"})
QUERY = web.RequestKey("api_query", dict[str, Any])

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


def bad_request(exc: BadInput) -> web.Response:
    return web.json_response(
        {"error": "bad_request", "field": exc.field, "message": exc.message}, status=400
    )


def coerce(name: str, raw: str, schema: dict[str, Any]) -> Any:
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


def _integer(name: str, raw: str, schema: dict[str, Any]) -> int:
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


def query_values(request: web.Request, parameters: tuple[dict[str, Any], ...]) -> dict[str, Any]:
    """The declared query parameters, checked and typed; absent ones take their default."""
    values: dict[str, Any] = {}
    for param in parameters:
        if param.get("in") != "query":
            continue
        name, schema = param["name"], param.get("schema", {})
        given = request.query.getall(name, [])
        if len(given) > 1:
            raise BadInput(name, "is given more than once")
        if given:
            values[name] = coerce(name, given[0], schema)
        elif param.get("required"):
            raise BadInput(name, "is required")
        else:
            values[name] = schema.get("default")
    return values


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
        first = exc.errors(include_input=False, include_url=False)[0]
        field = ".".join(str(part) for part in first["loc"]) or "body"
        if first["type"] == "json_invalid":
            raise BadInput("body", "is not valid JSON") from None
        raise BadInput(field, first["msg"]) from None
    except (ValueError, RecursionError):
        raise BadInput("body", "is not valid JSON") from None


def body_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The request body of the OpenAPI document for a JSON body model."""
    schema = json.loads(json.dumps(model.model_json_schema()))
    return {"required": False, "content": {"application/json": {"schema": schema}}}
