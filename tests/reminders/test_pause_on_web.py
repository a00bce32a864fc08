"""The reminders page tells that the channel guard paused reminders, on any process."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aiohttp.test_utils import TestClient

from shop.settings import load_settings
from shop.storage.db import Database
from shop.web.app import create_app
from shop.whatsapp.tables import WaPhoneQuality


async def test_a_web_process_without_a_worker_says_reminders_are_paused(
    aiohttp_client: Any, database_url: str, db: Database
) -> None:
    # As docker-compose runs the web service: `shop serve --no-worker`, an open sandbox page.
    settings = load_settings(database_url=database_url)
    client: TestClient = await aiohttp_client(create_app(settings, run_worker=False))
    before = await (await client.get("/admin/nudges")).text()
    assert "Рейтинг качества номера упал до красного" not in before
    async with db.transaction() as session:  # Meta cut the number's limit: quality RED
        session.add(
            WaPhoneQuality(phone="100000000000001", event="DOWNGRADE", updated_at=datetime.now(UTC))
        )
    page = await (await client.get("/admin/nudges")).text()
    assert "Рейтинг качества номера упал до красного" in page
