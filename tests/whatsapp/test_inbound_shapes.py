"""A message of a shape the models refuse still opens the shopper's window, and nothing more."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from shop.storage.sql import run
from shop.whatsapp.dispatch import InboundEvent
from shop.whatsapp.outbox import is_window_open
from tests.whatsapp.rig import Rig
from webhooks.tables import WaInbox

INBOX = WaInbox.__table__  # type: ignore[attr-defined]


def envelope(wa_id: str, wamid: str, ts: int, **message: object) -> bytes:
    item = {"from": wa_id, "id": wamid, "timestamp": str(ts), **message}
    value = {"messaging_product": "whatsapp", "contacts": [{"wa_id": wa_id}], "messages": [item]}
    body = {
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": value}]}],
    }
    return json.dumps(body).encode()


async def test_a_refused_shape_opens_the_window_and_reaches_no_handler(rig: Rig) -> None:
    seen: list[str] = []

    async def handler(session: AsyncSession, event: InboundEvent) -> None:
        seen.append(event.message.id)

    rig.channel.handlers.inbound.append(handler)
    ts = int(rig.services.clock.now().timestamp())
    odd = envelope("79990003344", "wamid.ODD", ts, type="text", text="not an object")
    assert await rig.post_webhook(odd) == 200
    assert await rig.drain_inbox() == 1
    assert seen == []
    async with rig.services.db.transaction() as session:
        pending = await run(session, select(INBOX.c.id).where(INBOX.c.processed_at.is_(None)))
        assert pending.all() == []
        assert await is_window_open(session, "79990003344", rig.services.clock.now())
