"""Injected faults for `/messages`: queued one-shot faults, standing latency, held requests."""

from __future__ import annotations

import asyncio
from collections import deque
from typing import Any

from sandbox.waiting import wait_set

KINDS = {"http_status", "error_code", "timeout", "delay_ms", "fail_later"}


def parse_faults(raw: Any) -> list[dict[str, Any]]:
    """Check a `next` list of faults; raises ValueError naming the bad entry."""
    if not isinstance(raw, list):
        raise ValueError("next must be a list of faults")
    for n, fault in enumerate(raw):
        if not isinstance(fault, dict) or not fault or not set(fault) <= KINDS:
            raise ValueError(f"next[{n}] must be an object with one of {sorted(KINDS)}")
        for key, value in fault.items():
            if key == "timeout":
                ok = value is True
            else:
                ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
            if not ok:
                raise ValueError(f"next[{n}].{key} has a bad value")
    return list(raw)


class Faults:
    """What the next `/messages` calls will suffer."""

    def __init__(self) -> None:
        self.queue: deque[dict[str, Any]] = deque()
        self.latency_ms = 0
        self._release = asyncio.Event()
        self.held = 0
        self.in_flight = 0  # `/messages` calls being answered now (a crash test kills mid-send)
        self._answering: set[asyncio.Task[Any]] = set()

    def keep(self, task: asyncio.Task[Any]) -> None:
        """Hold a reference to an answer that must finish even if its caller left."""
        self._answering.add(task)
        task.add_done_callback(self._answering.discard)

    def add(self, faults: list[dict[str, Any]]) -> None:
        self.queue.extend(faults)

    def take(self) -> dict[str, Any]:
        return self.queue.popleft() if self.queue else {}

    def clear(self) -> None:
        """Forget queued faults and latency, and let go of every held request."""
        self.queue.clear()
        self.latency_ms = 0
        self.release_held()

    def release_held(self) -> None:
        self._release.set()
        self._release = asyncio.Event()

    def view(self) -> dict[str, Any]:
        return {
            "next": list(self.queue),
            "latency_ms": self.latency_ms,
            "held": self.held,
            "in_flight": self.in_flight,
        }

    async def hold(self, seconds: float) -> None:
        """Keep a request waiting, as a dead upstream would, until released or `seconds` pass."""
        release = self._release
        self.held += 1
        try:
            await wait_set(release, seconds)
        finally:
            self.held -= 1
