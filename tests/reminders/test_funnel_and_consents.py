"""The reminders' funnel over the API and page, and consents imported from a file."""

from __future__ import annotations

import asyncio
import os
import re
import sys
from datetime import timedelta
from pathlib import Path

import aiohttp
import pytest
from sqlmodel import select

from shop.chat.tables import ShopChat
from shop.clock import FrozenClock
from shop.consent import store
from shop.consent.rules import ConsentState
from shop.orders.model import OrderStatus, new_token
from shop.orders.tables import ShopOrder
from shop.reminders.tables import NudgeSend
from shop.storage.db import Database
from shop.whatsapp.tables import WaOutbox
from tests.reminders.test_scheduler import MORNING, SHOPPER, abandon, run_at
from tests.whatsapp.rig import Rig

ROOT = Path(__file__).resolve().parents[2]
CONSENTS = (
    "phone,consented_at,source\n"
    "8 (900) 123-45-67,20.11.2026 12:00,qr_code\n"
    "+7 900 765 43 21,2026-11-21T10:00:00+03:00,contract\n"
)


# An order paid and moved on since (shipped) counts as paid all the same.
@pytest.mark.parametrize("status", [OrderStatus.PAID, OrderStatus.SHIPPED])
async def test_the_funnel_counts_a_reminder_that_was_read_clicked_and_paid(
    rig: Rig, clock: FrozenClock, db: Database, status: OrderStatus
) -> None:
    await abandon(db, MORNING)
    sent_at = MORNING + timedelta(hours=2)
    await run_at(rig, clock, sent_at)
    async with db.transaction() as session:
        out = (await session.exec(select(WaOutbox))).one()
        out.accepted_at, out.delivered_at, out.read_at = sent_at, sent_at, sent_at
        nudge = (await session.exec(select(NudgeSend))).one()
        nudge.clicked_at = sent_at + timedelta(minutes=5)
        chat = (await session.exec(select(ShopChat))).one()
        session.add(
            ShopOrder(
                number="A-10001",
                token=new_token(),
                chat_id=chat.id or 0,
                wa_id=SHOPPER,
                status=status.value,
                goods_minor=59800,
                total_minor=59800,
                delivery_option="pickup",
                delivery_kind="pickup",
                delivery_title="Самовывоз",
                created_at=sent_at + timedelta(minutes=10),
                paid_at=sent_at + timedelta(minutes=12),
                expires_at=sent_at + timedelta(days=1),
            )
        )
    response = await rig.client.get(
        "/api/nudges/funnel", params={"since": "2026-11-24", "until": "2026-11-24"}
    )
    funnel = await response.json()
    total = funnel["total"]
    assert (total["sent"], total["delivered"], total["read"], total["clicked"]) == (1, 1, 1, 1)
    assert (total["ordered"], total["paid"], total["revenue"]) == (1, 1, "598.00")
    assert funnel["steps"][0]["template"] == "cart_reminder"
    page = await rig.client.get(
        "/admin/nudges", params={"since": "2026-11-24", "until": "2026-11-24"}
    )
    html = await page.text()
    assert "<svg" in html
    assert "598,00\u00a0₽" in html  # the total and the chart's day, as money is written
    assert "598.00" not in html


async def test_offline_consents_upload_on_the_page(rig: Rig, db: Database) -> None:
    page = await (await rig.client.get("/admin/nudges")).text()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)
    assert csrf is not None
    form = aiohttp.FormData()
    form.add_field("csrf", csrf.group(1))
    form.add_field("file", CONSENTS.encode(), filename="consents.csv", content_type="text/csv")
    response = await rig.client.post("/admin/nudges/consents", data=form)
    assert "принято: 2" in await response.text()
    async with db.sessions() as session:
        assert await store.state_of(session, "79001234567") is ConsentState.GRANTED
        assert await store.state_of(session, "79007654321") is ConsentState.GRANTED


async def test_the_consents_command_reports_and_exits_like_the_catalog(
    tmp_path: Path, database_url: str, db: Database
) -> None:
    good = tmp_path / "good.csv"
    good.write_text(CONSENTS, encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("phone,consented_at,source\n123,yesterday,somewhere\n", encoding="utf-8")
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": str(ROOT)}

    async def run(path: Path) -> tuple[int, str]:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "shop",
            "consents",
            "import",
            str(path),
            cwd=tmp_path,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, _ = await asyncio.wait_for(process.communicate(), 120)
        return process.returncode or 0, out.decode()

    code, out = await run(good)
    assert code == 0, out
    assert '"imported": 2' in out
    code, out = await run(bad)
    assert code == 1
    assert '"row": 2' in out
    code, _ = await run(tmp_path / "missing.csv")
    assert code == 2
    async with db.sessions() as session:
        assert await store.state_of(session, "79001234567") is ConsentState.GRANTED
        assert await store.state_of(session, "79000000123") is ConsentState.NONE


async def test_merchant_settings_on_the_page_change_the_schedule(
    rig: Rig, clock: FrozenClock, db: Database
) -> None:
    page = await (await rig.client.get("/admin/settings/reminders")).text()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)
    assert csrf is not None
    form = {
        "csrf": csrf.group(1),
        "enabled": "1",
        "cap_30d": "4",
        "s0.after_hours": "0,5",
        "s0.template": "cart_reminder",
        "s1.after_hours": "3",
        "s1.template": "cart_reminder",
        "max_lateness_hours": "12",
        "guard_opt_out_percent": "0,5",
        "guard_complaint_percent": "0,1",
        "guard_min_delivered": "200",
        "guard_opt_out_backstop": "5",
        "guard_window_days": "7",
    }
    bad = await rig.client.post(
        "/admin/settings/reminders", data={**form, "s0.after_hours": "soon"}
    )
    assert bad.status == 422
    assert 'id="e-s0.after_hours"' in await bad.text()
    saved = await rig.client.post("/admin/settings/reminders", data=form, allow_redirects=False)
    assert saved.status == 303
    await abandon(db, MORNING)
    await run_at(rig, clock, MORNING + timedelta(minutes=31))  # 30 minutes now, not an hour
    async with db.sessions() as session:
        assert len((await session.exec(select(NudgeSend))).all()) == 1
