"""Hostile or odd signed bodies: each is stored (or refused) alone, never failing others."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import select

from shop.storage.sql import run
from tests.webhooks.test_intake_http import DEAD, INBOX, INTAKE, count
from tests.whatsapp.rig import SECRET, Rig, payload, start_rig
from webhooks.intake import sign


def text_envelope(i: int, *, wamid: str | None = None) -> bytes:
    body = json.loads(payload("text.json"))
    message = body["entry"][0]["changes"][0]["value"]["messages"][0]
    message["id"] = wamid or f"wamid.G{i}"
    message["from"] = f"7999{i:07d}"
    return json.dumps(body).encode()


async def stored_keys(rig: Rig) -> set[str]:
    async with rig.services.db.transaction() as session:
        return set((await run(session, select(INBOX.c.dedup_key))).scalars())


async def test_an_unstorable_item_beside_fifty_good_webhooks_fails_none_of_them(rig: Rig) -> None:
    bodies = [text_envelope(i) for i in range(50)]
    bodies.insert(25, text_envelope(99, wamid="wamid." + "x" * 300))  # wider than its column
    statuses = await asyncio.gather(*(rig.post_webhook(b) for b in bodies))
    assert set(statuses) == {200}
    await rig.split()
    assert await stored_keys(rig) == {f"m:wamid.G{i}" for i in range(50)}
    assert await count(rig, DEAD) == 1


async def test_rows_the_database_refuses_fall_back_to_a_dead_letter_alone(
    rig: Rig, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The splitter's backstop: a body whose rows fail even alone is kept whole as a dead
    letter, and the bodies split in the same transaction are stored."""
    from tests.webhooks.test_splitter import refuse_row

    refuse_row(monkeypatch, "m:wamid.G7")
    bodies = [text_envelope(i) for i in range(20)]
    assert set(await asyncio.gather(*(rig.post_webhook(b) for b in bodies))) == {200}
    assert await rig.split() == 20
    assert await stored_keys(rig) == {f"m:wamid.G{i}" for i in range(20)} - {"m:wamid.G7"}
    async with rig.services.db.transaction() as session:
        (letter,) = (await run(session, select(DEAD.c.body, DEAD.c.error))).all()
    assert letter.body == bodies[7].decode()  # the whole body, as it came
    assert letter.error == "the items could not be stored"
    assert await count(rig, INTAKE) == 0


async def test_json_nested_too_deep_is_a_dead_letter_answered_200(rig: Rig) -> None:
    for body in (
        b"[" * 1100 + b"]" * 1100,
        b'{"object":"x","entry":' + b"[" * 1100 + b"]" * 1100 + b"}",
    ):
        assert await rig.post_webhook(body) == 200
    await rig.split()
    assert await count(rig, DEAD) == 2
    assert await count(rig, INBOX) == 0


async def test_a_good_message_beside_a_malformed_one_is_stored_and_the_other_kept(
    rig: Rig,
) -> None:
    body = json.loads(payload("text.json"))
    value = body["entry"][0]["changes"][0]["value"]
    value["messages"].insert(0, {"id": "wamid.BROKEN", "type": "text"})  # no sender
    assert await rig.post_webhook(json.dumps(body).encode()) == 200
    await rig.split()
    assert await stored_keys(rig) == {"m:wamid.TEXT1"}
    async with rig.services.db.transaction() as session:
        (letter,) = (await run(session, select(DEAD.c.body, DEAD.c.error))).all()
    assert json.loads(letter.body) == {"id": "wamid.BROKEN", "type": "text"}
    assert letter.error == "entry[0].changes[0].value.messages[0]: from is missing"


LIMIT = 64 * 1024


@pytest.fixture
async def capped(aiohttp_client: Any, database_url: str, unused_tcp_port: int) -> Rig:
    return await start_rig(
        aiohttp_client, database_url, unused_tcp_port, isolated=True, webhook_max_body_bytes=LIMIT
    )


async def test_a_body_over_the_limit_is_refused_by_its_length_unread(capped: Rig) -> None:
    rig = capped
    assert rig.channel.intake.max_body == LIMIT
    body = b" " * (LIMIT + 1)
    response = await rig.client.post(
        "/webhooks/whatsapp",
        data=io.BytesIO(body),
        headers={"X-Hub-Signature-256": sign(SECRET.encode(), body)},
    )
    assert response.status == 413
    assert await count(rig, INTAKE) + await count(rig, INBOX) + await count(rig, DEAD) == 0
    # A body at the limit is read and checked as usual.
    filled = payload("text.json")
    assert await rig.post_webhook(filled + b" " * (LIMIT - len(filled))) == 200


async def test_an_endless_chunked_body_is_refused_after_the_limit(capped: Rig) -> None:
    """A body without a length is refused once it passes the limit: the client's body then
    stalls for ever, so a server that kept reading would never answer."""
    never = asyncio.Event()

    async def endless() -> AsyncIterator[bytes]:
        for _ in range(2 * LIMIT // 4096):
            yield b" " * 4096
        await never.wait()
        yield b""

    async with asyncio.timeout(120):  # a guard against hanging on a regression, not a measure
        response = await capped.client.post(
            "/webhooks/whatsapp", data=endless(), headers={"X-Hub-Signature-256": "sha256=00"}
        )
    assert response.status == 413
    assert await count(capped, INBOX) + await count(capped, DEAD) == 0
