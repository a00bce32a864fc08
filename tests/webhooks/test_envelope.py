"""Every recorded payload splits into inbox rows; unknown fields and types are kept."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from tests.whatsapp.rig import PAYLOADS, payload
from webhooks.intake import Unparseable, split, split_body
from webhooks.whatsapp_models import Envelope, InboundMessage, MessagesValue

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
EXPECTED_KIND = {
    "status_sent.json": "status",
    "status_failed.json": "status",
    "statuses_batch10.json": "status",
    "template_status_update.json": "message_template_status_update",
    "user_preferences.json": "user_preference",
    "phone_number_quality_update.json": "phone_number_quality_update",
    "account_update.json": "account_update",
}


@pytest.mark.parametrize("name", sorted(p.name for p in PAYLOADS.glob("*.json")))
def test_every_recorded_payload_becomes_inbox_rows(name: str) -> None:
    rows = split_body(payload(name), NOW)
    assert rows
    assert {row["kind"] for row in rows} == {EXPECTED_KIND.get(name, "message")}
    for row in rows:
        assert json.loads(row["payload"])  # kept whole, as JSON
        assert row["received_at"] == NOW


def test_a_batch_of_ten_statuses_is_ten_rows_keyed_by_wamid_and_status() -> None:
    rows = split_body(payload("statuses_batch10.json"), NOW)
    assert len(rows) == 10
    assert len({row["dedup_key"] for row in rows}) == 10
    assert rows[0]["dedup_key"] == "s:wamid.B0:sent"
    assert rows[0]["chat_key"] == "status:wamid.B0"


def test_inbound_messages_are_keyed_by_wamid_and_ordered_by_chat() -> None:
    (row,) = split_body(payload("text.json"), NOW)
    assert row["dedup_key"] == "m:wamid.TEXT1"
    assert row["chat_key"] == "chat:79991234567"
    assert row["occurred_at"] == datetime.fromtimestamp(1764000000, UTC)
    assert json.loads(row["payload"])["contact"]["profile"]["name"] == "Анна"


def test_an_unknown_message_type_and_unknown_fields_are_kept() -> None:
    (row,) = split_body(payload("unknown_type.json"), NOW)
    kept = json.loads(row["payload"])["message"]
    assert kept["hologram"] == {"depth": 3}
    assert kept["brand_new_field"] is True
    assert InboundMessage.model_validate(kept).type == "hologram"


def test_order_prices_are_exact_decimals() -> None:
    value = json.loads(payload("order.json"))["entry"][0]["changes"][0]["value"]
    order = MessagesValue.model_validate(value).messages[0].order
    assert order is not None
    assert order.product_items[0].item_price == Decimal("1299.5")
    assert sum(i.item_price * i.quantity for i in order.product_items) == Decimal("2899.0")


def test_interactive_replies_and_template_buttons_parse() -> None:
    button = Envelope.model_validate_json(payload("button_reply.json"))
    value = MessagesValue.model_validate(button.entry[0].changes[0].value)
    assert value.messages[0].interactive is not None
    assert value.messages[0].interactive.button_reply is not None
    assert value.messages[0].interactive.button_reply.id == "add:SKU1"
    template = MessagesValue.model_validate(
        json.loads(payload("template_button.json"))["entry"][0]["changes"][0]["value"]
    )
    assert template.messages[0].button is not None
    assert template.messages[0].button.payload == "REORDER:42"


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b'{"object": "whatsapp_business_account"}',
        b"\xff\xfe",
        b"[" * 1100 + b"]" * 1100,  # nested too deep to parse
        b'{"object": "x", "entry": ' + b"[" * 1100 + b"]" * 1100 + b"}",
    ],
)
def test_bodies_that_are_not_envelopes_are_unparseable(body: bytes) -> None:
    with pytest.raises(Unparseable):
        split_body(body, NOW)


def test_a_malformed_item_is_set_aside_alone_and_its_neighbours_are_kept() -> None:
    good = json.loads(payload("text.json"))
    value = good["entry"][0]["changes"][0]["value"]
    status = {"id": "wamid.S1", "status": "read", "timestamp": "1764000000"}
    value["messages"] = [{}, *value["messages"], {"id": "wamid.X", "from": "7" * 33}]
    value["statuses"] = [{"id": "w"}, status, {"id": "w" * 201, "status": "read"}]
    good["entry"][0]["changes"].append(5)
    result = split(json.dumps(good).encode(), NOW)
    assert [row["dedup_key"] for row in result.rows] == ["m:wamid.TEXT1", "s:wamid.S1:read"]
    assert [(b.where, b.error) for b in result.broken] == [
        ("entry[0].changes[0].value.messages[0]", "id is missing"),
        ("entry[0].changes[0].value.messages[2]", "from is longer than 32 characters"),
        ("entry[0].changes[0].value.statuses[0]", "status is missing"),
        ("entry[0].changes[0].value.statuses[2]", "id is longer than 200 characters"),
        ("entry[0].changes[1]", "an item must be an object"),
    ]


def test_keys_and_payloads_are_always_storable_text() -> None:
    """A NUL or a lone surrogate (valid JSON escapes) never reaches a column raw."""
    body = json.loads(payload("text.json"))
    message = body["entry"][0]["changes"][0]["value"]["messages"][0]
    message["text"]["body"] = "\ud800 and \x00"
    body["entry"][0]["changes"].append({"field": "odd\x00\udfff", "value": {}})
    rows = split_body(json.dumps(body).encode(), NOW)
    for row in rows:
        for value in row.values():
            if isinstance(value, str):
                assert "\x00" not in value
                value.encode()  # no lone surrogate
    assert json.loads(rows[0]["payload"])["message"]["text"]["body"] == "\ud800 and \x00"
    (bad_id,) = split(
        json.dumps(
            {
                "object": "x",
                "entry": [
                    {
                        "changes": [
                            {
                                "field": "messages",
                                "value": {
                                    "messages": [
                                        {"id": "wamid.\x00", "from": "7", "timestamp": "1"}
                                    ]
                                },
                            }
                        ]
                    }
                ],
            }
        ).encode(),
        NOW,
    ).broken
    assert bad_id.error == "id is not text"


def test_an_invalid_event_is_described_without_its_values() -> None:
    change = {
        "field": "message_template_status_update",
        "value": {"event": ["secret +79991234567"]},
    }
    body = {"object": "x", "entry": [{"changes": [change]}]}
    (broken,) = split(json.dumps(body).encode(), NOW).broken
    assert "79991234567" not in broken.error
    assert "event" in broken.error


def test_a_status_row_is_written_as_the_whole_item_would_be_with_its_metadata() -> None:
    """The metadata is encoded once per change; each status row is still the JSON of
    `{"status": item, "metadata": metadata}`, whatever the item holds."""
    statuses = [
        {"id": "wamid.A", "status": "read", "timestamp": "1764000000", "recipient_id": "7999"},
        # A lone surrogate forces the escaped form for this item only.
        {"id": "wamid.B", "status": "failed", "timestamp": 1764000001, "note": "\ud800 ой"},
        {"id": "wamid.C", "status": "sent", "timestamp": "1764000000"},
    ]
    metadata = {"display_phone_number": "79000000000", "phone_number_id": "1", "пометка": "я"}
    value = {"messaging_product": "whatsapp", "metadata": metadata, "statuses": statuses}
    body = json.dumps(
        {
            "object": "whatsapp_business_account",
            "entry": [{"id": "1", "changes": [{"field": "messages", "value": value}]}],
        }
    ).encode()
    rows = split_body(body, NOW)
    assert [json.loads(row["payload"]) for row in rows] == [
        {"status": item, "metadata": metadata} for item in statuses
    ]
    assert rows[0]["payload"].encode()  # storable as UTF-8
    assert rows[1]["payload"].encode()
    assert [row["occurred_at"] for row in rows] == [
        datetime.fromtimestamp(t, UTC) for t in (1764000000, 1764000001, 1764000000)
    ]


def test_a_bad_timestamp_among_good_ones_sets_only_its_own_item_aside() -> None:
    statuses = [
        {"id": "wamid.A", "status": "read", "timestamp": "1764000000"},
        {"id": "wamid.B", "status": "read", "timestamp": ["1764000000"]},
        {"id": "wamid.C", "status": "read", "timestamp": "soon"},
        {"id": "wamid.D", "status": "read", "timestamp": "1764000000"},
    ]
    value = {"messaging_product": "whatsapp", "statuses": statuses}
    body = json.dumps(
        {
            "object": "whatsapp_business_account",
            "entry": [{"id": "1", "changes": [{"field": "messages", "value": value}]}],
        }
    ).encode()
    result = split(body, NOW)
    assert [row["wamid"] for row in result.rows] == ["wamid.A", "wamid.D"]
    assert [b.error for b in result.broken] == ["timestamp is missing"] * 2


def _messages_body(text_value: str) -> bytes:
    """A one-message envelope whose message carries `text_value` as raw JSON."""
    return (
        '{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":'
        '"messages","value":{"messaging_product":"whatsapp","messages":[{"from":"7999",'
        '"id":"wamid.N","timestamp":"1764000000","type":"text","extra":' + text_value + "}]}}]}]}"
    ).encode()


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("123456789012345678901234567890", 123456789012345678901234567890),  # past 64 bits
        ("18446744073709551615", 18446744073709551615),
        ("-9223372036854775809", -9223372036854775809),
        ("1e400", float("inf")),  # past a double: json reads infinity
        ('"\\ud83d"', "\ud83d"),  # a lone surrogate
        ('{"a":1.5,"b":"я"}', {"a": 1.5, "b": "я"}),
    ],
)
def test_a_value_is_stored_as_json_reads_it(raw: str, kept: object) -> None:
    """The intake's fast JSON reader hands every body it would read otherwise to json."""
    (row,) = split_body(_messages_body(raw), NOW)
    assert json.loads(row["payload"])["message"]["extra"] == kept
    assert row["payload"].encode()  # storable as UTF-8


def test_a_nan_that_json_reads_is_written_back_as_json_writes_it() -> None:
    (row,) = split_body(_messages_body("NaN"), NOW)
    assert math.isnan(json.loads(row["payload"])["message"]["extra"])
