"""What `shop doctor` reads of the shop's own database: the latest webhook, the delivery set up."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from shop.delivery.options import OPTIONS_KEY
from shop.doctor.probes import DatabaseBooks
from shop.storage.db import Database
from shop.storage.tables import MerchantSetting
from tests.doctor.test_checks import production
from webhooks.tables import WaInbox

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


async def test_the_latest_webhook_and_the_merchants_delivery_are_read(db: Database) -> None:
    books = DatabaseBooks(db, production(database_url=db.url))
    assert await books.latest_webhook() is None
    assert await books.delivery() == (["Доставка по согласованию"], False)
    async with db.transaction() as session:
        for minutes, key in ((30, "m:older"), (5, "m:newer")):
            at = NOW - timedelta(minutes=minutes)
            session.add(
                WaInbox(
                    dedup_key=key,
                    kind="message",
                    chat_key="79000000001",
                    payload="{}",
                    received_at=at,
                    next_attempt_at=at,
                )
            )
        mine = [{"id": "cdek", "kind": "courier", "title": "Курьер СДЭК", "price": "350"}]
        session.add(MerchantSetting(key=OPTIONS_KEY, value=json.dumps(mine), updated_at=NOW))
    assert await books.latest_webhook() == NOW - timedelta(minutes=5)
    assert await books.delivery() == (["Курьер СДЭК"], True)
    assert [s.template for s in await books.reminder_steps()] == ["cart_reminder", "cart_reminder"]
