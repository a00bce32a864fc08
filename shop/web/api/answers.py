"""What the answer models share: keys an answer may leave out, and the error answer.

The models describe the answers in `/api/openapi.json`; the handlers write the bodies
themselves, and the tests hold those bodies to the models.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field
from pydantic.config import JsonDict
from pydantic.json_schema import SkipJsonSchema


def _no_default(schema: JsonDict) -> None:
    schema.pop("default", None)


def left_out(description: str | None = None) -> Any:
    """A key some answers leave out (it is never null): the document shows its type alone.
    Annotate the field `X | SkipJsonSchema[None]`."""
    return Field(default=None, description=description, json_schema_extra=_no_default)


class ApiError(BaseModel):
    """An error: `error` is its code, `message` says why, `field` names the input at fault."""

    error: str
    message: str | SkipJsonSchema[None] = left_out()
    field: str | SkipJsonSchema[None] = left_out("the parameter or body field at fault")
