"""Faults queued through the control API hit the next `/messages` calls, one each."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from sandbox.app import create_sandbox_app
from tests.sandbox.conftest import (
    MESSAGES_PATH,
    TOKEN,
    control,
    flush,
    make_config,
    open_window,
    send,
    text_message,
)

TO = "79001234567"


@pytest.fixture
async def window(sandbox: Any) -> None:
    await open_window(sandbox, TO)


async def _send_with_timeout(sandbox: Any, seconds: float) -> None:
    await sandbox.post(
        MESSAGES_PATH,
        json=text_message(),
        headers=TOKEN,
        timeout=aiohttp.ClientTimeout(total=seconds),
    )


@pytest.mark.usefixtures("window")
async def test_faults_apply_one_per_call_in_order(sandbox: Any) -> None:
    await control(
        sandbox, "POST", "faults", {"next": [{"http_status": 500}, {"error_code": 130429}]}
    )
    first, second, third = [await send(sandbox, text_message()) for _ in range(3)]
    assert first[0] == 500
    assert first[1]["error"]["code"] == 131000
    assert second[0] == 429
    assert second[1]["error"]["code"] == 130429
    assert third[0] == 200
    assert len(await control(sandbox, "GET", "messages")) == 1


@pytest.mark.parametrize(
    ("code", "http_status"), [(131026, 400), (131016, 503), (190, 401), (131056, 429), (10, 403)]
)
@pytest.mark.usefixtures("window")
async def test_error_code_fault_answers_with_a_fitting_http_status(
    sandbox: Any, code: int, http_status: int
) -> None:
    await control(sandbox, "POST", "faults", {"next": [{"error_code": code}]})
    status, answer = await send(sandbox, text_message())
    assert (status, answer["error"]["code"]) == (http_status, code)
    assert answer["error"]["error_data"]["details"]


@pytest.mark.usefixtures("window")
async def test_http_status_fault_may_carry_a_code(sandbox: Any) -> None:
    await control(sandbox, "POST", "faults", {"next": [{"http_status": 502, "error_code": 2}]})
    status, answer = await send(sandbox, text_message())
    assert (status, answer["error"]["code"]) == (502, 2)


@pytest.mark.usefixtures("window")
async def test_delay_fault_answers_normally_after_the_delay(sandbox: Any) -> None:
    await control(sandbox, "POST", "faults", {"next": [{"delay_ms": 1500}]})
    with pytest.raises(TimeoutError):
        await _send_with_timeout(sandbox, 0.05)
    status, answer = await send(sandbox, text_message())
    assert status == 200
    assert answer["messages"][0]["id"].startswith("wamid.")


@pytest.mark.usefixtures("window")
async def test_timeout_fault_outlasts_the_client_and_accepts_nothing(sandbox: Any) -> None:
    await control(sandbox, "POST", "faults", {"next": [{"timeout": True}]})
    with pytest.raises(TimeoutError):
        await _send_with_timeout(sandbox, 0.2)
    await control(sandbox, "DELETE", "faults")
    assert await control(sandbox, "GET", "messages") == []
    assert (await send(sandbox, text_message()))[0] == 200


@pytest.mark.usefixtures("window")
async def test_held_request_is_answered_with_an_error_when_released(sandbox: Any) -> None:
    await control(sandbox, "POST", "faults", {"next": [{"timeout": True}]})
    pending = asyncio.create_task(send(sandbox, text_message()))
    for _ in range(200):
        if (await control(sandbox, "GET", "faults"))["held"] == 1:
            break
        await asyncio.sleep(0.01)
    cleared = await control(sandbox, "DELETE", "faults")
    assert cleared["next"] == []
    status, answer = await pending
    assert (status, answer["error"]["code"]) == (500, 131000)
    assert (await control(sandbox, "GET", "faults"))["held"] == 0


@pytest.mark.usefixtures("window")
async def test_standing_latency_delays_every_call_until_cleared(sandbox: Any) -> None:
    await control(sandbox, "POST", "faults", {"latency_ms": 1000})
    for _ in range(2):
        with pytest.raises(TimeoutError):
            await _send_with_timeout(sandbox, 0.05)
    assert (await control(sandbox, "GET", "faults"))["latency_ms"] == 1000
    await control(sandbox, "DELETE", "faults")
    assert (await send(sandbox, text_message()))[0] == 200


@pytest.mark.usefixtures("window")
async def test_fail_later_answers_200_then_delivers_a_failed_status(
    sandbox: Any, receiver: Any
) -> None:
    await control(sandbox, "POST", "faults", {"next": [{"fail_later": 131026}]})
    status, answer = await send(sandbox, text_message())
    assert status == 200
    wamid = answer["messages"][0]["id"]
    await flush(sandbox)
    [failed] = [s for s in receiver.statuses() if s["id"] == wamid]
    assert failed["status"] == "failed"
    assert failed["errors"][0]["code"] == 131026
    assert failed["errors"][0]["title"] == "Message Undeliverable"


@pytest.mark.parametrize(
    "body",
    [
        {"next": [{"explode": True}]},
        {"next": [{"timeout": 5}]},
        {"next": [{"http_status": "500"}]},
        {"next": {"http_status": 500}},
        {"latency_ms": -1},
    ],
)
async def test_malformed_faults_are_refused(sandbox: Any, body: Any) -> None:
    response = await sandbox.post("/control/faults", json=body)
    assert response.status == 400
    assert (await control(sandbox, "GET", "faults"))["next"] == []


async def test_shutdown_releases_held_requests(receiver: Any) -> None:
    client = TestClient(TestServer(create_sandbox_app(make_config(receiver.url))))
    await client.start_server()
    await control(client, "POST", "faults", {"next": [{"timeout": True}]})
    pending = asyncio.create_task(send(client, text_message()))
    for _ in range(200):
        if (await control(client, "GET", "faults"))["held"] == 1:
            break
        await asyncio.sleep(0.01)
    await client.server.close()
    status, answer = await pending
    assert (status, answer["error"]["code"]) == (500, 131000)
    await client.close()
