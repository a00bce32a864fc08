"""Playing a shopper sends Meta-shaped, signed inbound webhooks and opens the 24-hour window."""

from __future__ import annotations

from typing import Any

import pytest

from tests.sandbox.conftest import PHONE_NUMBER_ID, WABA_ID, control, flush, send, text_message

TO = "79001234567"


async def _play(sandbox: Any, body: dict[str, Any]) -> str:
    answer = await control(sandbox, "POST", f"shoppers/{TO}/messages", body)
    return str(answer["wamid"])


def _only_value(receiver: Any) -> dict[str, Any]:
    [payload] = receiver.accepted
    assert payload["object"] == "whatsapp_business_account"
    [entry] = payload["entry"]
    assert entry["id"] == WABA_ID
    [change] = entry["changes"]
    value: dict[str, Any] = change["value"]
    assert change["field"] == ("messages" if "messages" in value else change["field"])
    return value


async def test_text_message_envelope_has_metas_shape(sandbox: Any, receiver: Any) -> None:
    wamid = await _play(sandbox, {"type": "text", "text": {"body": "меню"}, "name": "Анна"})
    await flush(sandbox)
    value = _only_value(receiver)
    assert value["messaging_product"] == "whatsapp"
    assert value["metadata"] == {
        "display_phone_number": "79000000000",
        "phone_number_id": PHONE_NUMBER_ID,
    }
    assert value["contacts"] == [{"profile": {"name": "Анна"}, "wa_id": TO}]
    [message] = value["messages"]
    assert message["from"] == TO
    assert message["id"] == wamid
    assert wamid.startswith("wamid.")
    assert isinstance(message["timestamp"], str)
    assert message["timestamp"].isdigit()
    assert (message["type"], message["text"]) == ("text", {"body": "меню"})
    assert "name" not in message
    assert receiver.bad_signatures == 0


INBOUND = [
    (
        "button tap",
        {
            "type": "interactive",
            "interactive": {
                "type": "button_reply",
                "button_reply": {"id": "add:SKU1", "title": "В корзину"},
            },
            "context": {"id": "wamid.OURS"},
        },
    ),
    (
        "list pick",
        {
            "type": "interactive",
            "interactive": {
                "type": "list_reply",
                "list_reply": {"id": "cat:tea", "title": "Чай", "description": "чёрный"},
            },
        },
    ),
    (
        "template quick reply",
        {
            "type": "button",
            "button": {"payload": "CART:42", "text": "Вернуться к корзине"},
            "context": {"id": "wamid.OURS"},
        },
    ),
    (
        "cart order",
        {
            "type": "order",
            "order": {
                "catalog_id": "300000000000001",
                "text": "Позвоните перед доставкой",
                "product_items": [
                    {
                        "product_retailer_id": "SKU1",
                        "quantity": 2,
                        "item_price": 1299.5,
                        "currency": "RUB",
                    }
                ],
            },
        },
    ),
    (
        "location",
        {
            "type": "location",
            "location": {"latitude": 55.7558, "longitude": 37.6173, "name": "Красная площадь"},
        },
    ),
    (
        "referred product",
        {
            "type": "text",
            "text": {"body": "Есть в наличии?"},
            "context": {
                "from": "79000000000",
                "id": "wamid.CATALOG",
                "referred_product": {
                    "catalog_id": "300000000000001",
                    "product_retailer_id": "SKU1",
                },
            },
        },
    ),
]


@pytest.mark.parametrize("body", [b for _, b in INBOUND], ids=[i for i, _ in INBOUND])
async def test_each_shopper_action_arrives_as_sent(
    sandbox: Any, receiver: Any, body: dict[str, Any]
) -> None:
    wamid = await _play(sandbox, body)
    await flush(sandbox)
    [message] = _only_value(receiver)["messages"]
    assert (message["from"], message["id"], message["type"]) == (TO, wamid, body["type"])
    assert message[body["type"]] == body[body["type"]]
    if "context" in body:
        assert message["context"] == {"from": "79000000000", **body["context"]}


async def test_shopper_message_opens_the_window(sandbox: Any, receiver: Any) -> None:
    await _play(sandbox, {"type": "text", "text": {"body": "Привет"}})
    status, answer = await send(sandbox, text_message(to=TO))
    assert status == 200
    await flush(sandbox)
    sent = [s["status"] for s in receiver.statuses() if s["id"] == answer["messages"][0]["id"]]
    assert sent == ["sent", "delivered", "read"]


async def test_the_name_is_remembered_for_later_messages(sandbox: Any, receiver: Any) -> None:
    await _play(sandbox, {"type": "text", "text": {"body": "1"}, "name": "Борис"})
    await _play(sandbox, {"type": "text", "text": {"body": "2"}})
    await flush(sandbox)
    names = [v["contacts"][0]["profile"]["name"] for v in receiver.values()]
    assert names == ["Борис", "Борис"]


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (f"shoppers/{TO}/messages", {"text": {"body": "no type"}}),
        (f"shoppers/{TO}/messages", {"type": "text"}),
        ("shoppers/not-a-number/messages", {"type": "text", "text": {"body": "x"}}),
        (f"shoppers/{TO}/preferences", {"value": "maybe"}),
        ("events", {"field": "account_update"}),
    ],
)
async def test_malformed_shopper_actions_are_refused(
    sandbox: Any, receiver: Any, path: str, body: dict[str, Any]
) -> None:
    response = await sandbox.post(f"/control/{path}", json=body)
    assert response.status == 400
    await flush(sandbox)
    assert receiver.requests == 0


async def test_stop_and_resume_send_user_preferences(sandbox: Any, receiver: Any) -> None:
    await control(sandbox, "POST", f"shoppers/{TO}/preferences", {"value": "stop"})
    await control(sandbox, "POST", f"shoppers/{TO}/preferences", {"value": "resume"})
    await flush(sandbox)
    values = receiver.values("user_preferences")
    assert [v["user_preferences"][0]["value"] for v in values] == ["stop", "resume"]
    preference = values[0]["user_preferences"][0]
    assert preference["wa_id"] == TO
    assert preference["category"] == "marketing_messages"
    assert isinstance(preference["timestamp"], int)
    assert values[0]["contacts"][0]["wa_id"] == TO


async def test_any_other_event_is_sent_in_metas_envelope(sandbox: Any, receiver: Any) -> None:
    value = {
        "display_phone_number": "79000000000",
        "event": "DOWNGRADE",
        "current_limit": "TIER_1K",
    }
    await control(
        sandbox, "POST", "events", {"field": "phone_number_quality_update", "value": value}
    )
    await flush(sandbox)
    [payload] = receiver.accepted
    [entry] = payload["entry"]
    assert entry["id"] == WABA_ID
    assert isinstance(entry["time"], int)
    assert entry["changes"] == [{"field": "phone_number_quality_update", "value": value}]


async def test_phone_quality_is_readable_and_announced(sandbox: Any, receiver: Any) -> None:
    headers = {"Authorization": "Bearer t"}
    profile = await (await sandbox.get(f"/graph/v23.0/{PHONE_NUMBER_ID}", headers=headers)).json()
    assert (profile["id"], profile["quality_rating"]) == (PHONE_NUMBER_ID, "GREEN")
    await control(sandbox, "POST", "phone", {"quality_rating": "YELLOW", "event": "FLAGGED"})
    profile = await (await sandbox.get(f"/graph/v23.0/{PHONE_NUMBER_ID}", headers=headers)).json()
    assert profile["quality_rating"] == "YELLOW"
    await flush(sandbox)
    [update] = receiver.values("phone_number_quality_update")
    assert (update["event"], update["display_phone_number"]) == ("FLAGGED", "79000000000")
    response = await sandbox.post("/control/phone", json={"quality_rating": "PURPLE"})
    assert response.status == 400
    response = await sandbox.get(f"/graph/v23.0/{PHONE_NUMBER_ID}")
    assert response.status == 401
