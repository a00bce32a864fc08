"""`GET`/`PUT /api/settings/taxes` and the taxes page: whole documents, codes in words, field
errors in Russian with nothing saved."""

from __future__ import annotations

import re
from typing import Any

from aiohttp.test_utils import TestClient

from tests.web.answers import assert_declared
from tests.web.conftest import bearer

TAXES = {
    "tax_system_code": 2,
    "vat_code": 11,
    "delivery_vat_code": None,
    "payment_subject": "commodity",
    "payment_mode": "full_prepayment",
    "receipts": "yookassa",
    "pay_on_delivery": True,
}


async def _put(client: TestClient, body: Any) -> tuple[int, Any]:
    response = await client.put("/api/settings/taxes", json=body, headers=bearer())
    return response.status, await response.json()


async def _get(client: TestClient) -> Any:
    response = await client.get("/api/settings/taxes", headers=bearer())
    assert response.status == 200
    return await response.json()


async def test_before_any_save_the_defaults_are_no_vat_phone_receipts_and_prepayment(
    client: TestClient,
) -> None:
    doc = await _get(client)
    assert doc["vat_code"] == 1
    assert doc["tax_system_code"] is None
    assert (doc["payment_mode"], doc["receipts"], doc["pay_on_delivery"]) == (
        "full_prepayment",
        "register",
        False,
    )


async def test_the_tax_settings_round_trip(client: TestClient) -> None:
    status, saved = await _put(client, TAXES)
    assert status == 200
    assert saved == TAXES
    assert await _get(client) == saved
    assert_declared("GET", "/api/settings/taxes", 200, saved)


async def test_the_usn_rates_and_22_percent_are_accepted(client: TestClient) -> None:
    for code in (7, 8, 9, 10, 11, 12):
        status, saved = await _put(client, {**TAXES, "vat_code": code})
        assert (status, saved["vat_code"]) == (200, code)


async def test_a_wrong_code_names_its_field_in_russian_and_nothing_is_saved(
    client: TestClient,
) -> None:
    await _put(client, TAXES)
    for body, field, reason in (
        ({**TAXES, "vat_code": 13}, "vat_code", "не больше 12"),
        ({**TAXES, "tax_system_code": 0}, "tax_system_code", "не меньше 1"),
        ({**TAXES, "payment_subject": "goods"}, "payment_subject", "неизвестный предмет"),
        ({**TAXES, "payment_mode": "credit"}, "payment_mode", "выберите один из вариантов"),
        ({**TAXES, "receipts": "sms"}, "receipts", "выберите один из вариантов"),
    ):
        status, answer = await _put(client, {**body, "pay_on_delivery": False})
        assert status == 400, body
        assert field in str(answer), answer
        assert reason in str(answer), answer
    assert await _get(client) == TAXES


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match
    return match.group(1)


async def _post(client: TestClient, data: dict[str, str]) -> tuple[int, str]:
    page = await (await client.get("/admin/settings/taxes")).text()
    response = await client.post("/admin/settings/taxes", data={"csrf": _csrf(page), **data})
    return response.status, await response.text()


FORM = {
    "tax_system_code": "2",
    "vat_code": "11",
    "delivery_vat_code": "",
    "payment_subject": "service",
    "payment_mode": "full_prepayment",
    "receipts": "register",
    "pay_on_delivery": "on",
}


async def test_the_page_shows_choices_as_words_and_saves_them(open_client: TestClient) -> None:
    page = await (await open_client.get("/admin/settings/taxes")).text()
    for words in ("УСН доходы", "НДС 22\u00a0%", "НДС 5\u00a0% (УСН)", "Товар", "Без НДС"):
        assert words in page
    status, html = await _post(open_client, FORM)
    assert status == 200
    assert 'id="saved"' in html
    assert re.search(r'<option value="11" selected>НДС 22\u00a0%</option>', html)
    saved = await (await open_client.get("/api/settings/taxes", headers=bearer())).json()
    assert (saved["tax_system_code"], saved["vat_code"], saved["delivery_vat_code"]) == (
        2,
        11,
        None,
    )
    assert (saved["payment_subject"], saved["pay_on_delivery"]) == ("service", True)


async def test_the_page_refuses_a_forged_choice_beside_its_field(open_client: TestClient) -> None:
    await _post(open_client, FORM)
    status, html = await _post(open_client, {**FORM, "vat_code": "99", "pay_on_delivery": ""})
    assert status == 422
    assert re.search(r'id="e-vat_code" role="alert">не больше 12', html)
    saved = await (await open_client.get("/api/settings/taxes", headers=bearer())).json()
    assert (saved["vat_code"], saved["pay_on_delivery"]) == (11, True)
