"""`GET/POST /webhooks/whatsapp` of the service: verify, sign, store, dedup, dead letters."""

from __future__ import annotations

import asyncio
import json

from sqlalchemy import func, select

from shop.storage.sql import run
from tests.whatsapp.rig import SECRET, VERIFY, Rig, payload
from webhooks.intake import sign
from webhooks.tables import WaDeadLetter, WaInbox, WaIntake

INBOX = WaInbox.__table__  # type: ignore[attr-defined]
DEAD = WaDeadLetter.__table__  # type: ignore[attr-defined]
INTAKE = WaIntake.__table__  # type: ignore[attr-defined]


async def count(rig: Rig, table: object) -> int:
    async with rig.services.db.transaction() as session:
        return int((await run(session, select(func.count()).select_from(table))).scalar_one())  # type: ignore[arg-type]


async def test_verification_echoes_the_challenge_when_the_token_matches(rig: Rig) -> None:
    query = {"hub.mode": "subscribe", "hub.verify_token": VERIFY, "hub.challenge": "1158201444"}
    response = await rig.client.get("/webhooks/whatsapp", params=query)
    assert response.status == 200
    assert await response.text() == "1158201444"


async def test_verification_with_a_wrong_token_or_mode_is_forbidden(rig: Rig) -> None:
    for query in (
        {"hub.mode": "subscribe", "hub.verify_token": "nope", "hub.challenge": "1"},
        {"hub.mode": "unsubscribe", "hub.verify_token": VERIFY, "hub.challenge": "1"},
        {},
    ):
        response = await rig.client.get("/webhooks/whatsapp", params=query)
        assert response.status == 403


async def test_a_signed_body_is_stored_before_the_200_and_split_by_the_worker(rig: Rig) -> None:
    assert await rig.post_webhook(payload("text.json")) == 200
    async with rig.services.db.transaction() as session:
        (kept,) = (await run(session, select(INTAKE.c.body))).scalars()
    assert bytes(kept) == payload("text.json")  # as it came, before any parsing
    assert await count(rig, INBOX) == 0
    assert await rig.split() == 1
    assert (await count(rig, INTAKE), await count(rig, INBOX)) == (0, 1)


async def test_bad_missing_or_tampered_signatures_are_401_and_store_nothing(rig: Rig) -> None:
    body = payload("text.json")
    assert await rig.post_webhook(body, secret="wrong") == 401
    missing = await rig.client.post("/webhooks/whatsapp", data=body)
    assert missing.status == 401
    tampered = await rig.client.post(
        "/webhooks/whatsapp",
        data=body.replace(b"wamid.TEXT1", b"wamid.EVIL1"),
        headers={"X-Hub-Signature-256": sign(SECRET.encode(), body)},
    )
    assert tampered.status == 401
    assert await count(rig, INTAKE) == 0
    assert await count(rig, INBOX) == 0
    assert await count(rig, DEAD) == 0


async def test_a_signed_unparseable_body_is_a_dead_letter_answered_200(rig: Rig) -> None:
    assert await rig.post_webhook(b'{"object": "whatsapp_business_account", "entry": 5}') == 200
    assert await rig.post_webhook(b"\x00not json at all\xff") == 200
    assert await rig.split() == 2
    assert await count(rig, INBOX) == 0
    async with rig.services.db.transaction() as session:
        letters = (await run(session, select(DEAD.c.body, DEAD.c.error))).all()
    assert len(letters) == 2
    assert '"entry": 5' in letters[0].body
    assert letters[0].error


async def test_duplicates_change_nothing(rig: Rig) -> None:
    body = payload("statuses_batch10.json")
    for _ in range(3):
        assert await rig.post_webhook(body) == 200
    assert await rig.post_webhook(payload("text.json")) == 200
    assert await rig.post_webhook(payload("text.json")) == 200
    assert await rig.split() == 5
    assert await count(rig, INBOX) == 11


async def test_concurrent_requests_are_committed_in_shared_batches(rig: Rig) -> None:
    bodies = [
        json.dumps(
            {
                "object": "whatsapp_business_account",
                "entry": [
                    {
                        "id": "1",
                        "changes": [
                            {
                                "field": "messages",
                                "value": {
                                    "statuses": [
                                        {
                                            "id": f"wamid.C{i}",
                                            "status": "sent",
                                            "timestamp": "1764000000",
                                            "recipient_id": "7999",
                                        }
                                    ]
                                },
                            }
                        ],
                    }
                ],
            }
        ).encode()
        for i in range(200)
    ]
    statuses = await asyncio.gather(*(rig.post_webhook(b) for b in bodies))
    assert set(statuses) == {200}
    assert await count(rig, INTAKE) == 200
    assert rig.channel.writer.batches < 200  # group commit: fewer transactions than requests
    await rig.split()
    assert await count(rig, INBOX) == 200


async def test_every_field_of_the_recorded_payloads_is_accepted(rig: Rig) -> None:
    from tests.whatsapp.rig import PAYLOADS

    for path in sorted(PAYLOADS.glob("*.json")):
        assert await rig.post_webhook(path.read_bytes()) == 200, path.name
    await rig.split()
    assert await count(rig, DEAD) == 0


async def test_dead_letters_and_the_backlog_are_visible_to_the_merchant(rig: Rig) -> None:
    from shop.whatsapp.inspect import dead_letters, inbox_health

    assert await rig.post_webhook(b"<html>not a webhook</html>") == 200
    assert await rig.post_webhook(payload("text.json")) == 200
    waiting = await inbox_health(rig.services.db)
    assert (waiting.unsplit, waiting.pending, waiting.dead_letters) == (2, 0, 0)
    assert waiting.oldest_pending is not None  # a body waiting to be split is pending work
    await rig.split()
    (letter,) = await dead_letters(rig.services.db)
    assert letter.body == "<html>not a webhook</html>"
    assert letter.error
    health = await inbox_health(rig.services.db)
    assert (health.unsplit, health.pending, health.failing, health.dead_letters) == (0, 1, 0, 1)
    assert health.oldest_pending is not None
    await rig.drain_inbox()
    assert (await inbox_health(rig.services.db)).pending == 0


async def test_when_the_inbox_cannot_commit_the_answer_is_not_200(rig: Rig) -> None:
    async def broken(*args: object) -> None:
        raise OSError("disk full")

    rig.channel.writer._commit = broken  # type: ignore[method-assign]
    assert await rig.post_webhook(payload("text.json")) == 500  # Meta will deliver it again
    assert await count(rig, INTAKE) == 0


async def test_the_merchant_sees_the_bodies_waiting_to_be_split(rig: Rig) -> None:
    for name in ("text.json", "statuses_batch10.json"):
        assert await rig.post_webhook(payload(name)) == 200
    inbox = await (await rig.client.get("/api/inbox")).json()
    assert (inbox["unsplit"], inbox["pending"]) == (2, 0)
    assert inbox["oldest_pending"] is not None
    page = await (await rig.client.get("/admin/inbox")).text()
    assert "уведомлений ждут разбора: <b>2</b>" in page
    await rig.split()
    inbox = await (await rig.client.get("/api/inbox")).json()
    assert (inbox["unsplit"], inbox["pending"]) == (0, 11)
    assert "ждут разбора" not in await (await rig.client.get("/admin/inbox")).text()
