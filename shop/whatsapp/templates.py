"""Message templates: pull from the business account, apply status webhooks, check parameters."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from shop.storage.db import Database
from shop.storage.sql import run
from shop.whatsapp.graph import TemplatesApi
from shop.whatsapp.messages import TemplateMessage
from shop.whatsapp.tables import WaTemplate

log = logging.getLogger(__name__)

T = WaTemplate.__table__  # type: ignore[attr-defined]
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")
APPROVED = "APPROVED"
# Events that are not a status of their own: what the template's status becomes.
EVENT_STATUS = {"REINSTATED": APPROVED, "FLAGGED": None}


def placeholders(components: list[dict[str, Any]], kind: str) -> list[str]:
    """The `{{n}}` / `{{name}}` placeholders of the template's HEADER or BODY text."""
    for component in components:
        if str(component.get("type", "")).upper() == kind and component.get("text"):
            return PLACEHOLDER.findall(str(component["text"]))
    return []


def parameter_problem(template: dict[str, Any], message: TemplateMessage) -> str | None:
    """None when the message's parameters fit the template; otherwise what is wrong."""
    components = json.loads(template["components"])
    body = placeholders(components, "BODY")
    header = placeholders(components, "HEADER")
    if len(message.header_params) != len(header):
        return f"the header takes {len(header)} parameter(s), got {len(message.header_params)}"
    if template["parameter_format"] == "NAMED":
        given = {name for name, _ in message.named_params}
        if message.body_params or given != set(body):
            return f"the body takes the named parameters {sorted(set(body))}, got {sorted(given)}"
        return None
    if message.named_params or len(message.body_params) != len(body):
        return f"the body takes {len(body)} parameter(s), got {len(message.body_params)}"
    return None


def _columns(item: dict[str, Any], now: datetime) -> dict[str, Any]:
    return {
        "meta_id": str(item.get("id") or "")[:64] or None,
        "category": str(item.get("category") or "UTILITY").upper()[:32],
        "status": str(item.get("status") or "PENDING").upper()[:32],
        "parameter_format": str(item.get("parameter_format") or "POSITIONAL").upper()[:16],
        "components": json.dumps(item.get("components") or [], ensure_ascii=False),
        "updated_at": now,
    }


async def upsert(session: AsyncSession, item: dict[str, Any], now: datetime) -> None:
    name, language = str(item["name"])[:512], str(item["language"])[:16]
    values = _columns(item, now)
    found = await run(
        session, update(T).where(T.c.name == name, T.c.language == language).values(**values)
    )
    if found.rowcount == 0:
        await run(session, T.insert().values(name=name, language=language, **values))


async def sync_templates(db: Database, api: TemplatesApi, now: datetime) -> int:
    """Pull every page of `message_templates` and store it; returns how many were seen.

    Each page is stored in a short unit of work of its own, after it has arrived: a unit
    held open while Meta answers would keep every other writer (the message path included)
    waiting for the network. The upserts are idempotent, so a sync cut short is completed
    by the next one."""
    seen, after = 0, None
    while True:
        items, after = await api.template_pages(after)
        named = [item for item in items if item.get("name") and item.get("language")]
        if named:
            async with db.transaction() as session:
                for item in named:
                    await upsert(session, item, now)
        seen += len(named)
        if after is None:
            return seen


async def apply_status_event(session: AsyncSession, value: dict[str, Any], now: datetime) -> None:
    """`message_template_status_update`: the template's new status (created if unknown)."""
    event = str(value.get("event") or "").upper()
    status = EVENT_STATUS.get(event, event)
    name, language = value.get("message_template_name"), value.get("message_template_language")
    if not name or not language or status is None:
        return
    current = (
        await run(session, select(T.c.id).where(T.c.name == name, T.c.language == language))
    ).first()
    if current is None:
        item = {
            "name": name,
            "language": language,
            "id": value.get("message_template_id"),
            "category": value.get("message_template_category"),
            "status": status,
        }
        await upsert(session, item, now)
        return
    await run(
        session, update(T).where(T.c.id == current[0]).values(status=status[:32], updated_at=now)
    )
    log.info("template status changed", extra={"template_id": current[0], "status": status})


async def find(session: AsyncSession, name: str, language: str) -> dict[str, Any] | None:
    row = (await run(session, select(T).where(T.c.name == name, T.c.language == language))).first()
    return dict(row._mapping) if row is not None else None


async def find_named(
    session: AsyncSession, names: Iterable[str]
) -> dict[tuple[str, str], dict[str, Any]]:
    """Every language of the templates `names`, by (name, language): a batch's one read."""
    query = select(T).where(T.c.name.in_(sorted(set(names))))
    return {(row.name, row.language): dict(row._mapping) for row in await run(session, query)}
