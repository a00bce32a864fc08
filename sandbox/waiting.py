"""Waiting for an event with a time limit, without losing a cancellation.

Python 3.11's `asyncio.wait_for` runs the wait in a task of its own; when that task finishes
in the same turn of the loop as the caller is cancelled, it returns the result and the
cancellation is lost (fixed in 3.12). A loop around it then waits again, and a shutdown
that cancelled it hangs. `asyncio.timeout` waits in the caller's own task, so a cancellation
always arrives.
"""

from __future__ import annotations

import asyncio


async def wait_set(event: asyncio.Event, seconds: float | None) -> bool:
    """Wait until `event` is set (True) or `seconds` pass (False; None waits for ever)."""
    try:
        async with asyncio.timeout(seconds):
            await event.wait()
    except TimeoutError:
        return False
    return True
