"""`/messages` checks bodies the way Meta does and answers with Meta's error shape and codes."""

from __future__ import annotations

from typing import Any

import pytest

from tests.sandbox.conftest import (
    MESSAGES_PATH,
    PHONE_NUMBER_ID,
    control,
    open_window,
    send,
    text_message,
)

TO = "79001234567"


def interactive(payload: dict[str, Any]) -> dict[str, Any]:
    return {
        "messaging_product": "whatsapp",
        "to": TO,
        "type": "interactive",
        "interactive": payload,
    }


def buttons(*titles: str) -> dict[str, Any]:
    return interactive(
        {
            "type": "button",
            "body": {"text": "Добавить в корзину?"},
            "action": {
                "buttons": [
                    {"type": "reply", "reply": {"id": f"b{n}", "title": title}}
                    for n, title in enumerate(titles)
                ]
            },
        }
    )


def list_message(*sections: list[str], titled: bool = True) -> dict[str, Any]:
    return interactive(
        {
            "type": "list",
            "body": {"text": "Выберите категорию"},
            "action": {
                "button": "Каталог",
                "sections": [
                    {
                        **({"title": f"Раздел {n}"} if titled else {}),
                        "rows": [{"id": f"{n}:{row}", "title": row} for row in rows],
                    }
                    for n, rows in enumerate(sections)
                ],
            },
        }
    )


def product_list(sizes: list[int], header: bool = True) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "type": "product_list",
        "body": {"text": "Наши товары"},
        "action": {
            "catalog_id": "300000000000001",
            "sections": [
                {
                    "title": f"Раздел {n}",
                    "product_items": [{"product_retailer_id": f"SKU{n}-{i}"} for i in range(size)],
                }
                for n, size in enumerate(sizes)
            ],
        },
    }
    if header:
        payload["header"] = {"type": "text", "text": "Каталог"}
    return interactive(payload)


def without(body: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k != key}


INVALID = [
    ("no messaging_product", without(text_message(), "messaging_product"), 100),
    ("no recipient", without(text_message(), "to"), 131008),
    ("recipient not a number", {**text_message(), "to": "ivan"}, 100),
    ("unknown type", {**text_message(), "type": "hologram"}, 100),
    ("type without its object", without(text_message(), "text"), 131008),
    ("empty text", text_message(body=""), 131008),
    ("text over 4096", text_message(body="я" * 4097), 131009),
    ("four buttons", buttons("Да", "Нет", "Может", "Позже"), 131009),
    ("no buttons", buttons(), 131009),
    ("button title over 20", buttons("Добавить в корзину сейчас"), 131009),
    ("duplicate button titles", buttons("Да", "Да"), 131009),
    (
        "eleven list rows",
        list_message([f"r{i}" for i in range(6)], [f"s{i}" for i in range(5)]),
        131009,
    ),
    ("untitled sections", list_message(["Чай"], ["Кофе"], titled=False), 131008),
    ("list row title over 24", list_message(["Очень длинное название товара"]), 131009),
    ("product list without header", product_list([2], header=False), 131008),
    ("product list of 31", product_list([10, 10, 11]), 131009),
    ("product list of 11 sections", product_list([1] * 11), 131009),
    (
        "catalog message with another action",
        interactive(
            {"type": "catalog_message", "body": {"text": "Каталог"}, "action": {"name": "menu"}}
        ),
        100,
    ),
    (
        "template without language",
        {
            "messaging_product": "whatsapp",
            "to": TO,
            "type": "template",
            "template": {"name": "cart_reminder"},
        },
        131008,
    ),
    ("opaque data over 512", {**text_message(), "biz_opaque_callback_data": "x" * 513}, 131009),
    (
        "mark as read of no wamid",
        {
            "messaging_product": "whatsapp",
            "status": "read",
            "message_id": "123",
        },
        100,
    ),
]


@pytest.mark.parametrize(
    ("body", "code"), [(b, c) for _, b, c in INVALID], ids=[i for i, _, _ in INVALID]
)
async def test_invalid_body_is_refused_with_metas_code_and_nothing_is_accepted(
    sandbox: Any, body: dict[str, Any], code: int
) -> None:
    await open_window(sandbox, TO)
    status, answer = await send(sandbox, body)
    assert status == 400
    error = answer["error"]
    assert error["code"] == code
    assert error["type"] == "OAuthException"
    assert error["message"].startswith(f"(#{code}) ")
    assert error["error_data"]["messaging_product"] == "whatsapp"
    assert error["error_data"]["details"]
    assert error["fbtrace_id"]
    assert await control(sandbox, "GET", "messages") == []


VALID = [
    ("text of 4096", text_message(body="я" * 4096)),
    ("three buttons", buttons("Да", "Нет", "Позже")),
    (
        "ten rows in two sections",
        list_message([f"r{i}" for i in range(5)], [f"s{i}" for i in range(5)]),
    ),
    ("product list of 30 in 10 sections", product_list([3] * 10)),
    (
        "single product",
        interactive(
            {
                "type": "product",
                "body": {"text": "Хит"},
                "action": {"catalog_id": "300000000000001", "product_retailer_id": "SKU1"},
            }
        ),
    ),
    (
        "catalog message with thumbnail",
        interactive(
            {
                "type": "catalog_message",
                "body": {"text": "Каталог"},
                "action": {
                    "name": "catalog_message",
                    "parameters": {"thumbnail_product_retailer_id": "SKU1"},
                },
            }
        ),
    ),
    (
        "catalog message without parameters",
        interactive(
            {
                "type": "catalog_message",
                "body": {"text": "Каталог"},
                "action": {"name": "catalog_message"},
            }
        ),
    ),
    (
        "image by link",
        {
            "messaging_product": "whatsapp",
            "to": TO,
            "type": "image",
            "image": {"link": "https://vitrina.example/i/1.jpg"},
        },
    ),
]


@pytest.mark.parametrize("body", [b for _, b in VALID], ids=[i for i, _ in VALID])
async def test_valid_body_gets_a_wamid_and_is_recorded(sandbox: Any, body: dict[str, Any]) -> None:
    await open_window(sandbox, TO)
    status, answer = await send(sandbox, body)
    assert status == 200, answer
    assert answer["messaging_product"] == "whatsapp"
    assert answer["contacts"] == [{"input": TO, "wa_id": TO}]
    [message] = answer["messages"]
    assert message["id"].startswith("wamid.")
    assert "message_status" not in message
    [recorded] = await control(sandbox, "GET", f"messages?to={TO}")
    assert recorded["wamid"] == message["id"]
    assert recorded["type"] == body["type"]
    assert recorded["body"] == body
    assert recorded["accepted_at"]


async def test_missing_or_empty_token_is_401_with_code_190(sandbox: Any) -> None:
    for headers in ({}, {"Authorization": "Bearer "}, {"Authorization": "Basic abc"}):
        status, answer = await send(sandbox, text_message(), headers=headers)
        assert status == 401
        assert answer["error"]["code"] == 190


async def test_unknown_phone_number_id_is_code_100(sandbox: Any) -> None:
    response = await sandbox.post(
        "/graph/v23.0/999/messages", json=text_message(), headers={"Authorization": "Bearer t"}
    )
    assert response.status == 400
    assert (await response.json())["error"]["code"] == 100
    assert PHONE_NUMBER_ID in MESSAGES_PATH


async def test_body_that_is_not_json_is_code_100(sandbox: Any) -> None:
    response = await sandbox.post(
        MESSAGES_PATH, data=b"{not json", headers={"Authorization": "Bearer t"}
    )
    assert response.status == 400
    assert (await response.json())["error"]["code"] == 100


async def test_mark_as_read_answers_success_and_is_listed_for_the_shopper(sandbox: Any) -> None:
    wamid = await open_window(sandbox, TO)
    status, answer = await send(
        sandbox,
        {
            "messaging_product": "whatsapp",
            "status": "read",
            "message_id": wamid,
            "typing_indicator": {"type": "text"},
        },
    )
    assert (status, answer) == (200, {"success": True})
    [recorded] = await control(sandbox, "GET", f"messages?to={TO}")
    assert (recorded["type"], recorded["wamid"]) == ("mark_as_read", wamid)


async def test_messages_list_is_oldest_first_per_recipient_and_can_be_forgotten(
    sandbox: Any,
) -> None:
    await open_window(sandbox, TO)
    await open_window(sandbox, "79007654321")
    for body in ("первое", "второе"):
        assert (await send(sandbox, text_message(body=body)))[0] == 200
    assert (await send(sandbox, text_message(to="79007654321")))[0] == 200
    listed = await control(sandbox, "GET", f"messages?to={TO}")
    assert [m["body"]["text"]["body"] for m in listed] == ["первое", "второе"]
    assert len(await control(sandbox, "GET", "messages")) == 3
    await control(sandbox, "DELETE", "messages")
    assert await control(sandbox, "GET", "messages") == []
