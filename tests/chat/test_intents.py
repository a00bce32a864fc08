"""The typed inbound message becomes an intent; odd shapes never raise."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from shop.chat.intents import (
    ButtonTap,
    CartItem,
    CartSent,
    Intent,
    ListPick,
    LocationShared,
    MediaSent,
    TemplateButton,
    Text,
    Unsupported,
    intent_of,
)
from webhooks.whatsapp_models import InboundMessage

PAYLOADS = json.loads(
    (Path(__file__).parents[1] / "payloads" / "conversation" / "messages.json").read_text("utf-8")
)
KEYS = {"from": "79990001122", "id": "wamid.X", "timestamp": "1749416383"}


def parse_message(item: dict[str, Any]) -> Intent:
    """The intent of a `messages[]` item, validated by the channel's model as the worker does."""
    return intent_of(InboundMessage.model_validate({**KEYS, **item}))


def test_text() -> None:
    assert parse_message(PAYLOADS["text"]) == Text("Есть чайники?")


def test_text_replying_to_a_product_names_the_product() -> None:
    assert parse_message(PAYLOADS["text_about_product"]) == Text("А какой у него объём?", "KET1")


def test_button_reply() -> None:
    assert parse_message(PAYLOADS["button_reply"]) == ButtonTap("add|KET1|1")


def test_list_reply() -> None:
    assert parse_message(PAYLOADS["list_reply"]) == ListPick("cat|kettles|0")


def test_template_quick_reply_is_not_an_interactive_button() -> None:
    assert parse_message(PAYLOADS["template_quick_reply"]) == TemplateButton("cart")


def test_native_cart_keeps_prices_exact_and_the_note() -> None:
    assert parse_message(PAYLOADS["order"]) == CartSent(
        (
            CartItem("KET1", 2, Decimal("2490"), "RUB"),
            CartItem("MUG1", 1, Decimal("349.9"), "RUB"),
        ),
        "Позвоните перед доставкой",
    )


def test_native_cart_parsed_with_decimal_json_is_exact_too() -> None:
    raw = json.dumps(PAYLOADS["order"])
    item = json.loads(raw, parse_float=Decimal)
    intent = parse_message(item)
    assert isinstance(intent, CartSent)
    assert intent.items[1].price_seen == Decimal("349.9")


def test_native_cart_drops_malformed_items() -> None:
    item = {
        "type": "order",
        "order": {
            "product_items": [
                {
                    "product_retailer_id": "A",
                    "quantity": "2",
                    "item_price": "10",
                    "currency": "rub",
                },
                {"product_retailer_id": "", "quantity": 1, "item_price": 1, "currency": "RUB"},
            ]
        },
    }
    assert parse_message(item) == CartSent((CartItem("A", 2, Decimal("10"), "RUB"),))


@pytest.mark.parametrize(
    "product",
    [
        {"product_retailer_id": "C", "quantity": 1, "item_price": "NaN", "currency": "RUB"},
        {"product_retailer_id": "D", "quantity": 1, "item_price": 1},
        "junk",
    ],
)
def test_native_cart_items_the_model_cannot_hold_never_reach_the_conversation(
    product: object,
) -> None:
    """The worker records such a message (the shopper wrote) and hands it to no handler."""
    with pytest.raises(ValidationError):
        parse_message({"type": "order", "order": {"product_items": [product]}})


def test_location_of_a_place_and_of_a_pin() -> None:
    assert parse_message(PAYLOADS["location"]) == LocationShared(
        Decimal("55.755826"), Decimal("37.6173"), "Красная площадь", "Москва, Красная площадь"
    )
    assert parse_message(PAYLOADS["location_pin"]) == LocationShared(
        Decimal("55.7"), Decimal("37.5")
    )


def test_media() -> None:
    assert parse_message(PAYLOADS["image"]) == MediaSent("image", "Вот такой нужен")
    assert parse_message(PAYLOADS["sticker"]) == MediaSent("sticker")


def test_unsupported() -> None:
    assert parse_message(PAYLOADS["unsupported"]) == Unsupported("unsupported")


@pytest.mark.parametrize(
    "item",
    [
        {"type": "text"},
        {"type": "interactive", "interactive": {"type": "nfm_reply"}},
        {"type": "interactive", "interactive": {"type": "button_reply"}},
        {"type": "button", "button": {}},
        {"type": "reaction", "reaction": {"emoji": "👍"}},
    ],
)
def test_odd_shapes_are_unsupported_not_errors(item: dict[str, Any]) -> None:
    assert isinstance(parse_message(item), Unsupported)


@pytest.mark.parametrize(
    "item",
    [
        {},
        {"type": None},
        {"type": "text", "text": "not an object"},
        {"type": "interactive", "interactive": {"type": "list_reply", "list_reply": {"id": 5}}},
        {"type": "order", "order": {"product_items": "x"}},
        {"type": "location", "location": {"latitude": "north"}},
    ],
)
def test_shapes_the_model_refuses_never_reach_the_conversation(item: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        parse_message(item)
