"""Failures on the message path log ids and error kinds: no phone, no text, no token, no payload."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import insert

from shop.clock import utcnow
from shop.logs import configure_logging
from shop.storage.sql import run
from shop.whatsapp.outbox import OUTBOX
from shop.worker import Job, Worker
from tests.whatsapp.rig import Rig
from tests.whatsapp.test_sender import open_window, queue_text
from webhooks.whatsapp_models import Status

PHONE = "79161234567"
TEXT = "Мой адрес: Тверская 7, квартира 12, позвоните после шести"
TOKEN = "EAAGsecretaccesstoken0123456789"


@pytest.fixture(params=["text", "json"])
def captured(request: pytest.FixtureRequest) -> Iterator[io.StringIO]:
    """The service's own log configuration, writing to a buffer for the test's length."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    configure_logging("INFO", request.param)
    buffer = io.StringIO()
    handler = root.handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(buffer)
    try:
        yield buffer
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


def assert_private(log: str) -> None:
    assert PHONE not in log
    assert PHONE[1:] not in log  # nor without its country code
    assert "Тверская" not in log
    assert "квартира" not in log
    assert TOKEN not in log
    assert len(log) < 12_000, len(log)


def envelope(messages: list[dict[str, Any]]) -> bytes:
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "79000000000", "phone_number_id": "1"},
        "contacts": [{"profile": {"name": "Анна"}, "wa_id": PHONE}],
        "messages": messages,
    }
    entry = {"id": "1", "changes": [{"field": "messages", "value": value}]}
    return json.dumps({"object": "whatsapp_business_account", "entry": [entry]}).encode()


async def test_a_malformed_webhook_part_and_failing_sends_log_no_phone_or_text(
    rig: Rig, captured: io.StringIO
) -> None:
    ts = str(int(utcnow().timestamp()))
    good = {"from": PHONE, "id": "wamid.GOOD", "timestamp": ts, "type": "text"}
    good["text"] = {"body": TEXT}
    bad = {"from": PHONE, "id": "wamid.BAD", "timestamp": ts, "type": "text", "text": TEXT}
    bad_status = {"id": "wamid.X", "status": {"nested": TEXT}, "recipient_id": PHONE}
    body = envelope([good, bad])
    assert await rig.post_webhook(body) == 200
    status_body = json.loads(body)
    status_body["entry"][0]["changes"][0]["value"] = {"statuses": [bad_status]}
    assert await rig.post_webhook(json.dumps(status_body).encode()) == 200
    await rig.drain_inbox()
    await open_window(rig, PHONE)
    await queue_text(rig, body=TEXT, to=PHONE)
    await queue_text(rig, body=TEXT, to=PHONE)
    await rig.control("POST", "faults", {"next": [{"http_status": 500}]})
    await rig.channel.sender.run_once()
    await rig.control("POST", "faults", {"next": [{"error_code": 131026}]})
    await rig.channel.sender.run_once()
    log = captured.getvalue()
    assert "send will be retried" in log
    assert_private(log)


async def _failing_statement(rig: Rig) -> int:
    row = {
        "id": 1,
        "recipient": PHONE,
        "kind": "text",
        "category": "service",
        "body": json.dumps({"to": PHONE, "text": {"body": TEXT}}, ensure_ascii=False),
        "state": "pending",
        "attempts": 0,
        "created_at": utcnow(),
        "next_attempt_at": utcnow(),
    }
    async with rig.services.db.transaction() as session:
        await run(session, insert(OUTBOX), [row, row])  # the same primary key twice
    return 1


async def _invalid_input(rig: Rig) -> int:
    Status.model_validate({"id": "wamid.X", "recipient_id": PHONE, "status": {"text": TEXT}})
    return 1


async def _token_in_url(rig: Rig) -> int:
    url = str(rig.sandbox.make_url(f"/graph/nowhere?access_token={TOKEN}&to={PHONE}"))
    async with httpx.AsyncClient() as client:
        (await client.get(url)).raise_for_status()
    return 1


FAILURES: list[Callable[[Rig], Awaitable[int]]] = [
    _failing_statement,
    _invalid_input,
    _token_in_url,
]


async def test_a_failing_statement_invalid_input_and_a_failed_request_log_kinds_not_values(
    rig: Rig, captured: io.StringIO
) -> None:
    ran = asyncio.Event()
    runs: list[str] = []

    def job(failure: Callable[[Rig], Awaitable[int]]) -> Job:
        async def once() -> int:
            runs.append(failure.__name__)
            if len(set(runs)) == len(FAILURES):
                ran.set()
            return await failure(rig)

        return Job(failure.__name__, once, interval=60)

    worker = Worker([job(failure) for failure in FAILURES])
    worker.start()
    await asyncio.wait_for(ran.wait(), 30)
    await asyncio.sleep(0.1)  # the last failure is logged after its run
    await worker.stop()
    log = captured.getvalue()
    assert log.count("job failed") == len(FAILURES)
    for kind in ("IntegrityError", "ValidationError", "HTTPStatusError"):
        assert kind in log
    assert "_failing_statement" in log  # where it failed stays visible
    assert_private(log)
