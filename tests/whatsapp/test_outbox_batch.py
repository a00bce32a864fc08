"""A batch of template messages: each checked as a single one would be, the templates read
once and the rows written in one INSERT; a replayed batch queues nothing twice."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlmodel import col, select

from shop.storage.db import Database
from shop.whatsapp.messages import TemplateMessage
from shop.whatsapp.outbox import (
    EnqueueStatus,
    Outgoing,
    enqueue,
    enqueue_templates,
    take_enqueued,
)
from shop.whatsapp.tables import WaOutbox, WaTemplate

NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)


def reminder(*params: str, name: str = "cart_reminder") -> TemplateMessage:
    return TemplateMessage(name=name, language="ru", body_params=params)


@pytest.fixture
async def template(db: Database) -> None:
    body = [{"type": "BODY", "text": "{{1}}, в корзине товаров на {{2}}"}]
    async with db.transaction() as session:
        session.add(
            WaTemplate(
                name="cart_reminder",
                language="ru",
                category="MARKETING",
                status="APPROVED",
                components=json.dumps(body, ensure_ascii=False),
                updated_at=NOW,
            )
        )


@pytest.mark.usefixtures("template")
async def test_a_batch_is_checked_like_single_messages_and_a_replay_queues_nothing(
    db: Database,
) -> None:
    batch = [
        Outgoing(reminder("Анна", "598,00 ₽"), to="79000000001", key="nudge:1"),
        Outgoing(reminder("Борис"), to="79000000002", key="nudge:2"),
        Outgoing(reminder("Вера", "1 ₽", name="no_such"), to="79000000003", key="nudge:3"),
        Outgoing(reminder("Глеб", "2 ₽"), to="79000000004", key="nudge:4"),
    ]
    async with db.transaction() as session:
        first = await enqueue_templates(session, batch, now=NOW)
        told = take_enqueued(session)
        single = await enqueue(session, batch[0].message, to="79000000001", now=NOW, key="one")
    assert [r.status for r in first] == [
        EnqueueStatus.QUEUED,
        EnqueueStatus.TEMPLATE_PARAMETERS,
        EnqueueStatus.TEMPLATE_UNKNOWN,
        EnqueueStatus.QUEUED,
    ]
    assert first[1].reason == "the body takes 2 parameter(s), got 1"
    assert told == ["79000000001", "79000000004"]  # the sender may be woken for them

    async with db.transaction() as session:
        again = await enqueue_templates(session, batch, now=NOW)
        assert take_enqueued(session) == []
    assert [(r.status, r.outbox_id) for r in again] == [
        (EnqueueStatus.DUPLICATE, first[0].outbox_id),
        (EnqueueStatus.TEMPLATE_PARAMETERS, None),
        (EnqueueStatus.TEMPLATE_UNKNOWN, None),
        (EnqueueStatus.DUPLICATE, first[3].outbox_id),
    ]
    async with db.sessions() as session:
        rows = (await session.exec(select(WaOutbox).order_by(col(WaOutbox.id)))).all()
    assert [r.key for r in rows] == ["nudge:1", "nudge:4", "one"]
    batched, alone = rows[0], rows[2]
    # Stored as the single enqueue stores the same message.
    assert (batched.body, batched.category, batched.state) == (
        alone.body,
        alone.category,
        alone.state,
    )
    assert (batched.created_at, batched.next_attempt_at) == (NOW, NOW)
    assert single.outbox_id == alone.id


async def test_the_messages_of_a_batch_need_keys_of_their_own(db: Database) -> None:
    twice = [Outgoing(reminder("Анна", "1 ₽"), to="79000000001", key="k")] * 2
    async with db.transaction() as session:
        with pytest.raises(ValueError, match="keys of their own"):
            await enqueue_templates(session, twice, now=NOW)
        assert await enqueue_templates(session, [], now=NOW) == []
