"""The reads `shop doctor` makes of the fakes, shaped as Meta and YooKassa answer them."""

from __future__ import annotations

import base64
from typing import Any

from aiohttp.test_utils import TestClient

from tests.sandbox.conftest import PHONE_NUMBER_ID, TOKEN, WABA_ID

BEARER = TOKEN
GRAPH = "/graph/v23.0"


async def test_subscribed_apps_lists_the_app_until_it_unsubscribes(
    sandbox: TestClient[Any, Any],
) -> None:
    path = f"{GRAPH}/{WABA_ID}/subscribed_apps"
    listed = await (await sandbox.get(path, headers=BEARER)).json()
    assert [a["whatsapp_business_api_data"]["name"] for a in listed["data"]] == ["Vitrina Sandbox"]
    assert await (await sandbox.delete(path, headers=BEARER)).json() == {"success": True}
    assert await (await sandbox.get(path, headers=BEARER)).json() == {"data": []}
    assert await (await sandbox.post(path, headers=BEARER)).json() == {"success": True}
    assert len((await (await sandbox.get(path, headers=BEARER)).json())["data"]) == 1
    unknown = await sandbox.get(f"{GRAPH}/42/subscribed_apps", headers=BEARER)
    assert unknown.status == 400
    assert (await sandbox.get(path)).status == 401


async def test_a_node_read_answers_for_the_number_the_account_and_the_catalog(
    sandbox: TestClient[Any, Any],
) -> None:
    phone = await (await sandbox.get(f"{GRAPH}/{PHONE_NUMBER_ID}", headers=BEARER)).json()
    assert phone["quality_rating"] == "GREEN"
    catalog = await (await sandbox.get(f"{GRAPH}/300000000000001", headers=BEARER)).json()
    assert catalog == {"id": "300000000000001", "name": "Vitrina Sandbox catalog"}
    account = await (await sandbox.get(f"{GRAPH}/{WABA_ID}", headers=BEARER)).json()
    assert account["id"] == WABA_ID
    assert (await sandbox.get(f"{GRAPH}/42", headers=BEARER)).status == 400


async def test_yookassa_me_names_the_shop_of_the_keys(sandbox: TestClient[Any, Any]) -> None:
    good = base64.b64encode(b"100500:sandbox_secret_key").decode()
    me = await sandbox.get("/yookassa/v3/me", headers={"Authorization": f"Basic {good}"})
    assert me.status == 200
    assert (await me.json())["account_id"] == "100500"
    bad = base64.b64encode(b"100500:wrong").decode()
    refused = await sandbox.get("/yookassa/v3/me", headers={"Authorization": f"Basic {bad}"})
    assert refused.status == 401
