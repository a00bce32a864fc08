"""The desk's settings pages: groups, FAQ and canned replies saved whole through the same
validated documents as `/api/settings/…`, errors in Russian beside their field with nothing
saved, an audit entry per save, and the canned replies on the chat page."""

from __future__ import annotations

import re
from typing import Any

from aiohttp.test_utils import TestClient

from shop.access import audit
from shop.web.keys import SERVICES
from tests.web.conftest import bearer, open_client

__all__ = ["open_client"]
GROUPS = "/admin/settings/groups"


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match
    return match.group(1)


async def _post(client: TestClient, path: str, data: dict[str, Any]) -> tuple[int, str]:
    page = await (await client.get(path)).text()
    response = await client.post(path, data=[("csrf", _csrf(page)), *_pairs(data)])
    return response.status, await response.text()


def _pairs(data: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (key, item)
        for key, value in data.items()
        for item in (value if isinstance(value, list) else [value])
    ]


def _group(n: int, key: str, title: str, **extra: Any) -> dict[str, Any]:
    row = {
        f"g{n}.key": key,
        f"g{n}.title": title,
        f"g{n}.days": ["1", "2", "3", "4", "5"],
        f"g{n}.opens": "09:00",
        f"g{n}.closes": "18:00",
        f"g{n}.away_text": "Ответим с 9 утра.",
        f"g{n}.sla_seconds": "120",
        f"g{n}.capacity": "3",
        f"g{n}.keywords": "вернуть, возврат",
    }
    return {**row, **{f"g{n}.{k}": v for k, v in extra.items()}}


async def _api(client: TestClient, path: str) -> Any:
    return await (await client.get(path, headers=bearer())).json()


async def test_the_groups_page_shows_the_defaults_with_labels_units_and_help(
    open_client: TestClient,
) -> None:
    html = await (await open_client.get(GROUPS)).text()
    assert 'id="unsaved"' in html
    for words in ("Продажи", "Логистика", "Цель первого ответа", "Чатов на оператора"):
        assert words in html
    assert 'id="h-g0.sla_seconds"' in html
    assert ">с</span>" in html


async def test_the_groups_page_saves_groups_hours_and_the_default_with_an_audit_entry(
    open_client: TestClient,
) -> None:
    form = {
        **_group(0, "sales", "Продажи", private="1"),
        **_group(1, "vip", "VIP-клиенты", round_robin="1"),
        "default_group": "vip",
    }
    status, html = await _post(open_client, GROUPS, form)
    assert status == 200
    assert 'id="saved"' in html
    saved = await _api(open_client, "/api/settings/groups")
    assert [g["key"] for g in saved["groups"]] == ["sales", "vip"]
    assert saved["default_group"] == "vip"
    vip = saved["groups"][1]
    assert (vip["opens"], vip["closes"], vip["days"]) == ("09:00", "18:00", [1, 2, 3, 4, 5])
    assert (vip["sla_seconds"], vip["capacity"], vip["round_robin"]) == (120, 3, True)
    assert vip["keywords"] == ["вернуть", "возврат"]
    assert saved["groups"][0]["private"]
    [event], _ = await audit.latest(open_client.app[SERVICES].db, offset=0, limit=5)
    assert event.subject == "settings:desk.groups"
    assert event.action == "settings"


async def test_a_wrong_field_is_named_beside_it_in_russian_and_nothing_is_saved(
    open_client: TestClient,
) -> None:
    form = {
        **_group(0, "sales", "Продажи", sla_seconds="5"),
        **_group(1, "Логистика!", "Логистика", opens="25:00"),
        "default_group": "sales",
    }
    status, html = await _post(open_client, GROUPS, form)
    assert status == 422
    assert re.search(r'id="e-g0.sla_seconds" role="alert">[^<]*10', html)
    assert re.search(r'id="e-g1.key" role="alert">Только латинские буквы', html)
    assert 'value="Логистика!"' in html  # what was typed stays
    saved = await _api(open_client, "/api/settings/groups")
    assert [g["sla_seconds"] for g in saved["groups"]] == [60, 60, 60]  # still the defaults
    _, total = await audit.latest(open_client.app[SERVICES].db, offset=0, limit=5)
    assert total == 0


async def test_removing_the_default_group_is_refused_at_the_default_field(
    open_client: TestClient,
) -> None:
    form = {
        **_group(0, "sales", "Продажи", remove="1"),
        **_group(1, "support", "Поддержка"),
        "default_group": "sales",
    }
    status, html = await _post(open_client, GROUPS, form)
    assert status == 422
    assert 'id="e-default_group" role="alert">Группы по умолчанию нет' in html


async def test_the_faq_page_saves_questions_with_phrasings_and_refuses_a_short_one(
    open_client: TestClient,
) -> None:
    form = {
        "q0.question": "Сколько стоит доставка?",
        "q0.phrasings": "сколько везут\nкогда привезут",
        "q0.answer": "Доставка по Москве — 300 ₽.",
        "q1.question": "",
        "q1.answer": "",
    }
    status, html = await _post(open_client, "/admin/settings/faq", form)
    assert status == 200
    assert 'id="saved"' in html
    saved = await _api(open_client, "/api/settings/faq")
    assert saved["items"] == [
        {
            "question": "Сколько стоит доставка?",
            "phrasings": ["сколько везут", "когда привезут"],
            "answer": "Доставка по Москве — 300 ₽.",
        }
    ]
    bad = {"q0.question": "Да", "q0.answer": "Ответ", "q1.question": "Оплата картой?"}
    status, html = await _post(open_client, "/admin/settings/faq", bad)
    assert status == 422
    assert 'id="e-q0.question" role="alert">' in html
    assert 'id="e-q1.answer" role="alert">' in html
    assert (await _api(open_client, "/api/settings/faq")) == saved


async def test_canned_replies_saved_on_the_page_are_offered_in_a_chat_and_by_the_api(
    open_client: TestClient,
) -> None:
    before = await _api(open_client, "/api/settings/canned-replies")
    assert before["replies"][0] == "Здравствуйте! Чем могу помочь?"  # the default three
    form = {"replies": "Добрый день!\n\nЗаказ уже в пути."}
    status, html = await _post(open_client, "/admin/settings/canned", form)
    assert status == 200
    assert 'id="saved"' in html
    saved = await _api(open_client, "/api/settings/canned-replies")
    assert saved == {"replies": ["Добрый день!", "Заказ уже в пути."]}
    status, html = await _post(open_client, "/admin/settings/canned", {"replies": "Да\nДа"})
    assert status == 422
    assert 'id="e-replies" role="alert">Два одинаковых ответа.' in html
    refused = await open_client.put(
        "/api/settings/canned-replies", json={"replies": ["x" * 301]}, headers=bearer()
    )
    assert refused.status == 400
    assert "300" in (await refused.json())["message"]
    assert (await _api(open_client, "/api/settings/canned-replies")) == saved
    spec = await _api(open_client, "/api/openapi.json")
    assert {"get", "put"} <= set(spec["paths"]["/api/settings/canned-replies"])
