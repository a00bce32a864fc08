"""`GET`/`PUT /api/settings/shop` and `/api/settings/delivery`: whole documents, round trips,
field errors in Russian with nothing saved."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from tests.web.answers import assert_declared
from tests.web.conftest import bearer

PROFILE = {
    "name": "Лавка Вари",
    "legal_name": "ИП Иванова В. П.",
    "inn": "500100732259",
    "address": "Москва, ул. Тверская, 7",
    "phone": "+7 (900) 123-45-67",
    "email": "Shop@Example.ru",
    "hours": "пн–пт 10:00–19:00",
    "logo_url": "https://example.ru/logo.png",
}
DELIVERY = {
    "options": [
        {
            "kind": "courier",
            "title": "Курьер по Москве",
            "price": "350",
            "free_from": "5000.00",
            "points": [],
        },
        {
            "kind": "pickup",
            "title": "Самовывоз",
            "price": "0",
            "free_from": None,
            "points": [
                {
                    "title": "Тверская, 7",
                    "address": "Москва, ул. Тверская, 7",
                    "lat": "55.7597",
                    "lon": "37.6141",
                    "hours": "10:00–21:00",
                }
            ],
        },
    ]
}


async def _put(client: TestClient, what: str, body: Any) -> tuple[int, Any]:
    response = await client.put(f"/api/settings/{what}", json=body, headers=bearer())
    return response.status, await response.json()


async def _get(client: TestClient, what: str) -> Any:
    response = await client.get(f"/api/settings/{what}", headers=bearer())
    assert response.status == 200
    return await response.json()


async def test_the_shop_profile_round_trips_normalised(client: TestClient) -> None:
    status, saved = await _put(client, "shop", PROFILE)
    assert status == 200
    assert (saved["phone"], saved["email"]) == ("+79001234567", "shop@example.ru")
    assert await _get(client, "shop") == saved
    assert_declared("GET", "/api/settings/shop", 200, saved)


async def test_delivery_round_trips_with_prices_as_text(client: TestClient) -> None:
    status, saved = await _put(client, "delivery", DELIVERY)
    assert status == 200
    courier, pickup = saved["options"]
    assert (courier["price"], courier["free_from"]) == ("350.00", "5000.00")
    assert (pickup["price"], pickup["points"][0]["lat"]) == ("0.00", "55.7597")
    assert await _get(client, "delivery") == saved
    assert_declared("GET", "/api/settings/delivery", 200, saved)


async def test_unsaved_delivery_shows_what_the_chat_offers(client: TestClient) -> None:
    shown = await _get(client, "delivery")  # the sandbox's demo
    assert [o["title"] for o in shown["options"]] == ["Самовывоз", "Курьер"]
    assert [p["title"] for p in shown["options"][0]["points"]] == ["Тверская, 7", "Арбат, 24"]


def _with(doc: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    import copy

    changed = copy.deepcopy(doc)
    *parents, last = path.split(".")
    here: Any = changed
    for part in parents:
        here = here[int(part)] if part.isdigit() else here[part]
    here[int(last) if last.isdigit() else last] = value
    return changed


@pytest.mark.parametrize(
    ("path", "value", "reason"),
    [
        ("inn", "500100732258", "контрольной суммой"),
        ("inn", "12345", "ИНН"),
        ("email", "shop@", "адрес вида"),
        ("phone", "12", "10–15 цифр"),
        ("logo_url", "http://example.ru/a.png", "https://"),
        ("name", "", "заполните поле"),
    ],
)
async def test_a_wrong_profile_field_is_named_in_russian_and_nothing_is_saved(
    client: TestClient, path: str, value: Any, reason: str
) -> None:
    await _put(client, "shop", PROFILE)
    status, answer = await _put(client, "shop", _with(PROFILE, path, value))
    assert status == 400
    assert answer["field"] == path
    assert reason in answer["message"]
    assert (await _get(client, "shop"))["inn"] == PROFILE["inn"]


@pytest.mark.parametrize(
    ("path", "value", "field", "reason"),
    [
        ("options.1.points.0.lat", "95", "options.1.points.0.lat", "не больше 90"),
        ("options.1.points", [], "options.1.points", "хотя бы один пункт"),
        ("options.0.price", "-1", "options.0.price", "не меньше 0"),
        ("options.0.price", "3,5.0", "options.0.price", "нужно число"),
        ("options.0.price", "350.555", "options.0.price", "двух знаков"),
        ("options.0.kind", "drone", "options.0.kind", "один из вариантов"),
        ("options.1.title", "курьер по москве", "options", "одним названием"),
        ("options", [], "options", "хотя бы один"),
    ],
)
async def test_a_wrong_delivery_field_is_named_in_russian_and_nothing_is_saved(
    client: TestClient, path: str, value: Any, field: str, reason: str
) -> None:
    _, before = await _put(client, "delivery", DELIVERY)
    status, answer = await _put(client, "delivery", _with(DELIVERY, path, value))
    assert status == 400
    assert (answer["error"], answer["field"]) == ("bad_request", field)
    assert reason in answer["message"], answer
    assert await _get(client, "delivery") == before


async def test_settings_routes_are_in_the_openapi_document(client: TestClient) -> None:
    document = await (await client.get("/api/openapi.json", headers=bearer())).json()
    for what in ("shop", "delivery", "reminders", "languages"):
        assert set(document["paths"][f"/api/settings/{what}"]) == {"get", "put"}
    body = document["paths"]["/api/settings/delivery"]["put"]["requestBody"]
    schema = body["content"]["application/json"]["schema"]
    assert schema["title"] == "DeliverySettings"
