"""Offline consents name their source in the merchant's own words: stored and shown verbatim."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import aiohttp
from sqlmodel import col, select

from shop.consent.importing import import_consents
from shop.consent.tables import ConsentRecord
from shop.storage.db import Database
from tests.whatsapp.rig import Rig

FILE = (
    "Телефон;Дата согласия;Источник\r\n"
    '8 (900) 123-45-67;20.11.2026 12:00;"QR-код на кассе, Тверская 1"\r\n'
    "+7 900 765 43 21;21.11.2026;анкета в магазине\r\n"
    '+7 900 000 00 03;21.11.2026;"<b>Звонок</b>\u202e менеджера"\r\n'
)


async def stored(db: Database) -> list[tuple[str, str, str | None]]:
    async with db.sessions() as session:
        query = select(ConsentRecord).order_by(col(ConsentRecord.shopper))
        rows = (await session.exec(query)).all()
        return [(r.shopper, r.source, r.source_text) for r in rows]


async def test_sources_in_free_words_are_stored_verbatim_beside_their_kind(db: Database) -> None:
    report = await import_consents(
        db,
        FILE.encode(),
        zone=ZoneInfo("Europe/Moscow"),
        now=datetime(2026, 12, 1, tzinfo=UTC),
        file_name="consents.csv",
    )
    assert report.exit_code == 0, report.as_json()
    assert await stored(db) == [
        ("79000000003", "csv_import", "<b>Звонок</b> менеджера"),
        ("79001234567", "qr_code", "QR-код на кассе, Тверская 1"),
        ("79007654321", "paper_form", "анкета в магазине"),
    ]


async def test_the_upload_page_shows_each_source_as_written(rig: Rig, db: Database) -> None:
    page = await (await rig.client.get("/admin/nudges")).text()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)
    assert csrf is not None
    form = aiohttp.FormData()
    form.add_field("csrf", csrf.group(1))
    form.add_field("file", FILE.encode(), filename="consents.csv", content_type="text/csv")
    html = await (await rig.client.post("/admin/nudges/consents", data=form)).text()
    assert "принято: 3" in html
    assert "<td>QR-код на кассе, Тверская 1</td><td>QR-код" in html
    assert "<td>анкета в магазине</td><td>анкета" in html
    assert "&lt;b&gt;Звонок&lt;/b&gt; менеджера" in html  # escaped, never markup
    assert "<b>Звонок</b>" not in html
    assert len(await stored(db)) == 3
