"""A background loop of the fakes stops when cancelled, even as it is being woken."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest

from sandbox.delivery import DeliveryQueue
from sandbox.state import Behaviour
from sandbox.waiting import wait_set
from tests.sandbox.conftest import make_config


async def _settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_wait_set_tells_a_set_event_from_a_timeout() -> None:
    event = asyncio.Event()
    assert await wait_set(event, 0.01) is False
    event.set()
    assert await wait_set(event, 0.01) is True
    assert await wait_set(event, None) is True


async def test_a_cancel_in_the_turn_the_event_is_set_is_not_lost() -> None:
    event = asyncio.Event()
    waiting = asyncio.create_task(wait_set(event, 60))
    await _settle()
    event.set()
    waiting.cancel()
    await _settle()
    assert waiting.cancelled()


async def test_the_webhook_sender_stops_when_cancelled_as_it_is_woken() -> None:
    """The sandbox's shutdown cancels this loop; a lost cancel would leave it waiting for ever."""
    queue = DeliveryQueue(make_config("http://127.0.0.1:9/none"), lambda: Behaviour())
    async with aiohttp.ClientSession() as session:
        queue.add_status("1", {"id": "x"}, delay_s=60)  # the loop waits at most 60 s
        running = asyncio.create_task(queue.run(session))
        await _settle()
        queue.add_status("1", {"id": "y"}, delay_s=60)  # wakes the loop; nothing is due
        running.cancel()
        await _settle()
        assert running.cancelled()
        with pytest.raises(asyncio.CancelledError):
            await running
    assert queue.running is False
