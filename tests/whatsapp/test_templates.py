"""Templates: paged sync from the business account (faked in memory) and status webhooks."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from sqlalchemy import select, update

from shop.clock import utcnow
from shop.storage.db import Database
from shop.storage.sql import run
from shop.whatsapp.graph import TemplatesApi
from shop.whatsapp.messages import TemplateMessage
from shop.whatsapp.outbox import EnqueueStatus, enqueue
from shop.whatsapp.tables import WaTemplate
from shop.whatsapp.templates import sync_templates
from tests.fakes import FakeTemplates
from tests.whatsapp.rig import Rig

TEMPLATES = WaTemplate.__table__  # type: ignore[attr-defined]


async def stored(db: Database) -> dict[tuple[str, str], dict[str, object]]:
    async with db.transaction() as session:
        rows = (await run(session, select(TEMPLATES))).all()
    return {(r.name, r.language): dict(r._mapping) for r in rows}


async def test_sync_pulls_every_page_of_templates(db: Database) -> None:
    meta = FakeTemplates(page_size=2)  # force several pages
    items = meta.registry.all()
    for n in range(5):
        meta.add(
            f"extra_{n}",
            category="UTILITY",
            components=[{"type": "BODY", "text": "Заказ {{1}}"}],
        )
    seen = await sync_templates(db, meta, utcnow())
    assert seen == len(items) + 5
    local = await stored(db)
    assert len(local) == seen
    extra = local[("extra_0", "ru")]
    assert extra["status"] == "APPROVED"
    assert json.loads(str(extra["components"]))[0]["text"] == "Заказ {{1}}"
    assert await sync_templates(db, meta, utcnow()) == seen  # again: same rows, updated in place
    assert len(await stored(db)) == seen


class SlowPages:
    """Meta's template pages, with a wait before every page after the first (Meta answering
    slowly), during which another unit of work tries to write and commit."""

    def __init__(self, api: TemplatesApi, write: Any) -> None:
        self.api, self.write = api, write
        self.committed_meanwhile: list[bool] = []

    async def template_pages(self, after: str | None) -> tuple[list[dict[str, Any]], str | None]:
        if after is not None:
            other = asyncio.create_task(self.write())
            # Bounded only so that a sync holding the write lock fails instead of hanging.
            done, _ = await asyncio.wait({other}, timeout=10)
            self.committed_meanwhile.append(other in done)
            if other not in done:
                other.cancel()
        return await self.api.template_pages(after)


async def test_sync_holds_no_write_lock_while_meta_answers(db: Database) -> None:
    meta = FakeTemplates(page_size=2)
    for n in range(3):
        meta.add(f"slow_{n}", category="UTILITY", components=[])

    async def another_writer() -> None:
        async with db.transaction() as session:
            await run(session, update(TEMPLATES).values(category="MARKETING"))

    pages = SlowPages(meta, another_writer)
    seen = await sync_templates(db, pages, utcnow())
    assert pages.committed_meanwhile
    assert all(pages.committed_meanwhile)
    assert len(await stored(db)) == seen


async def test_a_status_webhook_pauses_a_template_and_stops_its_sends(rig: Rig) -> None:
    await rig.channel.sync_templates()
    message = TemplateMessage(name="cart_reminder", language="ru", body_params=("Анна", "1 299 ₽"))
    async with rig.services.db.transaction() as session:
        ok = await enqueue(session, message, to="79990001111", now=rig.services.clock.now())
    assert ok.status is EnqueueStatus.QUEUED
    await rig.control("POST", "templates/cart_reminder/ru/status", {"status": "PAUSED"})
    await rig.control("POST", "webhooks/flush")
    await rig.drain_inbox()
    assert (await stored(rig.services.db))[("cart_reminder", "ru")]["status"] == "PAUSED"
    async with rig.services.db.transaction() as session:
        refused = await enqueue(session, message, to="79990001111", now=rig.services.clock.now())
    assert refused.status is EnqueueStatus.TEMPLATE_NOT_APPROVED
