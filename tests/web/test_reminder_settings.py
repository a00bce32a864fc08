"""The reminders settings: one validated document (page and `/api/settings/reminders`), the
environment's values until it is saved, field errors in Russian with nothing saved, and the
scheduler's configuration following it without a restart."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from aiohttp.test_utils import TestClient
from sqlmodel import select

from shop.reminders.document import effective_config
from shop.settings import load_settings
from shop.storage.tables import MerchantSetting
from shop.web.keys import SERVICES
from tests.web.answers import assert_declared
from tests.web.conftest import bearer
from tests.web.test_settings_pages import _post

REMINDERS = {
    "enabled": True,
    "steps": [
        {"after_hours": "0.5", "template": "cart_reminder", "promo_code": ""},
        {"after_hours": "24", "template": "cart_reminder_2", "promo_code": "SALE10"},
    ],
    "quiet_from": "22:00",
    "quiet_until": "08:30",
    "max_lateness_hours": 6,
    "holidays": ["2027-01-01"],
    "cap_30d": 2,
    "guard_opt_out_percent": "1.5",
    "guard_complaint_percent": "0.2",
    "guard_min_delivered": 100,
    "guard_opt_out_backstop": 3,
    "guard_window_days": 14,
}
FORM = {
    "enabled": "1",
    "cap_30d": "2",
    "s0.after_hours": "0,5",
    "s0.template": "cart_reminder",
    "s0.promo_code": "",
    "s1.after_hours": "24",
    "s1.template": "cart_reminder_2",
    "s1.promo_code": "SALE10",
    "s2.after_hours": "",
    "s2.template": "",
    "quiet_from": "22:00",
    "quiet_until": "08:30",
    "max_lateness_hours": "6",
    "holidays": "01.01.2027",
    "guard_opt_out_percent": "1,5",
    "guard_complaint_percent": "0,2",
    "guard_min_delivered": "100",
    "guard_opt_out_backstop": "3",
    "guard_window_days": "14",
}


async def _get(client: TestClient) -> Any:
    response = await client.get("/api/settings/reminders", headers=bearer())
    assert response.status == 200
    return await response.json()


async def _put(client: TestClient, body: Any) -> tuple[int, Any]:
    response = await client.put("/api/settings/reminders", json=body, headers=bearer())
    return response.status, await response.json()


async def _config(client: TestClient) -> Any:
    services = client.app[SERVICES]
    async with services.db.sessions() as session:
        rows = (await session.exec(select(MerchantSetting))).all()
    return effective_config(services.settings, {r.key: r.value for r in rows})


async def test_before_saving_the_api_shows_the_environments_values(client: TestClient) -> None:
    doc = await _get(client)
    assert [s["after_hours"] for s in doc["steps"]] == ["1.00", "24.00"]
    assert (doc["quiet_from"], doc["quiet_until"]) == ("21:00", "09:00")
    assert (doc["cap_30d"], doc["guard_opt_out_percent"], doc["guard_window_days"]) == (4, "0.5", 7)
    assert_declared("GET", "/api/settings/reminders", 200, doc)


async def test_a_saved_document_is_what_the_scheduler_follows(client: TestClient) -> None:
    status, saved = await _put(client, REMINDERS)
    assert status == 200, saved
    assert await _get(client) == saved
    config = await _config(client)
    assert [s.delay for s in config.steps] == [timedelta(minutes=30), timedelta(hours=24)]
    assert [s.promo_code for s in config.steps] == [None, "SALE10"]
    assert config.quiet_hours == (time(22, 0), time(8, 30))
    assert (config.cap_30d, config.max_lateness) == (2, timedelta(hours=6))
    assert config.holidays == frozenset({date(2027, 1, 1)})
    assert config.guard.opt_out_rate == Decimal("0.015")
    assert (config.guard.min_delivered, config.guard.window) == (100, timedelta(days=14))


async def test_the_document_replaces_the_older_one_key_rows(client: TestClient) -> None:
    services = client.app[SERVICES]
    now = datetime(2026, 12, 1, tzinfo=UTC)
    async with services.db.transaction() as session:
        session.add(MerchantSetting(key="marketing_cap_30d", value="9", updated_at=now))
    assert (await _get(client))["cap_30d"] == 9  # the older row is in force until then
    await _put(client, REMINDERS)
    async with services.db.sessions() as session:
        assert await session.get(MerchantSetting, "marketing_cap_30d") is None
    assert (await _config(client)).cap_30d == 2


async def test_a_refused_document_names_the_field_in_russian_and_saves_nothing(
    client: TestClient,
) -> None:
    await _put(client, REMINDERS)
    steps = [{"after_hours": "5", "template": "a"}, {"after_hours": "2", "template": "a"}]
    for body, field, words in (
        ({**REMINDERS, "quiet_from": "25:00"}, "quiet_from", "время вида 21:00"),
        ({**REMINDERS, "steps": steps}, "steps", "позже предыдущего"),
        ({**REMINDERS, "quiet_until": None}, "quiet_until", "и начало, и конец"),
        ({**REMINDERS, "cap_30d": 101}, "cap_30d", "не больше 100"),
        (
            {**REMINDERS, "steps": [{"after_hours": "1", "template": "Cart Reminder"}]},
            "steps.0.template",
            "строчные латинские",
        ),
    ):
        status, answer = await _put(client, {**body, "guard_min_delivered": 7})
        assert status == 400, answer
        assert answer["field"] == field
        assert words in answer["message"]
    assert (await _get(client))["guard_min_delivered"] == 100


async def test_the_page_saves_typed_values_with_commas_and_dates(
    open_client: TestClient,
) -> None:
    status, html = await _post(open_client, "/admin/settings/reminders", FORM)
    assert status == 200
    assert 'id="saved"' in html
    assert 'value="0,5"' in html
    assert 'value="01.01.2027"' in html
    saved = await _get(open_client)
    assert saved["steps"][0]["after_hours"] == "0.50"
    assert saved["holidays"] == ["2027-01-01"]
    assert saved["guard_opt_out_percent"] == "1.5"


async def test_the_page_shows_each_problem_beside_its_field_and_saves_nothing(
    open_client: TestClient,
) -> None:
    await _post(open_client, "/admin/settings/reminders", FORM)
    wrong = {
        **FORM,
        "s1.after_hours": "сутки",
        "quiet_until": "",
        "holidays": "31.02.2027",
        "cap_30d": "2,5",
    }
    status, html = await _post(open_client, "/admin/settings/reminders", wrong)
    assert status == 422
    assert re.search(r'id="e-s1.after_hours" role="alert">нужно число', html)
    assert re.search(r'id="e-quiet_until" role="alert">укажите и начало', html)
    assert re.search(r'id="e-holidays" role="alert">дата вида', html)
    assert re.search(r'id="e-cap_30d" role="alert">нужно целое число', html)
    assert 'value="сутки"' in html  # what was typed stays
    assert (await _get(open_client))["steps"][1]["after_hours"] == "24.00"


async def test_every_field_has_a_russian_label_unit_and_help(open_client: TestClient) -> None:
    html = await (await open_client.get("/admin/settings/reminders")).text()
    assert "guard_opt_out_percent</label>" not in html
    for label in ("Порог отписок", "Тихие часы: с", "Не больше сообщений за 30 дней", "Через"):
        assert f">{label}</label>" in html
    assert re.search(r'id="f-guard_window_days"[^>]*>\s*<span class="unit">дн.</span>', html)
    assert html.count('class="help"') >= 14


async def test_the_environment_gives_the_defaults(database_url: str) -> None:
    settings = load_settings(database_url=database_url, nudge_steps="2h,48h", quiet_hours="off")
    config = effective_config(settings, {})
    assert [s.delay for s in config.steps] == [timedelta(hours=2), timedelta(hours=48)]
    assert config.quiet_hours is None
