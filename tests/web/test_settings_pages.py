"""The shop and delivery pages: labelled forms, errors beside the field in Russian, nothing
half-saved, CSRF checked, and blank rows to add options and points without scripts."""

from __future__ import annotations

import re

from aiohttp.test_utils import TestClient

from shop.web.admin.delivery_form import document_of, field_name, rows_from_form
from tests.web.conftest import bearer


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match
    return match.group(1)


async def _post(client: TestClient, path: str, data: dict[str, str]) -> tuple[int, str]:
    page = await (await client.get(path)).text()
    response = await client.post(path, data={"csrf": _csrf(page), **data})
    return response.status, await response.text()


PROFILE = {
    "name": "Лавка Вари",
    "legal_name": "ООО «Лавка»",
    "inn": "7707083893",
    "address": "Москва, ул. Тверская, 7",
    "phone": "8 900 123-45-67",
    "email": "shop@example.ru",
    "hours": "пн–пт 10:00–19:00",
    "logo_url": "",
}


async def test_the_shop_page_saves_the_profile(open_client: TestClient) -> None:
    status, html = await _post(open_client, "/admin/settings/shop", PROFILE)
    assert status == 200
    assert 'id="saved"' in html
    assert 'value="7707083893"' in html
    saved = await (await open_client.get("/api/settings/shop", headers=bearer())).json()
    assert saved["phone"] == "89001234567"


async def test_a_wrong_inn_is_shown_beside_its_field_and_nothing_is_saved(
    open_client: TestClient,
) -> None:
    await _post(open_client, "/admin/settings/shop", PROFILE)
    status, html = await _post(
        open_client, "/admin/settings/shop", {**PROFILE, "inn": "7707083894", "name": "Другое"}
    )
    assert status == 422
    assert re.search(r'id="e-inn" role="alert">ИНН — 10 цифр', html)
    assert 'value="7707083894"' in html  # what the merchant typed stays in the form
    saved = await (await open_client.get("/api/settings/shop", headers=bearer())).json()
    assert (saved["name"], saved["inn"]) == ("Лавка Вари", "7707083893")


async def test_every_field_has_a_label_and_a_help_line(open_client: TestClient) -> None:
    for path in ("/admin/settings/shop", "/admin/settings/delivery"):
        html = await (await open_client.get(path)).text()
        inputs = re.findall(r'<(?:input|select) id="f-([^"]+)"', html)
        assert inputs
        for name in inputs:
            assert f'<label for="f-{name}">' in html, name
            assert f'id="h-{name}"' in html, name


async def test_a_form_without_csrf_is_refused(open_client: TestClient) -> None:
    for path in ("/admin/settings/shop", "/admin/settings/delivery"):
        response = await open_client.post(path, data={"name": "x"})
        assert response.status == 403


async def test_the_delivery_page_adds_an_option_with_a_point_in_blank_rows(
    open_client: TestClient,
) -> None:
    html = await (await open_client.get("/admin/settings/delivery")).text()
    assert 'id="unsaved"' in html  # the sandbox demo, shown until saved
    form = {
        "o0.kind": "pickup",
        "o0.title": "Самовывоз",
        "o0.price": "0",
        "o0.p0.title": "Тверская, 7",
        "o0.p0.address": "Москва, ул. Тверская, 7",
        "o0.p0.lat": "55,7597",
        "o0.p0.lon": "37.6141",
        "o0.p1.title": "Арбат, 24",
        "o0.p1.address": "Москва, ул. Арбат, 24",
        "o0.p1.lat": "55.7508",
        "o0.p1.lon": "37.5921",
        "o0.p1.remove": "1",
        "o1.kind": "courier",
        "o1.title": "Курьер",
        "o1.price": "300",
        "o2.kind": "courier",
        "o2.title": "Экспресс",
        "o2.price": "1 200,50",
        "o2.free_from": "10000",
        "o3.kind": "courier",
    }
    status, html = await _post(open_client, "/admin/settings/delivery", form)
    assert status == 200
    assert 'id="saved"' in html
    saved = await (await open_client.get("/api/settings/delivery", headers=bearer())).json()
    assert [(o["title"], o["price"], o["free_from"]) for o in saved["options"]] == [
        ("Самовывоз", "0.00", None),
        ("Курьер", "300.00", None),
        ("Экспресс", "1200.50", "10000.00"),
    ]
    assert [p["title"] for p in saved["options"][0]["points"]] == ["Тверская, 7"]
    assert 'value="1200,50"' in html  # as a Russian reads it


async def test_a_wrong_point_is_shown_beside_its_field_and_nothing_is_saved(
    open_client: TestClient,
) -> None:
    good = {"o0.kind": "courier", "o0.title": "Курьер", "o0.price": "300"}
    await _post(open_client, "/admin/settings/delivery", good)
    wrong = {
        **good,
        "o1.kind": "pickup",
        "o1.title": "Самовывоз",
        "o1.price": "0",
        "o1.p1.title": "Склад",
        "o1.p1.address": "ул. Заводская, 7",
        "o1.p1.lat": "95",
        "o1.p1.lon": "37.5",
    }
    status, html = await _post(open_client, "/admin/settings/delivery", wrong)
    assert status == 422
    assert re.search(r'id="e-o1\.p1\.lat" role="alert">не больше 90', html)
    saved = await (await open_client.get("/api/settings/delivery", headers=bearer())).json()
    assert [o["title"] for o in saved["options"]] == ["Курьер"]


def test_a_problems_path_in_the_document_names_the_field_typed_in() -> None:
    rows = rows_from_form(
        {
            "o0.kind": "courier",
            "o1.kind": "pickup",
            "o1.title": "Самовывоз",
            "o1.p0.remove": "1",
            "o1.p0.title": "Старый",
            "o1.p3.title": "Новый",
            "o2.kind": "courier",
            "o2.title": "Курьер",
            "o2.remove": "1",
        }
    )
    doc = document_of(rows)
    assert [o["title"] for o in doc.values["options"]] == ["Самовывоз"]
    assert field_name("options.0.points.0.lat", doc) == "o1.p3.lat"
    assert field_name("options.0.points", doc) == "o1.points"
    assert field_name("options.0.price", doc) == "o1.price"
    assert field_name("options", doc) == ""


async def test_a_courier_gets_zones_with_their_own_prices_and_a_wrong_one_is_marked(
    open_client: TestClient,
) -> None:
    form = {
        "o0.kind": "courier",
        "o0.title": "Курьер",
        "o0.price": "300",
        "o0.z0.title": "В пределах МКАД",
        "o0.z0.price": "300",
        "o0.z0.free_from": "5 000",
        "o0.z1.title": "За МКАД",
        "o0.z1.price": "600,00",
    }
    status, html = await _post(open_client, "/admin/settings/delivery", form)
    assert status == 200
    assert 'id="saved"' in html
    assert 'name="o0.z2.title"' in html  # a blank row to add a zone
    saved = await (await open_client.get("/api/settings/delivery", headers=bearer())).json()
    zones = saved["options"][0]["zones"]
    assert [(z["title"], z["price"], z["free_from"]) for z in zones] == [
        ("В пределах МКАД", "300.00", "5000.00"),
        ("За МКАД", "600.00", None),
    ]
    wrong = {**form, "o0.z1.price": "дорого", "o0.z0.remove": "1"}
    status, html = await _post(open_client, "/admin/settings/delivery", wrong)
    assert status == 422
    assert re.search(r'id="e-o0\.z1\.price" role="alert">нужно число', html)
    saved = await (await open_client.get("/api/settings/delivery", headers=bearer())).json()
    assert len(saved["options"][0]["zones"]) == 2


def test_a_zones_problem_names_the_zone_row_typed_in() -> None:
    rows = rows_from_form(
        {"o0.kind": "courier", "o0.title": "К", "o0.z0.remove": "1", "o0.z0.title": "Старая"}
        | {"o0.z4.title": "Новая", "o0.z4.price": "1"}
    )
    doc = document_of(rows)
    assert [z["title"] for z in doc.values["options"][0]["zones"]] == ["Новая"]
    assert field_name("options.0.zones.0.price", doc) == "o0.z4.price"
    assert field_name("options.0.zones", doc) == "o0.zones"
