"""Hostile, oversized or failing messages never stop the shop for the other shoppers."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from sqlalchemy import select
from sqlmodel import select as select_model

from shop.chat.tables import ShopChat
from shop.clock import FrozenClock
from shop.storage.sql import run
from shop.whatsapp.dispatch import InboundEvent
from shop.whatsapp.inbox_worker import MAX_ATTEMPTS
from tests.chat.chat import Shopper, texts, titles
from tests.whatsapp.rig import PHONE_ID, Rig
from webhooks.tables import WaDeadLetter, WaInbox
from webhooks.whatsapp_models import InboundMessage

DEAD = WaDeadLetter.__table__  # type: ignore[attr-defined]
INBOX = WaInbox.__table__  # type: ignore[attr-defined]


def envelope(wa_id: str, wamid: str, text: str, ts: int, *, name: str = "Анна") -> bytes:
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "79000000000", "phone_number_id": PHONE_ID},
        "contacts": [{"profile": {"name": name}, "wa_id": wa_id}],
        "messages": [
            {
                "from": wa_id,
                "id": wamid,
                "timestamp": str(ts),
                "type": "text",
                "text": {"body": text},
            }
        ],
    }
    change = {"field": "messages", "value": value}
    body = {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [change]}]}
    return json.dumps(body, ensure_ascii=False).encode()


async def replies_to(rig: Rig, wa_id: str) -> list[dict[str, Any]]:
    sent = await rig.control("GET", f"messages?to={wa_id}")
    return [m["body"] for m in sent if m["type"] != "mark_as_read"]


async def test_the_longest_text_and_name_are_answered_and_others_flow_on(
    rig: Rig, clock: FrozenClock, shopper: Shopper
) -> None:
    """WhatsApp allows 4,096 characters of text; a profile name has no documented limit."""
    ts = int(clock.now().timestamp())
    hostile = "79001110000"
    longest = envelope(hostile, "wamid.LONG", "ё" * 4096, ts, name="Я" * 600)
    assert await rig.post_webhook(longest) == 200
    too_long_id = envelope("7" * 40, "wamid.WIDE", "Привет", ts)  # kept as a dead letter
    assert await rig.post_webhook(too_long_id) == 200
    others = [f"7900222{i:04d}" for i in range(40)]
    for i, wa_id in enumerate(others):
        assert await rig.post_webhook(envelope(wa_id, f"wamid.O{i}", "Привет", ts)) == 200
    await shopper.settle()
    assert all([await replies_to(rig, wa_id) for wa_id in others])
    assert await replies_to(rig, hostile)
    async with rig.services.db.sessions() as session:
        chat = (await session.exec(select_model(ShopChat).where(ShopChat.wa_id == hostile))).one()
    assert chat.name == "Я" * 200


async def test_a_message_beside_a_malformed_one_is_answered(
    rig: Rig, clock: FrozenClock, shopper: Shopper
) -> None:
    body = json.loads(envelope(shopper.wa_id, "wamid.GOOD", "Привет", int(clock.now().timestamp())))
    messages = body["entry"][0]["changes"][0]["value"]["messages"]
    messages.insert(0, {"id": "wamid.BAD", "type": "text", "text": {"body": "x"}})
    assert await rig.post_webhook(json.dumps(body).encode()) == 200
    assert await shopper.settle()
    async with rig.services.db.transaction() as session:
        errors = (await run(session, select(DEAD.c.error))).scalars().all()
    assert errors == ["entry[0].changes[0].value.messages[0]: from is missing"]


async def test_a_message_that_keeps_failing_is_given_up_with_an_apology(
    rig: Rig, clock: FrozenClock, shopper: Shopper
) -> None:
    """After a bounded number of attempts the message is a dead letter the merchant sees,
    the shopper is told and offered the menu, and the chat goes on."""

    async def broken(session: Any, event: InboundEvent) -> None:
        if event.message.text is not None and event.message.text.body == "сломай":
            raise ValueError("cannot mix RUB and USD")

    rig.channel.handlers.inbound.insert(0, broken)
    replies = await shopper.text("сломай")  # settles, moving the clock past each retry
    for _ in range(MAX_ATTEMPTS):
        if replies:
            break
        replies = await shopper.settle()
    assert texts(replies) == [
        "Извините, не получилось обработать ваше сообщение. Попробуйте ещё раз или откройте меню."
    ]
    assert titles(replies) == ["Меню"]
    async with rig.services.db.transaction() as session:
        (letter,) = (await run(session, select(DEAD.c.error, DEAD.c.inbox_id))).all()
        item = (await run(session, select(INBOX).where(INBOX.c.id == letter.inbox_id))).one()
    assert item.kind == "message"
    assert item.processed_at is not None
    assert item.attempts == MAX_ATTEMPTS
    assert "cannot mix RUB and USD" in letter.error
    response = await rig.client.get("/api/inbox")  # what the merchant sees
    assert response.status == 200
    inbox = await response.json()
    assert (inbox["pending"], inbox["dead_letters"]) == (0, 1)
    assert inbox["letters"][0]["inbox_id"] == item.id
    assert "given up after" in inbox["letters"][0]["error"]
    page = await rig.client.get("/admin/inbox")
    assert page.status == 200
    assert "cannot mix RUB and USD" in await page.text()
    # The chat is not blocked: the menu button works and the next message is answered.
    assert "Каталог" in titles(await shopper.tap(replies, "Меню"))
    assert await shopper.text("Привет")


async def test_logs_carry_ids_and_error_kinds_never_texts_or_numbers(
    rig: Rig, clock: FrozenClock, shopper: Shopper, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    number, words = "79005550123", "мой адрес Тверская 1"

    async def leaky(session: Any, event: InboundEvent) -> None:
        if event.wa_id == number:  # an error whose text quotes the input, as pydantic's do
            InboundMessage.model_validate({"from": event.wa_id, "text": words})

    rig.channel.handlers.inbound.insert(0, leaky)
    ts = int(clock.now().timestamp())
    body = json.loads(envelope(number, "wamid.LEAK", words, ts))
    value = body["entry"][0]["changes"][0]["value"]
    value["messages"].append({"from": number, "id": "w" * 300, "timestamp": str(ts)})
    assert await rig.post_webhook(json.dumps(body, ensure_ascii=False).encode()) == 200
    for _ in range(MAX_ATTEMPTS + 1):
        await shopper.settle()
    assert await replies_to(rig, number)  # the apology
    ours = [r for r in caplog.records if r.name.startswith(("shop", "webhooks"))]
    assert any(r.name == "shop.whatsapp.inbox_worker" for r in ours)
    for record in ours:
        logged = logging.Formatter().format(record) + repr(record.__dict__)
        assert number not in logged, record.getMessage()
        assert words not in logged, record.getMessage()
