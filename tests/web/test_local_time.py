"""Merchant pages show stored UTC moments in the shop's zone, as a Russian reader writes them."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from aiohttp.test_utils import TestClient

from shop.storage.db import Database
from shop.web.admin.frame import local_time
from webhooks.tables import WaDeadLetter


def test_a_moment_is_shown_in_the_shops_zone() -> None:
    moment = datetime(2026, 12, 4, 15, 37, tzinfo=UTC)
    assert local_time(moment, ZoneInfo("Europe/Moscow")) == "04.12.2026 18:37"
    assert (
        local_time(moment.replace(tzinfo=None), ZoneInfo("Asia/Vladivostok")) == "05.12.2026 01:37"
    )
    assert local_time(None, ZoneInfo("Europe/Moscow")) == "—"


async def test_the_inbox_page_dates_dead_letters_in_moscow_time(
    open_client: TestClient, database_url: str
) -> None:
    db = Database(database_url)
    async with db.transaction() as session:
        session.add(
            WaDeadLetter(
                received_at=datetime(2026, 12, 4, 15, 37, tzinfo=UTC),
                body_sha256="0" * 64,
                body="x",
                error="not JSON",
            )
        )
    await db.dispose()
    page = await (await open_client.get("/admin/inbox")).text()
    assert "04.12.2026 18:37" in page
    assert "UTC" not in page
