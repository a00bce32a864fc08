"""Webhook delivery like Meta's: signed POSTs, statuses batched, retries with backoff and a TTL."""

from __future__ import annotations

import asyncio
import heapq
import itertools
import json
import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import aiohttp

from sandbox.config import SandboxConfig
from sandbox.envelopes import signature, statuses
from sandbox.state import Behaviour
from sandbox.waiting import wait_set

log = logging.getLogger(__name__)
LOG_LIMIT = 20_000


@dataclass
class Delivery:
    """One webhook POST (the same body on every attempt) and its history."""

    id: int
    field_name: str
    payload: dict[str, Any]
    body: bytes
    created: float
    attempts: list[dict[str, Any]] = field(default_factory=list)
    state: str = "pending"
    final_status: int | None = None
    duplicate_of: int | None = None

    def view(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "field": self.field_name,
            "state": self.state,
            "final_status": self.final_status,
            "attempts": self.attempts,
            "duplicate_of": self.duplicate_of,
            "payload": self.payload,
        }


class DeliveryQueue:
    """Holds what is due to be POSTed to the service; `run()` is the background sender."""

    def __init__(
        self,
        config: SandboxConfig,
        behaviour: Callable[[], Behaviour],
        roll: Callable[[float], bool] = lambda ratio: False,
    ) -> None:
        self._config = config
        self._behaviour = behaviour
        self._roll = roll
        self._seq = itertools.count(1)
        self._ids = itertools.count(1)
        self._statuses: list[tuple[float, int, str, dict[str, Any]]] = []
        self._retries: list[tuple[float, int, Delivery]] = []
        self._ready: deque[Delivery] = deque()
        self._inflight: set[asyncio.Task[None]] = set()
        self._log: deque[Delivery] = deque(maxlen=LOG_LIMIT)
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()
        self.delivered = 0
        self.failed = 0
        self.running = False

    def post(self, field_name: str, payload: dict[str, Any]) -> Delivery:
        """Queue one webhook POST carrying `payload` as is."""
        delivery = self._new_delivery(field_name, payload)
        self._ready.append(delivery)
        self._changed()
        return delivery

    def add_status(self, phone_number_id: str, item: dict[str, Any], delay_s: float) -> None:
        """Queue one status; due statuses are batched into POSTs of `webhook_batch_max`."""
        due = asyncio.get_running_loop().time() + delay_s
        heapq.heappush(self._statuses, (due, next(self._seq), phone_number_id, item))
        self._changed()

    def history(self) -> list[dict[str, Any]]:
        return [delivery.view() for delivery in self._log]

    def forget(self) -> None:
        self._log.clear()
        self.delivered = self.failed = 0

    def counts(self) -> dict[str, int]:
        pending = len(self._statuses) + len(self._ready) + len(self._retries) + len(self._inflight)
        return {"delivered": self.delivered, "failed": self.failed, "pending": pending}

    async def flush(self, wait_s: float) -> dict[str, int]:
        """Wait until nothing is queued, retrying or in flight (or `wait_s` passes)."""
        await wait_set(self._idle, wait_s)
        return self.counts()

    async def run(self, session: aiohttp.ClientSession) -> None:
        self.running = True
        try:
            while True:
                self._wake.clear()
                delay = self._dispatch(session)
                await wait_set(self._wake, delay)
        finally:
            for task in list(self._inflight):
                task.cancel()
            await asyncio.gather(*self._inflight, return_exceptions=True)
            self.running = False

    def _new_delivery(self, field_name: str, payload: dict[str, Any]) -> Delivery:
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        now = asyncio.get_running_loop().time()
        delivery = Delivery(next(self._ids), field_name, payload, body, now)
        self._log.append(delivery)
        return delivery

    def _dispatch(self, session: aiohttp.ClientSession) -> float | None:
        """Start what is due; return the seconds until something else becomes due."""
        now = asyncio.get_running_loop().time()
        self._batch_due_statuses(now)
        while self._retries and self._retries[0][0] <= now:
            self._ready.append(heapq.heappop(self._retries)[2])
        concurrency = self._behaviour().webhook_concurrency
        while self._ready and len(self._inflight) < concurrency:
            task = asyncio.create_task(self._attempt(session, self._ready.popleft()))
            self._inflight.add(task)
        dues = [q[0][0] for q in (self._statuses, self._retries) if q]
        return max(0.0, min(dues) - now) if dues else None

    def _batch_due_statuses(self, now: float) -> None:
        due: dict[str, list[dict[str, Any]]] = {}
        while self._statuses and self._statuses[0][0] <= now:
            _, _, phone_number_id, item = heapq.heappop(self._statuses)
            due.setdefault(phone_number_id, []).append(item)
        size = self._behaviour().webhook_batch_max
        for phone_number_id, items in due.items():
            for start in range(0, len(items), size):
                payload = statuses(self._config, phone_number_id, items[start : start + size])
                self._ready.append(self._new_delivery("messages", payload))

    async def _attempt(self, session: aiohttp.ClientSession, delivery: Delivery) -> None:
        try:
            status, error = await self._send(session, delivery)
            delivery.attempts.append(
                {"at": datetime.now(UTC).isoformat(), "status": status, "error": error}
            )
            self._settle(delivery, status)
        finally:
            task = asyncio.current_task()
            if task is not None:
                self._inflight.discard(task)
            self._changed()

    async def _send(
        self, session: aiohttp.ClientSession, delivery: Delivery
    ) -> tuple[int | None, str | None]:
        behaviour = self._behaviour()
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "facebookexternalua",
            "X-Hub-Signature-256": signature(self._config.app_secret, delivery.body),
        }
        url = behaviour.webhook_url or self._config.webhook_url
        timeout = aiohttp.ClientTimeout(total=behaviour.webhook_timeout_s)
        try:
            async with session.post(
                url, data=delivery.body, headers=headers, timeout=timeout
            ) as response:
                await response.read()
                return response.status, None
        except TimeoutError:
            return None, "timeout"
        except (aiohttp.ClientError, OSError) as exc:
            return None, type(exc).__name__

    def _settle(self, delivery: Delivery, status: int | None) -> None:
        behaviour = self._behaviour()
        delivery.final_status = status
        if status == 200:
            delivery.state = "delivered"
            self.delivered += 1
            if delivery.duplicate_of is None and self._roll(behaviour.duplicate_post_ratio):
                # Meta re-sends a batch whose 200 it did not see: the same body again.
                self.post(delivery.field_name, delivery.payload).duplicate_of = delivery.id
            return
        now = asyncio.get_running_loop().time()
        tries = len(delivery.attempts)
        backoff = min(
            behaviour.webhook_backoff_s * 2 ** (tries - 1), behaviour.webhook_max_backoff_s
        )
        expired = now + backoff - delivery.created > behaviour.webhook_ttl_s
        if tries >= behaviour.webhook_max_attempts or expired:
            delivery.state = "failed"
            self.failed += 1
            log.info("webhook dropped delivery=%s attempts=%s", delivery.id, tries)
            return
        heapq.heappush(self._retries, (now + backoff, next(self._seq), delivery))

    def _changed(self) -> None:
        self._wake.set()
        busy = self._statuses or self._ready or self._retries or self._inflight
        if busy:
            self._idle.clear()
        else:
            self._idle.set()
