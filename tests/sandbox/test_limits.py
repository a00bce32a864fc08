"""Throughput (130429) and pair rate (131056), measured on the sandbox clock (frozen here)."""

from __future__ import annotations

from typing import Any

from tests.sandbox.conftest import control, open_window, send, text_message


async def _frozen(sandbox: Any, **config: Any) -> None:
    await control(sandbox, "POST", "clock", {"frozen": True})
    await control(sandbox, "POST", "config", config)


async def test_sends_over_messages_per_second_get_130429_until_time_passes(sandbox: Any) -> None:
    recipients = [f"7900000000{n}" for n in range(4)]
    for wa_id in recipients:
        await open_window(sandbox, wa_id)
    await _frozen(sandbox, messages_per_second=3)
    answers = [await send(sandbox, text_message(to=wa_id)) for wa_id in recipients]
    assert [status for status, _ in answers] == [200, 200, 200, 429]
    assert answers[-1][1]["error"]["code"] == 130429
    assert len(await control(sandbox, "GET", "messages")) == 3
    await control(sandbox, "POST", "clock", {"advance_seconds": 1})
    assert (await send(sandbox, text_message(to=recipients[-1])))[0] == 200


async def test_pair_rate_burst_then_131056_for_that_recipient_only(sandbox: Any) -> None:
    await open_window(sandbox, "79001111111")
    await open_window(sandbox, "79002222222")
    await _frozen(sandbox, messages_per_second=1000, pair_rate_burst=3, pair_rate_window_s=6)
    first = [await send(sandbox, text_message(to="79001111111")) for _ in range(4)]
    assert [status for status, _ in first] == [200, 200, 200, 429]
    assert first[-1][1]["error"]["code"] == 131056
    assert (await send(sandbox, text_message(to="79002222222")))[0] == 200
    await control(sandbox, "POST", "clock", {"advance_seconds": 6})
    assert (await send(sandbox, text_message(to="79001111111")))[0] == 200


async def test_refused_sends_do_not_count_against_the_pair_rate(sandbox: Any) -> None:
    await open_window(sandbox, "79001111111")
    await _frozen(sandbox, messages_per_second=1000, pair_rate_burst=1)
    assert (await send(sandbox, {**text_message(), "to": "79001111111", "text": {}}))[0] == 400
    assert (await send(sandbox, text_message(to="79001111111")))[0] == 200


async def test_stats_count_accepted_and_refused_sends_and_the_busiest_second(
    sandbox: Any,
) -> None:
    recipients = [f"7900000000{n}" for n in range(4)]
    for wa_id in recipients:
        await open_window(sandbox, wa_id)
    await _frozen(sandbox, messages_per_second=2)
    for wa_id in recipients:
        await send(sandbox, text_message(to=wa_id))
    await send(sandbox, {**text_message(), "text": {}})
    await control(sandbox, "POST", "clock", {"advance_seconds": 1})
    assert (await send(sandbox, text_message(to=recipients[0])))[0] == 200
    stats = await control(sandbox, "GET", "stats")
    assert stats == {
        "accepted": 3,
        "refused": {"130429": 2, "131008": 1},
        "max_accepted_in_any_second": 2,
    }
    await control(sandbox, "DELETE", "messages")
    assert (await control(sandbox, "GET", "stats"))["accepted"] == 0
