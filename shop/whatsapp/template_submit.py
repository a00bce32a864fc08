"""Submitting the template book for review: each template in each language the account lacks
goes to `POST /{waba}/message_templates`, and what Meta answered is kept with the templates
(PENDING until its status webhook or the next sync says otherwise)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from sqlalchemy import select

from shop.storage.db import Database
from shop.texts import Locale
from shop.whatsapp.graph import GraphError
from shop.whatsapp.template_book import BOOK, LANGUAGES, TemplateSpec, create_body
from shop.whatsapp.templates import T as TEMPLATES
from shop.whatsapp.templates import sync_templates, upsert

log = logging.getLogger(__name__)
DUPLICATE_SUBCODE_TITLE = "already exists"  # Meta's title for a name and language it has


class TemplateCreator(Protocol):
    async def template_pages(self, after: str | None) -> tuple[list[dict[str, Any]], str | None]:
        """One page of `GET /{waba}/message_templates` and the next cursor."""
        ...

    async def create_template(self, body: dict[str, Any]) -> dict[str, Any]:
        """`POST /{waba}/message_templates`; GraphError when refused."""
        ...


class Outcome(StrEnum):
    SUBMITTED = "submitted"
    EXISTS = "exists"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Submitted:
    name: str
    language: str
    outcome: Outcome
    status: str = ""  # Meta's status after the call (PENDING for a new one)
    reason: str = ""  # Meta's reason for a refusal


async def _known(db: Database) -> dict[tuple[str, str], str]:
    """(name, language) → status of the templates the account has, as last pulled."""
    query = select(TEMPLATES.c.name, TEMPLATES.c.language, TEMPLATES.c.status)
    async with db.read_connection() as conn:
        rows = (await conn.execute(query)).all()
    return {(name, language): status for name, language, status in rows}


async def submit_book(
    db: Database,
    api: TemplateCreator,
    *,
    base_url: str,
    now: datetime,
    only: Iterable[str] | None = None,
) -> list[Submitted]:
    """Pull the account's templates, then submit every template and language it lacks.

    Raises GraphError (or httpx's errors) when the account cannot be read at all."""
    await sync_templates(db, api, now)
    known = await _known(db)
    wanted = [s for s in BOOK if only is None or s.name in set(only)]
    results = []
    for item in wanted:
        for language in LANGUAGES:
            status = known.get((item.name, language))
            if status is not None:
                results.append(Submitted(item.name, language, Outcome.EXISTS, status))
                continue
            results.append(await _submit(db, api, item, language, base_url, now))
    return results


async def _submit(
    db: Database,
    api: TemplateCreator,
    item: TemplateSpec,
    language: Locale,
    base_url: str,
    now: datetime,
) -> Submitted:
    body = create_body(item, language, base_url)
    try:
        answer = await api.create_template(body)
    except GraphError as exc:
        if exc.status >= 500:
            raise
        outcome = (
            Outcome.EXISTS if DUPLICATE_SUBCODE_TITLE in exc.message.lower() else Outcome.REJECTED
        )
        log.info("template refused", extra={"template": item.name, "code": exc.code})
        return Submitted(item.name, language, outcome, reason=exc.message)
    status = str(answer.get("status") or "PENDING").upper()
    async with db.transaction() as session:
        await upsert(session, {**body, "id": answer.get("id"), "status": status}, now)
    return Submitted(item.name, language, Outcome.SUBMITTED, status)
