"""A merchant's settings document: a pydantic model stored as JSON under one merchant_setting key.

Pages and API read and write whole documents (the shop's profile, its delivery), so a change is
one row written in one transaction: nothing is ever half-saved. A refused document is a list of
`Problem`s, each naming its field's path (`options.0.points.1.lat`) and the reason in Russian.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shop.storage.tables import MerchantSetting
from shop.texts import CATALOGUE, t

Doc = TypeVar("Doc", bound=BaseModel)
# merchant_setting.value's column width; a longer document cannot be stored.
MAX_STORED = 4000


@dataclass(frozen=True)
class Problem:
    field: str  # dotted path: "inn", "options.0.points.1.lat"
    message: str  # Russian, for the merchant


class Refused(ValueError):
    """The document was not saved; `problems` say which fields and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))
        self.problems = problems


def problem_of(error: ErrorDetails) -> Problem:
    """One pydantic error in the merchant's words. A validator's own ValueError already
    speaks Russian; the built-in checks are worded by their type (`settings.error.*`)."""
    field = ".".join(str(part) for part in error["loc"]) or "body"
    context = error.get("ctx") or {}
    if error["type"] == "value_error" and "error" in context:
        return Problem(field, str(context["error"]))
    key = f"settings.error.{error['type']}"
    if key not in CATALOGUE["ru"]:
        key = "settings.error.invalid"
    return Problem(field, t(key, **{k: v for k, v in context.items() if k != "error"}))


def checked(model: type[Doc], values: Any) -> Doc:
    """`values` as `model`, or Refused with every problem found."""
    try:
        doc = model.model_validate(values)
    except ValidationError as exc:
        errors = exc.errors(include_input=False, include_url=False)
        raise Refused([problem_of(e) for e in errors]) from None
    if len(stored_text(doc)) > MAX_STORED:
        raise Refused([Problem("body", t("settings.error.too_big", limit=MAX_STORED))])
    return doc


def stored_text(doc: BaseModel) -> str:
    return doc.model_dump_json(exclude_none=False)


async def load(
    session: AsyncSession, key: str, model: type[Doc], *, lock: bool = False
) -> Doc | None:
    """The stored document, or None when the merchant has not saved one.

    `lock`: for a decision that must not outlive a change of the document (PostgreSQL's
    FOR SHARE; SQLite's single writer gives it anyway). A save waits until the caller's
    transaction ends, and a caller that comes during a save reads the saved document."""
    if not lock:
        row = await session.get(MerchantSetting, key)
    else:
        query = (
            select(MerchantSetting)
            .where(col(MerchantSetting.key) == key)
            .with_for_update(read=True)
            .execution_options(populate_existing=True)
        )
        row = (await session.exec(query)).first()
    return None if row is None else model.model_validate_json(row.value)


async def save(session: AsyncSession, key: str, doc: BaseModel, now: datetime) -> None:
    """Store the document in the caller's transaction (the one row, replaced whole)."""
    row = await session.get(MerchantSetting, key)
    if row is None:
        session.add(MerchantSetting(key=key, value=stored_text(doc), updated_at=now))
    else:
        row.value, row.updated_at = stored_text(doc), now
