"""A stored message row reads back as the typed message in one validation, keys always."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from tests.whatsapp.rig import PAYLOADS, payload
from webhooks.intake import read_message, split_body

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def stored(body: dict[str, Any]) -> str:
    (row,) = split_body(json.dumps(body).encode(), NOW)
    return str(row["payload"])


def text_body(**message: Any) -> dict[str, Any]:
    body = json.loads(payload("text.json"))
    body["entry"][0]["changes"][0]["value"]["messages"][0].update(message)
    return body


@pytest.mark.parametrize("name", sorted(p.name for p in PAYLOADS.glob("*.json")))
def test_every_recorded_message_reads_back_typed(name: str) -> None:
    for row in split_body(payload(name), NOW):
        if row["kind"] != "message":
            continue
        message = read_message(row["payload"]).message
        assert message is not None
        assert message.id == row["wamid"]


def test_the_keys_profile_name_and_message_of_a_text() -> None:
    read = read_message(stored(text_body()))
    assert (read.keys.from_, read.keys.id, read.keys.timestamp) == (
        "79991234567",
        "wamid.TEXT1",
        1764000000,
    )
    assert read.profile_name == "Анна"
    assert read.message is not None
    assert read.message.text is not None


def test_a_lone_surrogate_in_a_text_reads_back_as_stored() -> None:
    read = read_message(stored(text_body(text={"body": "\ud800 и всё"})))
    assert read.message is not None
    assert read.message.text is not None
    assert read.message.text.body == "\ud800 и всё"


def test_a_message_of_a_shape_the_model_refuses_keeps_its_keys() -> None:
    read = read_message(stored(text_body(text="not an object")))
    assert read.message is None
    assert (read.keys.from_, read.keys.id) == ("79991234567", "wamid.TEXT1")


@pytest.mark.parametrize(
    "contact",
    [None, "x", {"profile": "x"}, {"profile": {"name": 5}}, {"profile": {"name": ["Анна"]}}],
)
def test_a_contact_of_another_shape_is_no_name(contact: object) -> None:
    body = json.loads(stored(text_body()))
    body["contact"] = contact
    read = read_message(json.dumps(body))
    assert read.profile_name is None
    assert read.message is not None


def test_a_row_without_its_keys_is_refused() -> None:
    with pytest.raises(ValidationError):
        read_message(json.dumps({"message": {"id": "wamid.X", "type": "text"}}))
