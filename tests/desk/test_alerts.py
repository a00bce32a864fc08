"""Telegram alerts against a local fake of the Bot API: a chat that starts waiting and a new
order are each told once; the first run after switching on tells no history."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from shop.clock import FrozenClock
from shop.desk.alerts import JOB
from tests.chat.chat import Shopper
from tests.whatsapp.rig import Rig, start_rig

TOKEN = "123456:test-bot-token"


@pytest.fixture
async def telegram(aiohttp_server: Any) -> tuple[TestServer, list[dict[str, Any]]]:
    sent: list[dict[str, Any]] = []

    async def send_message(request: web.Request) -> web.Response:
        assert request.match_info["token"] == TOKEN
        sent.append(await request.json())
        return web.json_response({"ok": True, "result": {"message_id": len(sent)}})

    app = web.Application()
    app.router.add_post("/bot{token}/sendMessage", send_message)
    return await aiohttp_server(app), sent


async def test_a_waiting_chat_is_told_to_the_staffs_telegram_once(
    aiohttp_client: Any,
    database_url: str,
    unused_tcp_port: int,
    clock: FrozenClock,
    telegram: tuple[TestServer, list[dict[str, Any]]],
) -> None:
    server, sent = telegram
    rig: Rig = await start_rig(
        aiohttp_client,
        database_url,
        unused_tcp_port,
        clock=clock,
        telegram_bot_token=TOKEN,
        telegram_chat_id="-1001",
        telegram_api_url=str(server.make_url("")),
    )
    (job,) = [j for j in rig.services.jobs if j.name == JOB]
    shopper = Shopper(rig, clock)
    await shopper.text("привет")
    await shopper.text("оператор")
    assert await job.run_once() == 0  # switched on now: no history
    await shopper.text("меню")
    await shopper.text("оператор")
    assert await job.run_once() == 1
    assert await job.run_once() == 0
    assert [m["chat_id"] for m in sent] == ["-1001"]
    assert "+79001234567 ждёт оператора" in sent[0]["text"]
    assert sent[0]["text"].endswith("/admin/chats")


async def test_without_a_token_there_is_no_alerts_job(rig: Rig) -> None:
    assert JOB not in {job.name for job in rig.services.jobs}
