"""The currency and languages settings: SHOP_CURRENCY until saved, a saved currency used by
the catalog and the chat, and a change refused in Russian (nothing saved) while products or
open orders are still priced in the old one."""

from __future__ import annotations

import re
from typing import Any

from aiohttp.test_utils import TestClient
from sqlmodel import select

from shop.promo.tables import PromoCode
from shop.shop_profile.languages import current
from shop.web.keys import SERVICES
from tests.chat.chat import product, seed
from tests.promo.test_api import NEW as NEW_CODE
from tests.web.answers import assert_declared
from tests.web.conftest import bearer
from tests.web.test_settings_pages import _post

KZT = {"currency": "KZT", "english_offered": True, "default_language": "ru"}


async def _put(client: TestClient, body: Any) -> tuple[int, Any]:
    response = await client.put("/api/settings/languages", json=body, headers=bearer())
    return response.status, await response.json()


async def _get(client: TestClient) -> Any:
    response = await client.get("/api/settings/languages", headers=bearer())
    assert response.status == 200
    return await response.json()


async def test_until_saved_the_currency_is_the_environments(client: TestClient) -> None:
    doc = await _get(client)
    assert doc == {"currency": "RUB", "english_offered": True, "default_language": "ru"}
    assert_declared("GET", "/api/settings/languages", 200, doc)


async def test_a_new_currency_is_what_every_next_transaction_reads(client: TestClient) -> None:
    status, saved = await _put(client, {**KZT, "currency": "kzt"})
    assert (status, saved["currency"]) == (200, "KZT")
    services = client.app[SERVICES]
    async with services.db.sessions() as session:
        doc, stored = await current(session, services.settings.shop_currency)
    assert (doc.currency, stored) == ("KZT", True)


async def test_the_currency_does_not_change_under_products_priced_in_it(
    client: TestClient,
) -> None:
    await seed(client.app[SERVICES].db, product("TEA1", "Чай", "299.00", "Чай"))
    status, answer = await _put(client, KZT)
    assert status == 400
    assert answer["field"] == "currency"
    assert "товаров в продаже — 1" in answer["message"]
    assert (await _get(client))["currency"] == "RUB"
    status, _ = await _put(client, {**KZT, "currency": "RUB", "english_offered": False})
    assert status == 200  # the languages still change with the currency kept


async def test_other_refusals_name_their_field(client: TestClient) -> None:
    for body, field, words in (
        ({**KZT, "currency": "GBP"}, "currency", "из списка"),
        ({**KZT, "english_offered": False, "default_language": "en"}, "default_language", "только"),
        ({**KZT, "default_language": "de"}, "default_language", "один из вариантов"),
    ):
        status, answer = await _put(client, body)
        assert status == 400, answer
        assert (answer["field"], words in answer["message"]) == (field, True)


async def test_the_page_saves_and_marks_a_refused_currency_beside_its_field(
    open_client: TestClient,
) -> None:
    html = await (await open_client.get("/admin/settings/languages")).text()
    assert 'id="unsaved"' in html
    form = {"currency": "RUB", "default_language": "en", "english_offered": "1"}
    status, html = await _post(open_client, "/admin/settings/languages", form)
    assert status == 200
    assert 'id="saved"' in html
    assert re.search(r'<option value="en" selected>Английский</option>', html)
    await seed(open_client.app[SERVICES].db, product("TEA1", "Чай", "299.00", "Чай"))
    status, html = await _post(
        open_client, "/admin/settings/languages", {**form, "currency": "USD"}
    )
    assert status == 422
    assert re.search(r'id="e-currency" role="alert">валюту нельзя сменить, пока в RUB', html)
    assert '<option value="USD" selected>' in html  # what was chosen stays
    assert (await _get(open_client))["currency"] == "RUB"


async def test_every_field_has_a_label_and_a_help_line(open_client: TestClient) -> None:
    html = await (await open_client.get("/admin/settings/languages")).text()
    inputs = re.findall(r'<(?:input|select) (?:type="checkbox" )?id="f-([^"]+)"', html)
    assert sorted(inputs) == ["currency", "default_language", "english_offered"]
    for name in inputs:
        assert f'for="f-{name}"' in html, name
        assert f'id="h-{name}"' in html, name


async def test_a_catalog_import_is_checked_against_the_saved_currency(
    client: TestClient,
) -> None:
    assert (await _put(client, KZT))[0] == 200
    data = (
        "id,title,price,image_link\n"
        "A1,Чай,100 KZT,https://shop.example/i/a1.jpg\n"
        "B2,Кофе,300 RUB,https://shop.example/i/b2.jpg\n"
    ).encode()
    response = await client.post(
        "/api/catalog/imports", data=data, headers={**bearer(), "Content-Type": "text/csv"}
    )
    body = await response.json()
    assert body["rejected"] == 1, body
    [error] = body["errors"]
    assert (error["row"], error["column"]) == (3, "price")
    assert "(KZT)" in error["message"]


async def test_a_promo_code_made_after_the_change_is_in_the_new_currency(
    client: TestClient,
) -> None:
    assert (await _put(client, KZT))[0] == 200
    response = await client.post("/api/promo-codes", json=NEW_CODE, headers=bearer())
    assert response.status == 201, await response.text()
    async with client.app[SERVICES].db.sessions() as session:
        [code] = (await session.exec(select(PromoCode))).all()
    assert (code.currency, code.min_total_minor) == ("KZT", 100000)


async def test_the_currency_choices_are_named_and_their_values_stay_iso_codes(
    open_client: TestClient,
) -> None:
    html = await (await open_client.get("/admin/settings/languages")).text()
    assert '<option value="RUB" selected>Российский рубль (₽)</option>' in html
    assert '<option value="EUR" >Евро (€)</option>' in html
    assert ">RUB<" not in html
